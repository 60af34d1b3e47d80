"""The signed links in job alert mails. Each is absolute, in the alert's language,
and names the alert only through a signed token that cannot be guessed or forged."""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from fieldops.core.addresses import absolute_url

CONFIRM_SALT = "fieldops.recruitment.alert-confirm"
UNSUBSCRIBE_SALT = "fieldops.recruitment.alert-unsubscribe"
MANAGE_SALT = "fieldops.recruitment.alert-manage"
# A confirmation link works for this long; the others as long as the alert exists.
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7


def _absolute(view_name: str, signed: str, language: str) -> str:
    with translation.override(language):
        path = reverse(view_name, kwargs={"signed": signed})
    return absolute_url(path)


def confirm_url(alert) -> str:
    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(alert.token))
    return _absolute("job_alerts:confirm", signed, alert.language)


def unsubscribe_url(alert) -> str:
    signed = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(alert.token))
    return _absolute("job_alerts:unsubscribe", signed, alert.language)


def manage_url(alert) -> str:
    signed = signing.Signer(salt=MANAGE_SALT).sign(str(alert.token))
    return _absolute("job_alerts:manage", signed, alert.language)


def token_from(signed: str, *, salt: str, max_age: int | None = None) -> str | None:
    """The alert token inside a signed link, or None if it is forged or expired."""
    try:
        if max_age is None:
            return signing.Signer(salt=salt).unsign(signed)
        return signing.TimestampSigner(salt=salt).unsign(signed, max_age=max_age)
    except signing.BadSignature:
        return None
