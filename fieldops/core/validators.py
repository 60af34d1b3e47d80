"""Validators shared by the apps' models and forms."""

from __future__ import annotations

import email_validator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAIL_ADDRESS_INVALID = _(
    "Enter an email address that can receive mail from the internet, such as "
    "name@example.org: a public domain name (no IP address, no “localhost”), "
    "at most 64 characters before the @ and 254 in all, no quotes."
)


def normalize_mail_address(value: str) -> str:
    """`value` as mail is sent to it: domain in lower case and in its Unicode form,
    surrounding spaces removed. Refuses (ValidationError, code "invalid") what
    RFC 5321 refuses (a local part over 64 octets, an address over 254), IP
    literals, quoted local parts, domains without a dot, special-use domains such
    as "localhost", ".local" or ".test", and non-ASCII local parts (most mail
    servers cannot deliver them). No DNS lookup is made."""
    try:
        result = email_validator.validate_email(
            str(value).strip(),
            check_deliverability=False,
            strict=True,
            allow_smtputf8=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
        )
    except email_validator.EmailNotValidError as error:
        raise ValidationError(MAIL_ADDRESS_INVALID, code="invalid") from error
    return result.normalized


def validate_mail_address(value: str) -> None:
    """A model and form validator: raises ValidationError as
    normalize_mail_address does."""
    normalize_mail_address(value)


def mail_address_key(value: str) -> str:
    """The form of an address compared for uniqueness: normalised, then in lower
    case (mail providers treat the part before the @ without regard to case).
    Raises ValidationError as normalize_mail_address does."""
    return normalize_mail_address(value).lower()
