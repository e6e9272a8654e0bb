"""Create the first admin account for a new site, and say how to sign in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser if none exists. The password comes from FIRESIDE_ADMIN_PASSWORD, or is generated "
        "and printed once. With FIRESIDE_ADMIN_PASSWORD set, an existing account's password is set to it."
    )

    def handle(self, *args, **options):
        username = os.environ.get("FIRESIDE_ADMIN_USERNAME", "admin")
        given = os.environ.get("FIRESIDE_ADMIN_PASSWORD", "")
        users = get_user_model()
        user = users.objects.filter(username=username).first()
        url = os.environ.get("FIRESIDE_BASE_URL", "http://127.0.0.1:8000").rstrip("/") + "/admin/"
        if user is None:
            password = given or secrets.token_urlsafe(12)
            users.objects.create_superuser(username=username, email="", password=password)
            self.stdout.write(
                f"Admin account created at {url}\n  username: {username}\n  password: {password}"
            )
        elif given:
            user.set_password(given)
            user.save(update_fields=["password"])
            self.stdout.write(f"Admin account {username!r}: password set from FIRESIDE_ADMIN_PASSWORD. {url}")
        else:
            self.stdout.write(
                f"Admin account {username!r} already exists at {url} (its password was printed when it was "
                "created; set FIRESIDE_ADMIN_PASSWORD and run again, or use `manage.py changepassword`, to reset)."
            )
