"""Create the first administrator, so that a fresh installation can be signed in to."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser with a generated password if none of that name exists, "
        "and print the password once. The password is never stored in plain text."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username",
            default="admin",
            help="The user name of the administrator (default: admin).",
        )

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            self.stdout.write(
                f"Admin account: {username} (created earlier). To set a new "
                f"password: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(16)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            f"Admin account created: user name {username}, password {password}\n"
            "The password is shown only this once; note it now. To change it: "
            f".venv/bin/python manage.py changepassword {username}"
        )
