"""Matching a published vacancy to the job alerts that ask for it: one delivery
per matching confirmed alert, never two for the same pair.

The service never queues a task: it returns the sender batches now due and
recruitment/tasks.py queues them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from ..models import (
    AlertDelivery,
    AlertMatching,
    DeliveryState,
    Frequency,
    JobAlert,
    Vacancy,
)
from .delivery import batch_size


@dataclass(frozen=True)
class MatchResult:
    created: int  # AlertDelivery rows inserted
    senders: int  # batches of immediate deliveries now due: one sender task each


def _record_matching(vacancy: Vacancy) -> None:
    """Note that the vacancy's current publication has been matched."""
    now = timezone.now()
    AlertMatching.objects.bulk_create(
        [
            AlertMatching(
                vacancy=vacancy,
                published_at=vacancy.last_published_at or now,
                matched_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["vacancy"],
        update_fields=["published_at", "matched_at"],
    )


def vacancy_match(*, vacancy_id: int) -> MatchResult:
    """Create one pending delivery per confirmed alert matching an open, published
    vacancy and note the publication as matched, in one transaction. Returns the
    number of new deliveries and of sender batches now due for the immediate
    ones; a vacancy matched before gets no delivery again, so running it twice
    is harmless."""
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    if vacancy is None or not vacancy.live or not vacancy.is_open:
        return MatchResult(created=0, senders=0)
    alerts = JobAlert.objects.matching(vacancy).values("pk")
    try:
        alerts_sql, alerts_params = alerts.query.sql_with_params()
    except EmptyResultSet:  # no alert shares a key with the vacancy
        _record_matching(vacancy)
        return MatchResult(created=0, senders=0)
    table = AlertDelivery._meta.db_table
    # One INSERT ... SELECT: the matching alerts never travel to Python. SQLite
    # needs the WHERE to tell the upsert's ON from a join's.
    sql = (
        f"INSERT INTO {table} "  # noqa: S608 - only names from the model's metadata
        "(alert_id, vacancy_id, state, created_at, attempts, last_error) "
        "SELECT matched.pk, %s, %s, %s, 0, '' "
        f"FROM ({alerts_sql}) matched WHERE true "
        "ON CONFLICT (alert_id, vacancy_id) DO NOTHING"
    )
    params = (vacancy.pk, DeliveryState.PENDING, timezone.now(), *alerts_params)
    with transaction.atomic():
        with db_connection.cursor() as cursor:
            cursor.execute(sql, params)
            created = max(cursor.rowcount, 0)
        _record_matching(vacancy)
        immediate = AlertDelivery.objects.filter(
            vacancy=vacancy,
            state=DeliveryState.PENDING,
            alert__frequency=Frequency.IMMEDIATE,
        ).count()
    return MatchResult(created=created, senders=math.ceil(immediate / batch_size()))
