"""What the data-health checks read: each field operation's published records
(from operations' one loader) and the state of its vacancies and job alerts, in a
fixed number of queries whatever the amount of data.

Only published records count, as on the public pages: a draft neither fills a gap
nor is reported. Every operation is checked, published or not.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    NameChange,
    OperationName,
    Post,
    PostRole,
)
from fieldops.operations.selectors import OperationRecords, published_records
from fieldops.recruitment.models import (
    AlertCriterion,
    AlertDelivery,
    AlertState,
    Criterion,
    DeliveryState,
    JobAlert,
    Vacancy,
)

ALERT_PATIENCE = datetime.timedelta(days=7)

# What the checks read of an operation's records: all but its pages.
RECORD_PARTS = (
    "names",
    "places",
    "mandates",
    "posts",
    "appointments",
    "lines",
    "figures",
    "changes",
    "claims",
)


@dataclass
class CheckedOperation:
    """One field operation as the checks see it on `today`: its published records
    (every part but the pages; every staff count and figure, whatever its
    date), and its vacancies' and job alerts' housekeeping."""

    records: OperationRecords
    now: datetime.datetime
    today: datetime.date
    late_drafts: list[Vacancy] = field(default_factory=list)
    # Job alerts naming the operation that have waited too long for confirmation.
    pending_alerts: int = 0
    # The given-up mails of its vacancies (see given_up_mail).
    given_up: list[dict] = field(default_factory=list)

    @property
    def operation(self) -> FieldOperation:
        return self.records.operation

    @property
    def current_name(self) -> OperationName | None:
        return self.operation.name_on(self.today)

    @property
    def display_name(self) -> str:
        """The name held today, else the last one begun before, else the slug."""
        name = self.operation.last_name_by(self.today)
        return name.full_name if name else self.operation.slug

    @property
    def closed_on(self) -> datetime.date | None:
        """The first day of the closure, when the operation is closed today."""
        name = self.current_name
        if name is not None and name.change == NameChange.CLOSED:
            return name.effective_start
        return None

    @property
    def established_on(self) -> datetime.date | None:
        """The first day from which a seat is expected: the earliest start of a
        name (None when no name's start or confirmation is known)."""
        starts = [n.effective_start for n in self.records.names]
        start = min(starts, default=None)
        return None if start == datetime.date.min else start

    @property
    def required_until(self) -> datetime.date:
        """The first day for which a seat and a head are no longer expected."""
        return self.closed_on or self.today + datetime.timedelta(days=1)

    @property
    def head_posts(self) -> list[Post]:
        return [p for p in self.records.posts if p.role == PostRole.HEAD]

    @property
    def heads(self) -> list[Appointment]:
        """The appointments to the post of head of the operation."""
        return [a for a in self.records.appointments if a.post.role == PostRole.HEAD]


@dataclass
class CheckedOrganisation:
    """The organisation as a whole, as its checks see it at `now`."""

    now: datetime.datetime
    # Job alerts naming no operation that have waited too long for confirmation.
    pending_alerts: int = 0


def checked_operations(
    operations: QuerySet[FieldOperation] | None, now: datetime.datetime
) -> list[CheckedOperation]:
    """Every field operation in `operations` (None: all), by slug, with what its
    checks read, in a fixed number of queries."""
    queryset = FieldOperation.objects.order_by("slug")
    if operations is not None:
        queryset = queryset.filter(pk__in=operations)
    today = timezone.localdate(now)
    checked = [
        CheckedOperation(records, now, today)
        for records in published_records(queryset, parts=RECORD_PARTS)
    ]
    ids = [each.operation.pk for each in checked]
    if not ids:
        return checked
    drafts = late_drafts(ids, now)
    alerts = pending_alerts(ids, now)
    given_up = given_up_mail(ids)
    for each in checked:
        pk = each.operation.pk
        each.late_drafts = drafts.get(pk, [])
        each.pending_alerts = alerts.get(pk, 0)
        each.given_up = given_up.get(pk, [])
    return checked


def late_drafts(ids: list[int], now: datetime.datetime) -> dict[int, list[Vacancy]]:
    """The unpublished vacancies whose deadline passed before `now`, per
    operation id among `ids`, by deadline and number."""
    drafts = defaultdict(list)
    vacancies = Vacancy.objects.filter(
        live=False, deadline__lt=now, operation_id__in=ids
    ).order_by("deadline", "number")
    for vacancy in vacancies:
        drafts[vacancy.operation_id].append(vacancy)
    return drafts


def _waiting_alerts(now: datetime.datetime) -> QuerySet[JobAlert]:
    """Job alerts still unconfirmed a week after their confirmation was (last)
    sent."""
    return JobAlert.objects.annotate(
        waiting_since=Coalesce("confirmation_sent_at", "created_at")
    ).filter(state=AlertState.PENDING, waiting_since__lt=now - ALERT_PATIENCE)


def pending_alerts(ids: list[int], now: datetime.datetime) -> dict[int, int]:
    """Operation id -> the number of job alerts naming it (among `ids`) that have
    waited too long for confirmation, in one query."""
    rows = (
        AlertCriterion.objects.filter(
            kind=Criterion.OPERATION,
            value__in=[str(pk) for pk in ids],
            alert__in=_waiting_alerts(now).values("pk"),
        )
        .values("value")
        .annotate(alerts=Count("alert", distinct=True))
        .order_by()
    )
    return {int(row["value"]): row["alerts"] for row in rows}


def unnamed_pending_alerts(now: datetime.datetime) -> int:
    """The number of job alerts naming no operation that have waited too long for
    confirmation."""
    return _waiting_alerts(now).exclude(criteria__kind=Criterion.OPERATION).count()


def given_up_mail(ids: list[int]) -> dict[int, list[dict]]:
    """The given-up deliveries of the operations' vacancies, counted by vacancy:
    operation id -> [{"vacancy_id", "number", "title", "deadline", "count",
    "last_error"}], by deadline."""
    rows = (
        AlertDelivery.objects.filter(
            state=DeliveryState.GIVEN_UP, vacancy__operation_id__in=ids
        )
        .values("vacancy_id", "vacancy__operation_id")
        .annotate(
            number=Max("vacancy__number"),
            title=Max("vacancy__title"),
            deadline=Max("vacancy__deadline"),
            count=Count("pk"),
            last_error=Max("last_error"),
        )
        .order_by("deadline", "vacancy_id")
    )
    by_operation = defaultdict(list)
    for row in rows:
        by_operation[row["vacancy__operation_id"]].append(row)
    return by_operation
