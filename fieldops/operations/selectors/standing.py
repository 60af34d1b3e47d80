"""Where an operation stood on a day: when it was established, its host state
under the name of the time, whether it worked, and the operations before and
after it; from records already loaded by published_records()."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fieldops.core.dates import PartialDate

from ..models import (
    ChangeKind,
    FieldOperation,
    FieldOperationPage,
    NameChange,
    OperationName,
    OperationStatus,
    Succession,
)
from .records import OperationRecords


def host_name_on(records: OperationRecords, day: datetime.date) -> str:
    """The host state's name of the time on `day` (part "host_names"), else the
    country's name ("Kosovo" for XK), else a phrase saying there is no single
    host."""
    return host_name_from(
        records.host_state_names or [], records.operation.host_country, day
    )


def host_name_from(host_state_names, country, day: datetime.date) -> str:
    """host_name_on() from the operation's HostStateNames (loaded) and its
    host_country (a django_countries Country, empty for none)."""
    for name in host_state_names:
        if name.holds_on(day):
            return name.name
    if not country:
        return _("No single host country")
    return str(country.name)


def closed_on(operation: FieldOperation) -> PartialDate | None:
    """The day the operation closed: the start of a last name that records
    the closure, else, for an operation whose status is closed, the end of its
    last name; None if open or not known (names loaded)."""
    names = [n for n in operation.names.all() if n.live]
    if not names:
        return None
    last = max(names, key=lambda n: n.effective_start)
    if last.change == NameChange.CLOSED:
        return last.start
    return last.end if operation.status == OperationStatus.CLOSED else None


def status_on(
    operation: FieldOperation, name: OperationName | None, day: datetime.date
) -> str:
    """OperationStatus on `day`: a closed operation counts as current before
    its known closing day; a name recording the closure means closed."""
    if name is not None and name.change == NameChange.CLOSED:
        return OperationStatus.CLOSED
    if operation.status == OperationStatus.CLOSED:
        closing = closed_on(operation)
        if closing is not None and day < closing.date:
            return OperationStatus.CURRENT
    return operation.status


@dataclass
class Lineage:
    """Another operation this one followed or was followed by."""

    succession: Succession
    operation: FieldOperation
    name: OperationName | None
    page: FieldOperationPage | None

    @property
    def label(self) -> str:
        return self.name.full_name if self.name else self.operation.slug


def lineage(
    records: OperationRecords, day: datetime.date
) -> tuple[list[Lineage], list[Lineage]]:
    """(the operations it followed, those that followed it), each named as
    it stood on `day` or last before (part "successions")."""

    def other(succession, operation) -> Lineage:
        name = operation.last_name_by(day) or next(iter(operation.names.all()), None)
        page = getattr(operation, "page_in_language", None)
        return Lineage(succession, operation, name, page)

    return (
        [other(s, s.predecessor) for s in records.preceded_by or []],
        [other(s, s.successor) for s in records.followed_by or []],
    )


def establishment(operation: FieldOperation) -> tuple[PartialDate | None, object]:
    """When the operation was established and the record that says so: its
    recorded establishment change, dated as the history dates it
    (OperationChange.date), else the start of its first name; (None, None)
    when neither is known. The one rule for "Established" everywhere: the
    profile's About, its history, the list, the timeline and the API.

    Reads the changes and names already loaded (published_records parts
    "changes" and "names"); without them it would query once per operation."""
    changes = [
        c
        for c in operation.changes.all()
        if c.live and c.kind == ChangeKind.ESTABLISHED and c.date is not None
    ]
    if changes:
        change = min(changes, key=lambda c: (c.date.date, c.pk))
        return change.date, change
    names = [n for n in operation.names.all() if n.live and n.start]
    if names:
        first = min(names, key=lambda n: (n.start.date, n.pk))
        return first.start, first
    return None, None


def established_on(operation: FieldOperation) -> PartialDate | None:
    """When the operation was established (see establishment)."""
    return establishment(operation)[0]
