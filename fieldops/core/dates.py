"""Partial dates: a day, a month or a year, stored as the first day of the period."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format
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
            return date_format(self.date, "YEAR_MONTH_FORMAT")
        return date_format(self.date, "DATE_FORMAT")
