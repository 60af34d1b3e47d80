"""Set the default Wagtail site's host name and port from BASE_URL."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from fieldops.core.addresses import base_url, site_host_and_port


class Command(BaseCommand):
    help = (
        "Set the default Wagtail site's host name and port from BASE_URL, so that "
        "Wagtail's own full addresses (the admin's links to live pages) name the "
        "same host as the sitemap, the feeds and the emails. Safe to run on every "
        "deployment: it changes nothing when they already agree."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            hostname, port = site_host_and_port()
        except ValueError as error:
            raise CommandError(str(error)) from None
        site = Site.objects.select_for_update().filter(is_default_site=True).first()
        if site is None:
            raise CommandError(
                "There is no default site yet: run `manage.py migrate` (and, for "
                "the demo, `manage.py load_demo`) first."
            )
        if (site.hostname, site.port) == (hostname, port):
            self.stdout.write(f"The default site is already {site.root_url}.")
            return
        old = site.root_url
        site.hostname, site.port = hostname, port
        try:
            site.full_clean()
        except ValidationError as error:
            raise CommandError(
                f"The default site cannot take the address of BASE_URL "
                f"({base_url()}): {'; '.join(error.messages)}"
            ) from None
        site.save()
        self.stdout.write(f"The default site is now {site.root_url} (was {old}).")
