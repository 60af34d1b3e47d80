"""Amounts in the reader's language: the locale and the pattern kept per
language still follow the active language, whole or with cents."""

from decimal import Decimal

import pytest
from django.utils import translation

from fieldops.core.money import format_currency_name, format_money

NBSP = "\xa0"
EXPECTED = {
    "en": ["€2,232,700", "€1,000,000.01", "$0.50", "XYZ12", "Euro"],
    "ru": [
        f"2{NBSP}232{NBSP}700{NBSP}€",
        f"1{NBSP}000{NBSP}000,01{NBSP}€",
        f"0,50{NBSP}$",
        f"12{NBSP}XYZ",
        "евро",
    ],
}


def _shown() -> list[str]:
    amounts = [("2232700", "EUR"), ("1000000.01", "EUR"), ("0.5", "USD"), ("12", "XYZ")]
    return [format_money(Decimal(a), c) for a, c in amounts] + [
        format_currency_name("EUR")
    ]


@pytest.mark.parametrize("order", [["en", "ru", "en"], ["ru", "en", "ru"]])
def test_each_language_in_turn_formats_as_its_own(order):
    for language in order:
        with translation.override(language):
            assert _shown() == EXPECTED[language]


@pytest.mark.parametrize("language", ["xx", None])
def test_a_language_babel_does_not_know_formats_as_english(language):
    with translation.override(language):
        assert _shown() == EXPECTED["en"]


def test_no_amount_is_empty():
    assert format_money(None, "EUR") == ""
