"""Processes for the fault tests (bimtek_portal/tests/test_faults.py): a redis-server and a
PostgreSQL cluster of the test's own, on free ports of its own, so a fault injected into
them (stopped, frozen with SIGSTOP) touches nobody else; and a small HTTP client that
times every answer.

Everything here stops only what it started, by the process id it got when starting it.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

# Ports this project's developers may use for servers of their own.
PORTS = range(8151, 8160)


def free_port(taken: set[int] = frozenset()) -> int:
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def wait_for_port(port: int, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing answers on {port} after {seconds} s")


class RedisServer:
    """A redis-server of the test's own: no persistence, stopped and started at will."""

    def __init__(self, port: int, folder: Path):
        self.port, self.folder = port, folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        log = (self.folder / "redis.log").open("a")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen one must be able to exit
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


class PostgresCluster:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl) in a temporary folder, on its own
    port: the shared server on 5432 is never stopped or frozen."""

    def __init__(self, port: int, folder: Path):
        self.port, self.folder, self.bin = port, folder, postgres_bin()
        self.data = folder / "pgdata"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/bimtek_faults"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        if not self.data.exists():
            subprocess.run(
                _as_postgres(
                    [
                        str(self.bin / "initdb"),
                        "-D",
                        str(self.data),
                        "-A",
                        "trust",
                        "-U",
                        "postgres",
                        "--no-sync",
                    ]
                ),
                check=True,
                capture_output=True,
                timeout=120,
            )
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} -c fsync=off"
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-l",
                    str(self.folder / "postgres.log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def create_database(self) -> None:
        import psycopg2

        admin = psycopg2.connect(f"postgres://postgres@127.0.0.1:{self.port}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("CREATE DATABASE bimtek_faults")
        admin.close()

    def pids(self) -> list[int]:
        """The postmaster and every process it started (backends, checkpointer, ...)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        return [postmaster, *children_of(postmaster)]

    def freeze(self) -> list[int]:
        frozen = self.pids()
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        return frozen

    @staticmethod
    def thaw(pids: list[int]) -> None:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        if not (self.data / "postmaster.pid").exists():
            return
        self.thaw(self.pids())
        subprocess.run(
            _as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            timeout=60,
        )


def children_of(pid: int) -> list[int]:
    """Every descendant of `pid`, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# --- HTTP, timed -----------------------------------------------------------------------------

INPUT = re.compile(r"<input\b[^>]*>", re.I)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
VILLAGE_SELECT = re.compile(r'<select\b[^>]*name="village"[^>]*>(.*?)</select>', re.S | re.I)
OPTION = re.compile(r"<option\b([^>]*)>", re.I)


@dataclass
class Answer:
    status: int  # 0: no answer (connection closed, refused or timed out)
    seconds: float
    location: str = ""
    cookies: dict = field(default_factory=dict)
    body: str = ""
    error: str = ""


def request(port, method, path, *, cookies=None, form=None, timeout=60) -> Answer:
    started = time.monotonic()
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as error:
        return Answer(0, time.monotonic() - started, error=repr(error))
    finally:
        connection.close()
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    return Answer(
        response.status,
        time.monotonic() - started,
        response.getheader("Location") or "",
        cookies,
        text,
    )


def hidden_fields(page: str) -> dict[str, str]:
    fields = {}
    for tag in INPUT.findall(page):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[attrs["name"]] = attrs.get("value", "")
    return fields


def free_villages(page: str) -> list[str]:
    match = VILLAGE_SELECT.search(page)
    if not match:
        return []
    free = []
    for attrs in OPTION.findall(match.group(1)):
        values = dict(ATTR.findall(attrs))
        if values.get("value") and "disabled" not in attrs:
            free.append(values["value"])
    return free
