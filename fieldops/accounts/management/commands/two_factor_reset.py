"""Let someone who lost their phone and backup codes set up a new app."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fieldops.accounts.services import two_factor_disable


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and backup codes. An administrator is "
        "asked to set up a new app at the next sign-in; an editor signs in with the "
        "password alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        two_factor_disable(user=user)
        self.stdout.write(f"Two-step verification of {username} removed.")
