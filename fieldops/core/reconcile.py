"""Promises kept from durable state.

A task is only the fast way to do owed work: a worker can be killed inside it, a
deploy can stop it, the database can fail under it, and the task is then never
run again. So each app also registers here a step that finds, from what is stored,
the work still owed (a vacancy published but not yet matched, a delivery due, a
mail in the outbox) and does it. `manage.py reconcile` runs every step; the
scheduler runs it every minute. Each step must be idempotent and safe to run in
several processes at once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fieldops.core import mail

logger = logging.getLogger(__name__)

# name -> a callable doing the owed work and returning how many things it did.
_steps: dict[str, Callable[[], int]] = {}


def register(name: str, step: Callable[[], int]) -> None:
    """Add `step` (no arguments, returns a count) to what `reconcile` runs.
    Registering the same name again replaces the step (AppConfig.ready may run
    twice in tests)."""
    _steps[name] = step


class WorkerLost(Exception):
    """The worker running a task stopped without recording how it ended."""


def tasks_mark_lost() -> int:
    """Mark as failed the tasks still running after FIELDOPS_TASK_LOST_AFTER_MINUTES
    (their worker was killed); the work they carried is re-derived by the other
    steps. Returns how many were marked."""
    limit = timezone.now() - datetime.timedelta(
        minutes=settings.FIELDOPS_TASK_LOST_AFTER_MINUTES
    )
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=limit)
        .update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.{WorkerLost.__qualname__}",
            traceback="The worker stopped while running this task; the work it "
            "carried is done again by manage.py reconcile.",
        )
    )


def outbox_flush() -> int:
    """Retry deferred mail and send the outbox; returns the messages retried."""
    retried = mail.outbox_retry()
    mail.outbox_send()
    return retried


def reconcile() -> dict[str, int | str]:
    """Run every registered step, then the outbox (so that mail the steps queued
    goes at once). A step that fails is logged and reported as "failed: <error>"
    without stopping the others. Returns {step name: count or failure}."""
    results: dict[str, int | str] = {}
    steps = {"tasks_lost": tasks_mark_lost, **_steps, "outbox": outbox_flush}
    for name, step in steps.items():
        try:
            results[name] = step()
        except Exception as error:  # noqa: BLE001 - one failing step must not stop the rest
            logger.exception("Reconcile step %s failed", name)
            results[name] = f"failed: {type(error).__name__}: {error}"
    return results
