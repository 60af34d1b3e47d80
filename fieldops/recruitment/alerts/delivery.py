"""Mailing the deliveries of job alerts, at once or in daily and weekly digests.

A delivery row is claimed by one sender at a time for a lease; it is marked sent in
its own short transaction right after the SMTP server accepted the message. A sender
that dies leaves its rows claimed until the lease runs out; then any sender takes them
again. The one window SMTP cannot close (the server accepted a message and the sender
died before recording it) is narrowed to a single message per dead sender, and that
message carries the same Message-ID both times.

These services never queue a task: each returns what is owed next (a time to
retry) and recruitment/tasks.py queues it.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fieldops.core.mail import transport_connection

from ..models import AlertDelivery, AlertState, DeliveryState, Frequency, Vacancy
from .emails import digest_message, vacancy_message

logger = logging.getLogger(__name__)


def batch_size() -> int:
    return settings.FIELDOPS_ALERT_BATCH_SIZE


def lease() -> datetime.timedelta:
    """How long a sender holds the rows it claimed."""
    seconds = settings.FIELDOPS_ALERT_LEASE_SECONDS
    return datetime.timedelta(seconds=seconds)


def send_margin() -> datetime.timedelta:
    """A sender whose claim ends sooner than this sends no more: another sender could
    take the row while the first still waits for the server's answer."""
    timeout = datetime.timedelta(seconds=settings.EMAIL_TIMEOUT or 30)
    return min(timeout, lease() / 2)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back off exponentially after each failed attempt, up to an hour."""
    base = settings.FIELDOPS_ALERT_RETRY_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


@dataclass
class SendResult:
    """What one run of a sender did; `retry_at` is the earliest time a failed
    delivery may be tried again (a sender is owed then), None if none failed."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    given_up: int = 0
    retry_at: datetime.datetime | None = None
    errors: list[str] = field(default_factory=list)

    def add(self, other: SendResult) -> None:
        self.claimed += other.claimed
        self.sent += other.sent
        self.failed += other.failed
        self.skipped += other.skipped
        self.given_up += other.given_up
        self.errors += other.errors
        if other.retry_at and (not self.retry_at or other.retry_at < self.retry_at):
            self.retry_at = other.retry_at

    def add_ended(self, counts: dict[str, int]) -> None:
        self.skipped += counts.get(DeliveryState.SKIPPED, 0)
        self.given_up += counts.get(DeliveryState.GIVEN_UP, 0)


def _claimable(now: datetime.datetime) -> Q:
    return Q(state=DeliveryState.PENDING) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    )


# Called with the end of the lease, in the transaction that claims the rows.
OnClaim = Callable[[datetime.datetime], None]


