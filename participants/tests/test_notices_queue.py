"""Notices go through the task queue (issue #18): a mail server that never answers holds
neither the registration's answer nor a web worker; the notice goes out, once, when the
server answers again.

The mail server is a local sink on a port of ours: first it accepts connections and says
nothing (a hung server), then it speaks just enough SMTP to take a message.
"""

import socket
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bimtek_portal.testing.faults import free_port
from participants.models import Notice
from participants.tests.factories import build_world
from participants.tests.test_notices import _register


class SmtpSink(threading.Thread):
    """Silent until `answering` is set; then a minimal SMTP server that keeps each message."""

    def __init__(self):
        super().__init__(daemon=True)
        self.port = free_port()
        self.server = socket.create_server(("127.0.0.1", self.port))
        self.answering = threading.Event()
        self.messages: list[str] = []
        self.held: list[socket.socket] = []
        self.connections = 0

    def run(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            if not self.answering.is_set():
                self.held.append(client)  # hung: never a word
                continue
            threading.Thread(target=self._talk, args=(client,), daemon=True).start()

    def _talk(self, client):
        with client, client.makefile("rwb") as stream:

            def say(line):
                stream.write(line.encode() + b"\r\n")
                stream.flush()

            say("220 sink ESMTP")
            data = None
            for raw in stream:
                line = raw.decode().rstrip("\r\n")
                if data is not None:
                    if line == ".":
                        self.messages.append("\n".join(data))
                        data = None
                        say("250 kept")
                    else:
                        data.append(line)
                elif line.upper().startswith(("EHLO", "HELO")):
                    say("250 sink")
                elif line.upper() == "DATA":
                    data = []
                    say("354 go on")
                elif line.upper() == "QUIT":
                    say("221 bye")
                    return
                else:
                    say("250 ok")

    def close(self):
        self.server.close()
        for client in self.held:
            client.close()


@pytest.fixture
def sink(settings):
    sink = SmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 3
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield sink
    sink.close()


def _run_the_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")


@pytest.mark.django_db(transaction=True)
def test_a_hung_mail_server_neither_holds_the_registration_nor_loses_its_notice(sink):
    registration = _register(build_world(), email="siti@example.id")
    # Answered before the mail server was even called: it cannot have waited for it (the
    # old code sent inside the request's on_commit and held it for EMAIL_TIMEOUT or more).
    assert sink.connections == 0
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    _run_the_queue()  # the server says nothing: given up after EMAIL_TIMEOUT, queued again
    assert not Notice.objects.exists() and sink.messages == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2

    sink.answering.set()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    _run_the_queue()

    notice = Notice.objects.get()
    assert (notice.registration, notice.kind) == (registration, Notice.Kind.CONFIRMATION)
    assert len(sink.messages) == 1 and "siti@example.id" in sink.messages[0]

    # The same notice queued again (a retry that crossed a success): not sent twice.
    from participants.tasks import notice_enqueue

    notice_enqueue(registration_id=registration.pk, kind=Notice.Kind.CONFIRMATION)
    _run_the_queue()
    assert len(sink.messages) == 1 and Notice.objects.count() == 1
