"""Values written for readers, in the reader's language: money, counts, partial
dates and the sites that links lead to. The filters of the same names in both
template engines (templatetags/fieldops.py, jinja2tags.py)."""

from __future__ import annotations

import datetime
import functools
import re
from decimal import Decimal
from urllib.parse import urlsplit

from django.utils.formats import number_format

from fieldops.core.dates import PartialDate, format_date
from fieldops.core.money import format_currency_name, format_money


def money(amount: Decimal | None, currency: str) -> str:
    """An amount in the reader's language, without cents when it is whole:
    “€2,232,700” in English (see core.money)."""
    return format_money(amount, currency)


def number(value: int | Decimal | None) -> str:
    """A count in the reader's language, its thousands grouped as the
    language's formats say (Django's localisation): “1,234” in English,
    “1 234” in Russian; "" for None. Never use it inside an attribute that a
    machine reads, such as <data value>."""
    if value is None or value == "":
        return ""
    return number_format(value, use_l10n=True, force_grouping=True)


def currency_name(code: str) -> str:
    """The currency's name in the reader's language: “euro” for EUR."""
    return format_currency_name(code)


@functools.lru_cache(maxsize=4096)  # a profile names some twenty, the same each time
def web_site(url: str) -> str:
    """The site a link leads to, as a reader would name it: “osce.org” for
    https://www.osce.org/albania/43312; "" for anything that is not a web
    address or whose host is not a well-formed name. Used as the link's text,
    so that a third party's page is never taken for the organisation's own.

    A host is named without the dots that may end or start it (“issuu.com.”,
    a fully qualified name, reads “issuu.com”), in lower case, without a
    port or user, and in its own script when written in punycode."""
    try:
        parts = urlsplit(str(url or "").strip())
        host = parts.hostname or ""
    except ValueError:  # an unbalanced IPv6 bracket, a bad port
        return ""
    if parts.scheme not in ("http", "https"):
        return ""
    labels = host.strip(".").split(".")
    if not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return ""
    if labels[0] == "www" and len(labels) > 2:
        labels = labels[1:]
    try:
        return ".".join(labels).encode("ascii").decode("idna")
    except UnicodeError:
        return ".".join(labels)


# One label of a host name: letters, digits and inner hyphens (RFC 1123).
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def partial_date(value: PartialDate | datetime.date | None) -> str:
    """A partial date as precisely as it is known; a plain date in full."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return str(value)
    return format_date(value, "DATE_FORMAT")


def iso_date(value: PartialDate | datetime.date | None) -> str:
    """The machine-readable form for <time datetime>, at the known precision."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.iso()
    return value.isoformat()
