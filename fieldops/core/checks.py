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


@register(Tags.security, deploy=True)
def proxy_count_is_set_behind_a_proxy(app_configs, **kwargs):
    # Trusting X-Forwarded-Proto means a proxy stands in front; REMOTE_ADDR is
    # then the proxy's, and without a proxy count every visitor would share it:
    # one visitor's job-alert limit or sign-in lockout would stop all of them.
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    if getattr(settings, "FIELDOPS_TRUSTED_PROXY_COUNT", 0) > 0:
        return []
    return [
        Warning(
            "The site trusts X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER), so it "
            "sits behind a proxy, but FIELDOPS_TRUSTED_PROXY_COUNT is 0: every "
            "visitor would share the proxy's address for the job-alert limits "
            "and the sign-in lockouts.",
            hint="Set FIELDOPS_TRUSTED_PROXY_COUNT to the number of proxies "
            "(nginx, a load balancer) that append to X-Forwarded-For before the "
            "app.",
            id="fieldops.W003",
        )
    ]
