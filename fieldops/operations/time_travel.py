"""The `?as_of=YYYY-MM-DD` parameter of the profile page, and what the pages say
of a query string they cannot read."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadDate(ValueError):
    """The parameter is not a real calendar day written as YYYY-MM-DD."""


class BadQuery(ValueError):
    """A query string a page cannot read: `messages` says what is wrong, one
    sentence per parameter, in the reader's language; `parameters` the same
    messages by the name of the parameter each is about, where known."""

    def __init__(
        self, messages: list[str], parameters: dict[str, list[str]] | None = None
    ):
        super().__init__(" ".join(str(message) for message in messages))
        self.messages = [str(message) for message in messages]
        self.parameters = parameters or {}


@dataclass(frozen=True)
class AsOf:
    """The day a page shows, and the future day it replaced, if any."""

    day: datetime.date
    today: datetime.date
    future_requested: datetime.date | None = None


def parse_as_of(raw: str | None, today: datetime.date) -> AsOf:
    """Read `as_of`: empty means today; a future day is replaced by today."""
    if not raw:
        return AsOf(today, today)
    if not ISO_DAY.fullmatch(raw):
        raise BadDate(raw)
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadDate(raw) from None
    if day > today:
        return AsOf(today, today, future_requested=day)
    return AsOf(day, today)
