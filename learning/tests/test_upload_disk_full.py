"""A disk that fills up during a material upload (issue #18): the admin's form answers with
an Indonesian message, no Material row is written and no file, whole or partial, is left.

The disk is a tmpfs too small for the file when one can be mounted (root in a container);
elsewhere a storage stub writes part of the file and then raises OSError(ENOSPC), as a
full disk does.
"""

import errno
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.tests.factories import EventFactory
from learning.models import Material

pytestmark = pytest.mark.django_db

DISK_BYTES = 64 * 1024
FILE_BYTES = 200 * 1024


class FormFields(HTMLParser):
    """The values a browser would send for the admin's change form, as they are shown."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value") or (
                "on" if attrs.get("type") == "checkbox" else ""
            )
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


@pytest.fixture
def small_disk(settings, tmp_path, monkeypatch):
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(folder)],
            capture_output=True,
        ).returncode
        == 0
    )
    if not mounted:
        write = FileSystemStorage._save

        def full_half_way(storage, name, content):
            content.seek(0)
            half = SimpleUploadedFile("part", content.read()[: FILE_BYTES // 2])
            write(storage, name, half)
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(FileSystemStorage, "_save", full_half_way)
    settings.BIMTEK_PRIVATE_MEDIA_ROOT = folder
    yield folder
    if mounted:
        subprocess.run(["umount", str(folder)], check=True)


def _every_file(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_a_disk_full_during_an_upload_answers_the_form_and_leaves_no_file(admin_client, small_disk):
    event = EventFactory()
    url = reverse("admin:events_event_change", args=[event.pk])
    fields = FormFields()
    fields.feed(admin_client.get(url).content.decode())
    data = {key: value for key, value in fields.data.items() if "__prefix__" not in key}
    data.update(
        {
            "materials-TOTAL_FORMS": "1",
            "materials-0-order": "1",
            "materials-0-title": "Materi Partisipasi Masyarakat",
            "materials-0-file": SimpleUploadedFile(
                "materi.pdf", b"%PDF-1.4\n" + b"0" * FILE_BYTES, content_type="application/pdf"
            ),
            "_continue": "1",
        }
    )

    response = admin_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "Tidak ada yang tersimpan: disk server penuh." in response.content.decode()
    assert not Material.objects.exists()
    assert _every_file(small_disk) == []
