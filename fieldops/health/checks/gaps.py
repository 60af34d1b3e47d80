"""Gaps in the history (errors): a period with no name, no headquarters or no
head of the operation, or none recorded at all."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from fieldops.core.models import Temporal
from fieldops.operations.models import Appointment, Office, OfficeRole, OperationName

from ..findings import CheckKind, Finding, Severity
from ..links import admin_add_url, admin_edit_url
from ..selectors import CheckedOperation
from .labels import (
    appointment_label,
    day_label,
    name_label,
    office_label,
    plural_subject,
)


@dataclass
class Gap:
    """A period that no record covers."""

    start: datetime.date
    end: datetime.date | None  # None: still open on the last required day
    before: Temporal | None  # the record that ended when the gap began
    after: Temporal | None  # the record that ended the gap

    @property
    def record(self) -> Temporal:
        """The record to fix: the one before the gap, else the one after it."""
        return self.before or self.after


def gaps(
    records: Sequence[Temporal], *, start: datetime.date | None, until: datetime.date
) -> list[Gap]:
    """The periods in [start, until) that none of `records` covers.

    With no `start`, coverage is required from the first record on. A record whose
    start is unknown (only "known to hold on" a day) may have begun right after the
    one before it, so no gap is reported before it.
    """
    records = sorted(records, key=lambda r: r.effective_start)
    if not records:
        return []
    covered = start if start is not None else records[0].effective_start
    found, before = [], None
    for record in records:
        if record.effective_start >= until:
            break
        if record.effective_start > covered and record.valid_from is not None:
            found.append(Gap(covered, record.effective_start, before, record))
        if before is None or record.effective_end >= covered:
            before = record
        covered = max(covered, record.effective_end)
    if covered < until:
        found.append(Gap(covered, None, before, None))
    return found


def _span(gap: Gap) -> dict[str, str]:
    return {"start": day_label(gap.start), "end": day_label(gap.end) if gap.end else ""}


def _gap_findings(
    code: str,
    found: list[Gap],
    label: Callable[[models.Model], str],
    texts: tuple[str, str],
) -> list[Finding]:
    """One error per gap; `texts` say (a gap that ended, one still open)."""
    return [
        Finding(
            CheckKind.GAP,
            code,
            Severity.ERROR,
            label(gap.record),
            (texts[0] if gap.end else texts[1]) % _span(gap),
            admin_edit_url(gap.record),
        )
        for gap in found
    ]


def _missing(code: str, model: type[models.Model], message: str) -> Finding:
    return Finding(
        CheckKind.GAP,
        code,
        Severity.ERROR,
        plural_subject(model),
        message,
        admin_add_url(model),
    )


def names_continuous(checked: CheckedOperation) -> list[Finding]:
    """A name from the first one on, every day up to today."""
    findings = []
    if not checked.records.names:
        findings.append(
            _missing("name-missing", OperationName, _("No name is recorded."))
        )
    today_end = checked.today + datetime.timedelta(days=1)
    texts = (
        _("No name is recorded from %(start)s until %(end)s."),
        _("No name is recorded since %(start)s."),
    )
    found = gaps(checked.records.names, start=None, until=today_end)
    return findings + _gap_findings("name-gap", found, name_label, texts)


def seat_continuous(checked: CheckedOperation) -> list[Finding]:
    """Headquarters from the establishment until today or the closure."""
    findings = []
    seats = [o for o in checked.records.offices if o.role == OfficeRole.HEADQUARTERS]
    if not seats and checked.closed_on is None:
        findings.append(
            _missing("seat-missing", Office, _("No headquarters is recorded."))
        )
    texts = (
        _("No headquarters is recorded from %(start)s until %(end)s."),
        _("No headquarters is recorded since %(start)s."),
    )
    found = gaps(seats, start=checked.established_on, until=checked.required_until)
    return findings + _gap_findings("seat-gap", found, office_label, texts)


def head_continuous(checked: CheckedOperation) -> list[Finding]:
    """Where the operation has a head's post, a head between recorded appointments
    and today; the time before the first appointment is not known to be a gap."""
    if not checked.head_posts:
        return []
    findings = []
    heads = checked.heads
    if not heads and checked.closed_on is None:
        findings.append(
            _missing("head-missing", Appointment, _("No head is recorded."))
        )
    texts = (
        _("No head is recorded from %(start)s until %(end)s."),
        _("No head is recorded since %(start)s."),
    )
    found = gaps(heads, start=None, until=checked.required_until)
    return findings + _gap_findings("head-gap", found, appointment_label, texts)
