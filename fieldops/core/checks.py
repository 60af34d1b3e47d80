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
