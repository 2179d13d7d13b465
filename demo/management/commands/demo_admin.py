"""Creates the demo's admin login once and prints it on every run.

The password is random, kept in var/demo-admin-password (not in git), so a
fresh machine never shares a known password and the README's run command can
show the same login each time it starts.

It never takes over a real database's account: it creates or resets `admin`
only in the demo's database, one that holds no account but the one this
command makes (marked by its e-mail address), unless told `--force`. Pointed
at an office's database by mistake (run.sh with its DATABASE_URL), it stops
instead of resetting that office's `admin` password.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
# The mark of the account this command made: nobody gives a real account an
# address in the reserved .invalid domain.
DEMO_EMAIL = "admin@example.invalid"


def password_file() -> Path:
    return settings.BASE_DIR / "var" / "demo-admin-password"


def write_private(path: Path, text: str) -> None:
    """Writes `text` to a file only its owner can read, from the first byte on.

    Created under a temporary name with mode 0600 (never readable by others, not
    even between creating and a chmod), then renamed over the old file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    os.replace(temporary, path)


def is_demo_database() -> bool:
    """No account in the database but the demo admin (or none at all)."""
    return not get_user_model().objects.exclude(username=USERNAME, email=DEMO_EMAIL).exists()


class Command(BaseCommand):
    help = "Create the demo admin user if missing and print its login (demo database only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create or reset the 'admin' account even in a database with other accounts.",
        )

    def handle(self, *args, force: bool, **options):
        path = password_file()
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user is None or not path.exists():
            if not force and not is_demo_database():
                raise CommandError(
                    "This database holds accounts other than the demo's, so it is not the "
                    f"demo database: the '{USERNAME}' account is left alone. To set its "
                    "password, run 'manage.py changepassword admin'; to let this command "
                    "create or reset it anyway, run it with --force."
                )
            password = secrets.token_urlsafe(12)
            write_private(path, password + "\n")
            if user is None:
                User.objects.create_superuser(USERNAME, DEMO_EMAIL, password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
        password = path.read_text().strip()
        self.stdout.write(
            f"Admin login: http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/"
            f"  user: {USERNAME}  password: {password}"
        )
        if settings.BIMTEK_REQUIRE_2FA:
            # A superuser reaches no staff page before enrolling an authenticator
            # app: say so here, not first on the enrolment page.
            self.stdout.write(
                "  The first sign-in asks for an authenticator app (two-step sign-in is "
                "compulsory for superusers). A throw-away demo can run without it: "
                "BIMTEK_REQUIRE_2FA=false ./scripts/run.sh"
            )