def _claim(
    queryset, *, limit: int | None, on_claim: OnClaim | None
) -> tuple[list[int], datetime.datetime]:
    """Take the claimable rows of `queryset` for this sender until the lease ends.

    On PostgreSQL, rows another sender is claiming at this moment are skipped rather
    than waited for; on SQLite the transaction takes the write lock at its start, so
    claims follow one another. `on_claim` runs in the same transaction when rows
    were taken (the sender task queues its successor for when the lease ends
    there, so the rows of a sender that dies are taken again without waiting for
    the next vacancy or the digest command).
    """
    with transaction.atomic():
        now = timezone.now()
        until = now + lease()
        rows = (
            queryset.filter(_claimable(now))
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        ids = list(rows[:limit] if limit else rows)
        if ids:
            AlertDelivery.objects.filter(pk__in=ids).update(claimed_until=until)
            if on_claim is not None:
                on_claim(until)
    return ids, until


def _still_due(delivery: AlertDelivery, now: datetime.datetime) -> bool:
    return (
        delivery.alert.state == AlertState.CONFIRMED
        and delivery.vacancy.live
        and delivery.vacancy.deadline > now
    )


def _end_state(delivery: AlertDelivery) -> str:
    """Why a delivery no longer due ends unsent: given up if it failed until the
    vacancy closed (the data-health page shows those), skipped otherwise (the
    alert ended, or the vacancy was withdrawn or closed before any attempt)."""
    if (
        delivery.attempts
        and delivery.alert.state == AlertState.CONFIRMED
        and delivery.vacancy.live
    ):
        return DeliveryState.GIVEN_UP
    return DeliveryState.SKIPPED


def _mark_ended(
    deliveries: list[AlertDelivery], until: datetime.datetime
) -> dict[str, int]:
    """End the claimed deliveries that are no longer due; returns counts by state."""
    ended: dict[str, list[int]] = {}
    for delivery in deliveries:
        ended.setdefault(_end_state(delivery), []).append(delivery.pk)
    for state, ids in ended.items():
        AlertDelivery.objects.filter(
            pk__in=ids, state=DeliveryState.PENDING, claimed_until=until
        ).update(state=state, claimed_until=None)
        if state == DeliveryState.GIVEN_UP:
            logger.error("Gave up %d alert deliveries: the vacancy closed", len(ids))
    return {state: len(ids) for state, ids in ended.items()}


def _mark_sent(ids: list[int]) -> None:
    # Not restricted to our claim: the server has accepted the mail, so the rows are
    # sent even if the lease ran out meanwhile.
    AlertDelivery.objects.filter(pk__in=ids, state=DeliveryState.PENDING).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), claimed_until=None
    )


def _mark_failed(
    ids: list[int], until: datetime.datetime, error: str
) -> datetime.datetime | None:
    """Release the rows for a later attempt, after a delay that doubles with each
    failure. However many attempts fail, a row stays pending while its vacancy is
    open: it is given up only when the vacancy closes (see _end_state). Returns
    the earliest retry time, None if no row was still ours."""
    retry_at = None
    rows = AlertDelivery.objects.filter(
        pk__in=ids, state=DeliveryState.PENDING, claimed_until=until
    )
    for delivery in rows:
        attempts = min(delivery.attempts + 1, 32767)  # a PositiveSmallIntegerField
        at = timezone.now() + retry_delay(attempts)
        AlertDelivery.objects.filter(pk=delivery.pk, claimed_until=until).update(
            attempts=attempts, last_error=error[:500], claimed_until=at
        )
        if retry_at is None or at < retry_at:
            retry_at = at
    return retry_at


def _release(ids: list[int], until: datetime.datetime) -> None:
    AlertDelivery.objects.filter(
        pk__in=ids, state=DeliveryState.PENDING, claimed_until=until
    ).update(claimed_until=None)


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _connection_lost(error: Exception) -> bool:
    """Whether the whole session is gone, not only this one message refused."""
    return not isinstance(
        error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused
    )


def _send_each(items, until, result: SendResult) -> None:
    """Send (ids, message) pairs over one SMTP connection, recording each at once."""
    mail = transport_connection(fail_silently=False)
    try:
        mail.open()
    except Exception as error:  # noqa: BLE001 - any failure to connect is retried
        ids = [pk for pk_list, _message in items for pk in pk_list]
        result.retry_at = _mark_failed(ids, until, _error_text(error))
        result.failed += len(items)
        result.errors.append(_error_text(error))
        return
    try:
        for index, (ids, build) in enumerate(items):
            message = None  # stays None if rendering fails: only this row fails
            if timezone.now() + send_margin() >= until:
                _release([pk for later, _m in items[index:] for pk in later], until)
                break
            try:
                message = build()
                mail.send_messages([message])
            except Exception as error:  # noqa: BLE001 - the row is retried later
                text = _error_text(error)
                result.errors.append(text)
                at = _mark_failed(ids, until, text)
                result.failed += 1
                if at and (result.retry_at is None or at < result.retry_at):
                    result.retry_at = at
                if message is not None and _connection_lost(error):
                    rest = [pk for later, _m in items[index + 1 :] for pk in later]
                    _mark_failed(rest, until, text)
                    result.failed += len(items) - index - 1
                    break
                continue
            _mark_sent(ids)
            result.sent += 1
    finally:
        try:
            mail.close()
        except Exception:  # noqa: BLE001, S110 - closing a broken session
            pass


