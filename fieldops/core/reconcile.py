"""Promises kept from durable state.

A task is only the fast way to do owed work: a worker can be killed inside it, a
deploy can stop it, the database can fail under it, and the task is then never
run again. So each app also registers here a step that finds, from what is stored,
the work still owed (a vacancy published but not yet matched, a delivery due, a
mail in the outbox) and does it. `manage.py reconcile` runs every step; the
scheduler runs it every minute. Each step must be idempotent and safe to run in
several processes at once.

A few tasks carry work that exists nowhere else than in their arguments (a
subscription, a password reset asked for on a page that only queues the task):
nothing stored lets a step derive it again. Their apps register them with
`register_rerun_when_lost`; a lost one is put back in the queue instead of being
marked failed, at most FIELDOPS_TASK_LOST_RUNS runs in all, and the worker runs
them in one transaction with the mark of their success, so that a run cut off
left nothing done and a second run does the work once.
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


# task path ("module.function") -> what its arguments carry, for the log.
_rerun_when_lost: dict[str, str] = {}


def register_rerun_when_lost(task, what: str) -> None:
    """Run `task` (a django-tasks Task) again when its worker is lost, as its
    arguments are the only copy of its work; `what` names that work in the error
    logged when it is given up (no personal data: "a job-alert subscription").
    The task must do its work in a transaction of its own (transaction.atomic), so
    that a database error in it leaves the worker's transaction usable.
    Registering again replaces `what`."""
    _rerun_when_lost[task.module_path] = what


def reruns_when_lost(task_path: str) -> bool:
    """Whether the task at `task_path` ("module.function") was registered with
    register_rerun_when_lost."""
    return task_path in _rerun_when_lost


class WorkerLost(Exception):
    """The worker running a task stopped without recording how it ended."""


def tasks_mark_lost() -> int:
    """Deal with the tasks still running after FIELDOPS_TASK_LOST_AFTER_MINUTES
    (their worker was killed). Those registered with register_rerun_when_lost
    and started fewer than FIELDOPS_TASK_LOST_RUNS times are put back in the
    queue; the others are marked failed (WorkerLost): the work of most is
    re-derived by the other steps, and a registered one given up is logged as an
    error. Returns how many tasks were put back or marked."""
    now = timezone.now()
    lost = DBTaskResult.objects.running().filter(
        started_at__lt=now
        - datetime.timedelta(minutes=settings.FIELDOPS_TASK_LOST_AFTER_MINUTES)
    )
    handled = 0
    for row in lost.filter(task_path__in=list(_rerun_when_lost)).only(
        "pk", "task_path", "worker_ids", "started_at"
    ):
        # Each run's claim adds its worker's id: the runs so far.
        runs = len(row.worker_ids)
        # Only if it is still the run seen here: another reconcile may be at it.
        this_run = lost.filter(pk=row.pk, started_at=row.started_at)
        if runs < settings.FIELDOPS_TASK_LOST_RUNS:
            handled += this_run.update(status="READY", started_at=None)
            continue
        if _mark_lost(this_run, now):
            handled += 1
            logger.error(
                "Gave up task id=%s (%s): its worker was lost on each of its %d "
                "runs, and %s was lost with it; its arguments stay in the task's "
                "row.",
                row.pk,
                row.task_path,
                runs,
                _rerun_when_lost[row.task_path],
            )
    return handled + _mark_lost(lost.exclude(task_path__in=list(_rerun_when_lost)), now)


def _mark_lost(rows, now: datetime.datetime) -> int:
    return rows.update(
        status="FAILED",
        finished_at=now,
        exception_class_path=f"{__name__}.{WorkerLost.__qualname__}",
        traceback="The worker stopped while running this task; the work it "
        "carried is done again by manage.py reconcile, or was given up.",
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
