"""Template filters for money and partial dates in the reader's language."""

from __future__ import annotations

import datetime
from copy import copy
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name, parse_pattern
from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language, to_locale

from fieldops.core.dates import PartialDate

register = template.Library()


def _babel_locale() -> Locale:
    try:
        return Locale.parse(to_locale(get_language() or "en"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    """An amount in the reader's language, without cents when it is whole:
    “€2,232,700” in English."""
    if amount is None:
        return ""
    locale = _babel_locale()
    pattern = copy(parse_pattern(locale.currency_formats["standard"]))
    if amount == amount.to_integral_value():
        pattern.frac_prec = (0, 0)
    return pattern.apply(amount, locale, currency=currency, currency_digits=False)


@register.filter
def currency_name(code: str) -> str:
    """The currency's name in the reader's language: “euro” for EUR."""
    try:
        return get_currency_name(code, locale=_babel_locale())
    except (ValueError, UnknownLocaleError):
        return code


@register.filter
def partial_date(value: PartialDate | datetime.date | None) -> str:
    """A partial date as precisely as it is known; a plain date in full."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return str(value)
    return date_format(value, "DATE_FORMAT")


@register.filter
def iso_date(value: PartialDate | datetime.date | None) -> str:
    """The machine-readable form for <time datetime>, at the known precision."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.iso()
    return value.isoformat()


@register.filter
def startswith(value: str, prefix: str) -> bool:
    """For marking the current section in the navigation."""
    return bool(prefix) and str(value).startswith(prefix)