def deliveries_send(
    *, limit: int | None = None, on_claim: OnClaim | None = None
) -> SendResult:
    """Claim up to `limit` (a batch by default) pending deliveries of immediate alerts
    and mail each over one SMTP connection; failures are released for a later
    attempt with backoff (a sender is owed at `retry_at` of the result).
    `on_claim(until)` runs in the transaction that claims the rows, with the end
    of the lease."""
    result = SendResult()
    queryset = AlertDelivery.objects.filter(alert__frequency=Frequency.IMMEDIATE)
    ids, until = _claim(queryset, limit=limit or batch_size(), on_claim=on_claim)
    result.claimed = len(ids)
    if not ids:
        return result
    now = timezone.now()
    deliveries = list(
        AlertDelivery.objects.filter(pk__in=ids)
        .select_related("alert", "vacancy", "vacancy__operation")
        .prefetch_related("vacancy__duty_station__names")
        .order_by("pk")
    )
    due = [d for d in deliveries if _still_due(d, now)]
    stale = [d for d in deliveries if not _still_due(d, now)]
    if stale:
        result.add_ended(_mark_ended(stale, until))
    items = [([d.pk], lambda d=d: vacancy_message(d)) for d in due]
    if items:
        _send_each(items, until, result)
    return result


def digests_send(*, frequency: str, alerts_per_claim: int = 50) -> SendResult:
    """Mail each daily or weekly alert all its pending deliveries in one email and
    mark them sent together. Running it again sends nothing new."""
    if frequency not in {Frequency.DAILY, Frequency.WEEKLY}:
        raise ValueError(f"Not a digest frequency: {frequency}")
    result = SendResult()
    done: set[int] = set()
    while True:
        now = timezone.now()
        alert_ids = list(
            AlertDelivery.objects.filter(_claimable(now), alert__frequency=frequency)
            .exclude(alert_id__in=done)
            .order_by("alert_id")
            .values_list("alert_id", flat=True)
            .distinct()[:alerts_per_claim]
        )
        if not alert_ids:
            return result
        done.update(alert_ids)
        queryset = AlertDelivery.objects.filter(alert_id__in=alert_ids)
        ids, until = _claim(queryset, limit=None, on_claim=None)
        result.claimed += len(ids)
        if not ids:
            continue
        deliveries = list(
            AlertDelivery.objects.filter(pk__in=ids)
            .select_related("alert", "vacancy", "vacancy__operation")
            .prefetch_related("vacancy__duty_station__names")
            .order_by("alert_id", "vacancy__deadline", "pk")
        )
        by_alert: dict[int, list[AlertDelivery]] = {}
        stale = []
        for delivery in deliveries:
            if _still_due(delivery, now):
                by_alert.setdefault(delivery.alert_id, []).append(delivery)
            else:
                stale.append(delivery)
        if stale:
            result.add_ended(_mark_ended(stale, until))
        items = [
            (
                [d.pk for d in group],
                lambda group=group: digest_message(group[0].alert, group),
            )
            for group in by_alert.values()
        ]
        if items:
            _send_each(items, until, result)


def deliveries_resend(*, vacancy_ids: list[int] | None = None) -> int:
    """Put the given-up deliveries of vacancies that are open again (a deadline
    moved) back in line, with a fresh count of attempts. Returns how many; a
    sender is owed when there are any."""
    rows = AlertDelivery.objects.filter(
        state=DeliveryState.GIVEN_UP, vacancy__in=Vacancy.objects.open()
    )
    if vacancy_ids is not None:
        rows = rows.filter(vacancy_id__in=vacancy_ids)
    return rows.update(
        state=DeliveryState.PENDING, attempts=0, claimed_until=None, last_error=""
    )
