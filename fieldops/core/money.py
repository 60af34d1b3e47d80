"""Amounts of money and currencies as the reader reads them, in the active language
(Babel's CLDR data): the one money format of the profile and of the admin."""

from __future__ import annotations

from copy import copy
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name, parse_pattern
from django.utils.translation import get_language, to_locale


def _babel_locale() -> Locale:
    try:
        return Locale.parse(to_locale(get_language() or "en"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def format_money(amount: Decimal | None, currency: str) -> str:
    """`amount` of `currency` (an ISO 4217 code) in the active language, without
    cents when it is whole: “€2,232,700” or “€1,000,000.01” in English; "" for
    None."""
    if amount is None:
        return ""
    locale = _babel_locale()
    pattern = copy(parse_pattern(locale.currency_formats["standard"]))
    if amount == amount.to_integral_value():
        pattern.frac_prec = (0, 0)
    return pattern.apply(amount, locale, currency=currency, currency_digits=False)


def format_currency_name(code: str) -> str:
    """The currency's name in the active language: “euro” for EUR; the code
    itself when Babel does not know it."""
    try:
        return get_currency_name(code, locale=_babel_locale())
    except (ValueError, UnknownLocaleError):
        return code
