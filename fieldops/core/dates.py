"""Partial dates: a day, a month or a year, stored as the first day of the period."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def truncate(day: datetime.date, precision: str) -> datetime.date:
    """The first day of the period of `precision` that contains `day`."""
    if precision == Precision.YEAR:
        return day.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return day.replace(day=1)
    return day


def period_end(start: datetime.date, precision: str) -> datetime.date:
    """The first day after the period of `precision` that starts on `start`."""
    if precision == Precision.YEAR:
        return start.replace(year=start.year + 1, month=1, day=1)
    if precision == Precision.MONTH:
        if start.month == 12:
            return start.replace(year=start.year + 1, month=1, day=1)
        return start.replace(month=start.month + 1, day=1)
    return start + datetime.timedelta(days=1)


@dataclass(frozen=True)
class PartialDate:
    """A date known to a day, a month or a year."""

    date: datetime.date
    precision: str = Precision.DAY

    def __post_init__(self):
        object.__setattr__(self, "date", truncate(self.date, self.precision))

    @property
    def end(self) -> datetime.date:
        return period_end(self.date, self.precision)

    def contains(self, day: datetime.date) -> bool:
        return self.date <= day < self.end

    def iso(self) -> str:
        """ISO 8601 at the known precision: 2019, 1998-06 or 1998-06-11."""
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def __str__(self) -> str:
        if self.precision == Precision.YEAR:
            return str(self.date.year)
        if self.precision == Precision.MONTH:
            return format_date(self.date, "YEAR_MONTH_FORMAT")
        return format_date(self.date, "DATE_FORMAT")


def format_date(day: datetime.date, format_name: str) -> str:
    """`day` written by the active language's `format_name` (a Django format
    setting: "DATE_FORMAT", "YEAR_MONTH_FORMAT"), as Django's date_format()
    writes it: “11 June 1998” in English."""
    return _formatted(day, format_name, get_language())


# Django parses the format and translates the month's name at every call, and
# a profile writes dozens of dates, most of them the same few: the text is
# kept per day, format and language (a bounded number of them).
@functools.lru_cache(maxsize=4096)
def _formatted(day: datetime.date, format_name: str, language: str | None) -> str:
    return date_format(day, format_name)


@receiver(setting_changed)
def _forget_formatted(*, setting: str, **kwargs) -> None:
    # Tests may change the languages, the formats or the catalogues.
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "FORMAT_MODULE_PATH"}:
        _formatted.cache_clear()
