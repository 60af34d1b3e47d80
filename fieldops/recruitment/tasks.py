"""Recruitment's background work, and the only module that queues it: the
services (alerts/matching.py, alerts/delivery.py) do the work and return what is
owed next (sender batches due, a time to retry), and the functions here queue it.

The tasks are only the fast path: what they owe is re-derived from stored state
by the reconcile steps at the end of this module (registered in apps.py) if a
task is lost."""

from __future__ import annotations

import datetime

from django.db import transaction
from django_tasks import task

from .alerts import delivery, matching
from .models import Vacancy

# A sender queued for when another's lease ends starts this long after it.
AFTER_LEASE = datetime.timedelta(seconds=1)


@task()
def vacancy_match(*, vacancy_id: int) -> int:
    """Create the deliveries of a just-published vacancy and, once they are
    committed, queue their senders. Returns how many deliveries were created."""
    result = matching.vacancy_match(vacancy_id=vacancy_id)
    if result.senders:
        transaction.on_commit(lambda: _senders_queue(count=result.senders))
    return result.created


@task()
def deliveries_send() -> dict:
    """Mail one batch of pending deliveries of immediate alerts."""
    result = deliveries_send_batch()
    return {
        "sent": result.sent,
        "failed": result.failed,
        "skipped": result.skipped,
        "given_up": result.given_up,
    }


def deliveries_send_batch() -> delivery.SendResult:
    """Mail one batch of pending deliveries of immediate alerts in this process
    (the sender task, the reconcile step, the digest command), and queue the
    senders it owes: one for when its lease ends, queued in the transaction that
    claims the rows so that the rows of a sender that dies are taken again, and
    one for the earliest retry."""
    result = delivery.deliveries_send(
        on_claim=lambda until: _senders_queue(at=until + AFTER_LEASE)
    )
    if result.retry_at:
        _senders_queue(at=result.retry_at)
    return result


def _senders_queue(*, count: int = 1, at: datetime.datetime | None = None) -> None:
    """Queue sender tasks, at a later time when the task backend can defer them."""
    sender = deliveries_send
    if at is not None:
        if not sender.get_backend().supports_defer:
            return  # the next sender or the digest command takes the rows
        sender = sender.using(run_after=at)
    for _ in range(count):
        sender.enqueue()


def vacancies_match_outstanding(*, limit: int = 100) -> int:
    """A reconcile step: match every open vacancy whose latest publication has not
    been matched yet (its task was lost: a killed worker, a database error), as
    its task would have. Returns how many vacancies were matched; each is matched
    in its own transaction."""
    ids = list(
        Vacancy.objects.awaiting_matching()
        .order_by("last_published_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for vacancy_id in ids:
        vacancy_match.call(vacancy_id=vacancy_id)
    return len(ids)


def deliveries_send_due() -> int:
    """A reconcile step: send the immediate deliveries that are due now (never
    tried, or past their retry time, or left claimed by a sender that died),
    batch after batch, without waiting for a sender task. Returns how many were
    sent."""
    sent = 0
    while True:
        result = deliveries_send_batch()
        sent += result.sent
        if not result.claimed or result.failed:
            return sent
