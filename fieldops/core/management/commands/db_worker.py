"""`manage.py db_worker`: django-tasks-db's worker, which outlives a database outage.

django-tasks-db's own loop ends the process at the first error of the database
(a restart, a failover, a dropped connection). This command (fieldops.core comes
before django_tasks_db in INSTALLED_APPS, so it replaces the command of the same
name, with the same options) runs that loop again once the database answers:
it closes the broken connections, waits with a doubling delay (1 s, 2 s, ... up
to 30 s) and logs each attempt. The process still ends on SIGTERM or Ctrl-C,
and a supervisor (systemd's Restart=always, the loop of scripts/run.sh) restarts
it after anything else.

A task that was running when the database went away had its work rolled back
with its transaction and could not be recorded as failed: once the database is
back, the worker puts it back in the queue and runs it again. A task left
running by a worker that died (SIGKILL, a lost host) is marked failed by
`manage.py reconcile` after FIELDOPS_TASK_LOST_AFTER_MINUTES, which does again
the work the other steps can derive; a task whose arguments are the only copy of
its work (core/reconcile.py, register_rerun_when_lost) is queued again instead,
and runs here in one transaction with the mark of its success, so that a run cut
off anywhere leaves nothing done.
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError, connections, transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from fieldops.core import reconcile
from fieldops.core.outages import PROBE_SQL

logger = logging.getLogger("django_tasks_db")

FIRST_DELAY_SECONDS = 1.0
LONGEST_DELAY_SECONDS = 30.0


class Worker(db_worker.Worker):
    """The library's worker, whose run() goes on after a database outage, and
    runs again the task the outage cut off."""

    interrupted: str | None = None

    def run(self) -> None:
        """Run the task loop until SIGTERM/SIGINT (or --batch, --max-tasks ends
        it); after a database error, wait for the database, put back in the
        queue the task it cut off, then go on."""
        while True:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                logger.warning(
                    "The database failed under worker_id=%s (%s); waiting for it.",
                    self.worker_id,
                    str(error).strip(),
                )
            self.startup_delay = False
            wait_for_database(self.worker_id)
            self.requeue_interrupted()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """As the library's (in one transaction for a task registered with
        reconcile.register_rerun_when_lost); a database error that escapes it
        (the task's own transaction was rolled back, and recording the failure
        failed too) leaves the task's id for requeue_interrupted()."""
        try:
            if reconcile.reruns_when_lost(db_task_result.task_path):
                # Killed before this commits, the run leaves nothing done and the
                # task running: reconcile queues it again, and that run does the
                # work once (no second confirmation mail).
                with transaction.atomic():
                    super().run_task(db_task_result)
            else:
                super().run_task(db_task_result)
        except (OperationalError, InterfaceError):
            self.interrupted = db_task_result.pk
            raise

    def requeue_interrupted(self) -> None:
        """Put the task a database failure cut off back in the queue: it is
        still marked running, and its work (a subscription the visitor was told
        is taken) was rolled back with its transaction."""
        if self.interrupted is None:
            return
        requeued = DBTaskResult.objects.filter(
            pk=self.interrupted, status=TaskResultStatus.RUNNING
        ).update(status=TaskResultStatus.READY, started_at=None)
        if requeued:
            logger.warning(
                "Task id=%s was cut off by the database failure; queued again.",
                self.interrupted,
            )
        self.interrupted = None


def close_connections() -> None:
    """Close every connection, ignoring the errors of the broken ones."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except (OperationalError, InterfaceError):
            connection.connection = None


def wait_for_database(worker_id: str) -> None:
    """Return once a new connection answers PROBE_SQL, trying with a doubling
    delay (FIRST_DELAY_SECONDS up to LONGEST_DELAY_SECONDS)."""
    delay = FIRST_DELAY_SECONDS
    while True:
        close_connections()
        time.sleep(delay)
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute(PROBE_SQL)
        except (OperationalError, InterfaceError) as error:
            delay = min(delay * 2, LONGEST_DELAY_SECONDS)
            logger.warning(
                "The database is still unavailable to worker_id=%s (%s); next "
                "attempt in %.0f s.",
                worker_id,
                str(error).strip(),
                delay,
            )
            continue
        logger.warning("The database is back; worker_id=%s goes on.", worker_id)
        return


class Command(db_worker.Command):
    help = (
        "Run a database background worker that waits out database outages "
        "instead of exiting."
    )

    def handle(self, *args, **options) -> None:
        """As django-tasks-db's db_worker, with the Worker above."""
        original = db_worker.Worker
        # The library's handle() builds its Worker by this module-level name.
        db_worker.Worker = Worker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
