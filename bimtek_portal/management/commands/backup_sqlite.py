"""Copies the SQLite database to one file while the portal keeps running.

manage.py backup_sqlite var/backups/bimtek-2026-12-03.sqlite3

SQLite's online backup API takes a consistent copy page by page (a plain `cp`
of db.sqlite3 during a write, or without its -wal file, can give a broken or
stale copy). The copy holds NIKs: it is written readable by its owner only,
from the first byte, and checked with PRAGMA quick_check before it replaces
anything. PostgreSQL is backed up with pg_dump (README, "Backups").
"""

import os
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Back up the SQLite database to PATH with SQLite's online backup (file mode 0600)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file to write.")

    def handle(self, *args, path: Path, **options):
        if connection.vendor != "sqlite":
            raise CommandError(
                "The database is not SQLite; back up PostgreSQL with pg_dump -Fc (see README)."
            )
        if connection.in_atomic_block:
            # The backup waits, forever, for this connection's own write to end.
            raise CommandError("Run backup_sqlite outside a transaction.")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.unlink(missing_ok=True)  # left by an interrupted run
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
                (check,) = target.execute("PRAGMA quick_check").fetchone()
            finally:
                target.close()
            if check != "ok":
                raise CommandError(f"The copy fails SQLite's check: {check}")
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backed up the database to {path} ({path.stat().st_size:,} bytes).")
