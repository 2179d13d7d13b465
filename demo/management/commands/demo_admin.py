"""Creates the demo's admin login once and prints it on every run.

The password is random, kept in var/demo-admin-password (not in git), so a
fresh machine never shares a known password and the README's run command can
show the same login each time it starts.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the demo admin user if missing and print its login."

    def handle(self, *args, **options):
        password_file = settings.BASE_DIR / "var" / "demo-admin-password"
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            if user is None:
                User.objects.create_superuser(USERNAME, "admin@example.invalid", password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
        password = password_file.read_text().strip()
        self.stdout.write(
            f"Admin login: http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/"
            f"  user: {USERNAME}  password: {password}"
        )
