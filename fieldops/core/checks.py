"""Deployment checks of fieldops' own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def base_url_is_https(app_configs, **kwargs):
    # Mail providers honour only an https List-Unsubscribe link, and the links in
    # alert mails carry signed tokens that must not travel in clear text.
    if settings.WAGTAILADMIN_BASE_URL.startswith("https://"):
        return []
    return [
        Warning(
            "BASE_URL is not an https:// address.",
            hint="Set BASE_URL to the site's public https:// address: the links "
            "in emails and their List-Unsubscribe header are built from it.",
            id="fieldops.W001",
        )
    ]


@register(Tags.urls, deploy=True)
def site_record_matches_base_url(app_configs, **kwargs):
    # Wagtail builds its own full addresses (the admin's "view live" links,
    # Page.full_url) from the default Site record, the rest of the site from
    # BASE_URL (fieldops.core.addresses): the two must name the same host.
    from django.db import DatabaseError
    from wagtail.models import Site

    from fieldops.core.addresses import base_url, site_host_and_port, site_root_url

    try:
        expected = site_host_and_port()
    except ValueError:
        return [
            Warning(
                f"BASE_URL ({base_url()!r}) has no host name.",
                hint="Set BASE_URL to the site's public address, such as "
                "https://fieldops.example.org.",
                id="fieldops.W002",
            )
        ]
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []  # Not migrated yet: nothing to compare.
    if site is None or (site.hostname, site.port) == expected:
        return []
    return [
        Warning(
            f"The default Wagtail site ({site.root_url}) does not match BASE_URL "
            f"({site_root_url(*expected)}).",
            hint="Run `manage.py sync_site` to set the site's host name and port "
            "from BASE_URL.",
            id="fieldops.W002",
        )
    ]
