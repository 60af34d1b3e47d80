"""What the data-health checks read: each field operation's published records and
the state of its vacancies and job alerts, in a fixed number of queries whatever
the amount of data.

Only published records count, as on the public pages: a draft neither fills a gap
nor is reported. Every operation is checked, published or not.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FinancialFigure,
    Mandate,
    NameChange,
    Office,
    OperationName,
    Post,
    PostRole,
    StaffingLine,
    StaffingSnapshot,
)
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


@dataclass
class CheckedOperation:
    """One field operation as the checks see it on `today`: its published records
    (appointments with their post and person), and its vacancies' and job
    alerts' housekeeping."""

    operation: FieldOperation
    now: datetime.datetime
    today: datetime.date
    names: list[OperationName]  # by start
    offices: list[Office]  # with their place and its names
    mandates: list[Mandate]
    head_posts: list[Post]
    appointments: list[Appointment]
    snapshots: list[StaffingSnapshot]  # with their lines
    figures: list[FinancialFigure]
    late_drafts: list[Vacancy] = field(default_factory=list)
    # Job alerts naming the operation that have waited too long for confirmation.
    pending_alerts: int = 0
    # The given-up mails of its vacancies (see given_up_mail).
    given_up: list[dict] = field(default_factory=list)

    @property
    def current_name(self) -> OperationName | None:
        return next((n for n in self.names if n.holds_on(self.today)), None)

    @property
    def display_name(self) -> str:
        """The name held today, else the last one, else the slug."""
        name = self.current_name or (self.names[-1] if self.names else None)
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
        starts = [n.effective_start for n in self.names]
        start = min(starts, default=None)
        return None if start == datetime.date.min else start

    @property
    def required_until(self) -> datetime.date:
        """The first day for which a seat and a head are no longer expected."""
        return self.closed_on or self.today + datetime.timedelta(days=1)

    @property
    def heads(self) -> list[Appointment]:
        """The appointments to the post of head of the operation."""
        return [a for a in self.appointments if a.post.role == PostRole.HEAD]


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
    checked = _load(operations, now)
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


def _load(operations, now: datetime.datetime) -> list[CheckedOperation]:
    queryset = FieldOperation.objects.order_by("slug").prefetch_related(
        Prefetch("names", OperationName.objects.live().order_by("valid_from")),
        Prefetch(
            "offices",
            Office.objects.live()
            .select_related("place")
            .prefetch_related("place__names"),
        ),
        Prefetch("mandates", Mandate.objects.live()),
        Prefetch(
            "posts",
            Post.objects.live().prefetch_related(
                Prefetch(
                    "appointments", Appointment.objects.live().select_related("person")
                )
            ),
        ),
        Prefetch(
            "staffing_snapshots",
            StaffingSnapshot.objects.live().prefetch_related(
                Prefetch("lines", StaffingLine.objects.all())
            ),
        ),
        Prefetch("financial_figures", FinancialFigure.objects.live()),
    )
    if operations is not None:
        queryset = queryset.filter(pk__in=operations)
    today = timezone.localdate(now)
    loaded = []
    for operation in queryset:
        posts = list(operation.posts.all())
        loaded.append(
            CheckedOperation(
                operation=operation,
                now=now,
                today=today,
                names=list(operation.names.all()),
                offices=list(operation.offices.all()),
                mandates=list(operation.mandates.all()),
                head_posts=[p for p in posts if p.role == PostRole.HEAD],
                appointments=[a for p in posts for a in p.appointments.all()],
                snapshots=list(operation.staffing_snapshots.all()),
                figures=list(operation.financial_figures.all()),
            )
        )
    return loaded


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
