"""Amounts of money and currencies as the reader reads them, in the active language
(Babel's CLDR data): the one money format of the profile and of the admin."""

from __future__ import annotations

import functools
from copy import copy
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberPattern, get_currency_name, parse_pattern
from django.utils.translation import get_language, to_locale


def _babel_locale() -> Locale:
    return _locale_of(get_language())


# Parsing the locale and its currency pattern costs more than formatting an
# amount, and a page formats dozens: both are kept per language.
@functools.cache
def _locale_of(language: str | None) -> Locale:
    try:
        return Locale.parse(to_locale(language or "en"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@functools.cache
def _money_pattern(language: str | None, whole: bool) -> NumberPattern:
    pattern = copy(parse_pattern(_locale_of(language).currency_formats["standard"]))
    if whole:
        pattern.frac_prec = (0, 0)
    return pattern


def format_money(amount: Decimal | None, currency: str) -> str:
    """`amount` of `currency` (an ISO 4217 code) in the active language, without
    cents when it is whole: “€2,232,700” or “€1,000,000.01” in English; "" for
    None."""
    if amount is None:
        return ""
    language = get_language()
    pattern = _money_pattern(language, amount == amount.to_integral_value())
    return pattern.apply(
        amount, _locale_of(language), currency=currency, currency_digits=False
    )


def format_currency_name(code: str) -> str:
    """The currency's name in the active language: “euro” for EUR; the code
    itself when Babel does not know it."""
    try:
        return get_currency_name(code, locale=_babel_locale())
    except (ValueError, UnknownLocaleError):
        return code
