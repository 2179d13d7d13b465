"""A backup brings every event, registration, attendance and document number back.

PostgreSQL: pg_dump -Fc of the test database, pg_restore into a fresh one, and the
keys compared (README, "Backups"). SQLite: manage.py backup_sqlite.
"""

import os
import shutil
import sqlite3
import stat
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import Event
from participants.models import Attendance, Registration
from reports.models import DocumentNumber
from reports.tests.factories import DocumentNumberFactory, fill_event

# What must come back, each as the keys a person would look it up by.
KEYS = {
    Event: "SELECT slug FROM {table}",
    Registration: "SELECT code, nik, full_name, status FROM {table}",
    Attendance: (
        "SELECT r.code, a.day FROM {table} a JOIN "
        f"{Registration._meta.db_table} r ON r.id = a.registration_id"
    ),
    DocumentNumber: "SELECT number, office_id, year, running_number FROM {table}",
}


def keys_in(cursor) -> dict[str, set[tuple]]:
    found = {}
    for model, sql in KEYS.items():
        cursor.execute(sql.format(table=model._meta.db_table))
        found[model.__name__] = {tuple(str(value) for value in row) for row in cursor.fetchall()}
    return found


def fill(tebo_event) -> None:
    fill_event(tebo_event)
    office = tebo_event.organiser
    for running in (1, 2, 3):
        DocumentNumberFactory(office=office, running_number=running, event=tebo_event)


# --- PostgreSQL ----------------------------------------------------------------


def postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install postgresql-client)")
    return path


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL")
@pytest.mark.django_db(transaction=True)  # committed, so pg_dump in another process sees it
def test_pg_dump_and_pg_restore_bring_back_every_key(tebo_event, tmp_path):
    pg_dump, pg_restore = postgres_tool("pg_dump"), postgres_tool("pg_restore")
    fill(tebo_event)
    with connection.cursor() as cursor:
        before = keys_in(cursor)
    assert len(before["Registration"]) == 177 and len(before["Attendance"]) > 177

    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    common = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432)]
    common += ["--username", db["USER"] or "postgres"]
    dump = tmp_path / "bimtek.dump"
    subprocess.run(
        [pg_dump, *common, "--format=custom", "--file", str(dump), db["NAME"]],
        env=env,
        check=True,
        timeout=300,
    )
    restored = f"{db['NAME']}_restored"
    with connection.cursor() as cursor:  # autocommit: CREATE DATABASE runs outside a transaction
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            [pg_restore, *common, "--no-owner", "--exit-on-error", "--dbname", restored, str(dump)],
            env=env,
            check=True,
            timeout=300,
        )
        import psycopg2

        with psycopg2.connect(
            dbname=restored,
            host=common[1],
            port=common[3],
            user=common[5],
            password=db.get("PASSWORD") or None,
        ) as other:
            with other.cursor() as cursor:
                after = keys_in(cursor)
        other.close()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
    assert after == before


# --- SQLite ------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="backup_sqlite is for SQLite")
@pytest.mark.django_db(transaction=True)  # as in production: no transaction held open
def test_backup_sqlite_copies_every_key_to_a_file_only_its_owner_reads(tebo_event, tmp_path):
    fill(tebo_event)
    with connection.cursor() as cursor:
        before = keys_in(cursor)
    target = tmp_path / "backups" / "bimtek.sqlite3"
    out = StringIO()
    old_umask = os.umask(0)
    try:
        call_command("backup_sqlite", str(target), stdout=out)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    copy = sqlite3.connect(target)
    try:
        after = keys_in(copy.cursor())
    finally:
        copy.close()
    assert after == before and len(after["Registration"]) == 177
    assert list(target.parent.iterdir()) == [target]
    assert f"to {target}" in out.getvalue()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the refusal is for other databases")
@pytest.mark.django_db
def test_backup_sqlite_refuses_another_database(tmp_path):
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup_sqlite", str(tmp_path / "x.sqlite3"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="backup_sqlite is for SQLite")
@pytest.mark.django_db
def test_backup_sqlite_refuses_to_wait_inside_a_transaction(tmp_path):
    # Inside the test's transaction (as inside any open write) SQLite's backup would
    # wait for the write to end, forever: the command says so instead.
    with pytest.raises(CommandError, match="outside a transaction"):
        call_command("backup_sqlite", str(tmp_path / "x.sqlite3"))
