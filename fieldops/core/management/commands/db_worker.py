"""`manage.py db_worker`: django-tasks-db's worker, which outlives a database outage.

django-tasks-db's own loop ends the process at the first error of the database
(a restart, a failover, a dropped connection). This command (fieldops.core comes
before django_tasks_db in INSTALLED_APPS, so it replaces the command of the same
name, with the same options) runs that loop again once the database answers:
it closes the broken connections, waits with a doubling delay (1 s, 2 s, ... up
to 30 s) and logs each attempt. The process still ends on SIGTERM or Ctrl-C,
and a supervisor (systemd's Restart=always, the loop of scripts/run.sh) restarts
it after anything else.

A task that was running when the database went away stays marked running;
`manage.py reconcile` marks it failed after FIELDOPS_TASK_LOST_AFTER_MINUTES and
does the work it owed.
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from fieldops.core.outages import PROBE_SQL

logger = logging.getLogger("django_tasks_db")

FIRST_DELAY_SECONDS = 1.0
LONGEST_DELAY_SECONDS = 30.0


class Worker(db_worker.Worker):
    """The library's worker, whose run() goes on after a database outage."""

    def run(self) -> None:
        """Run the task loop until SIGTERM/SIGINT (or --batch, --max-tasks ends
        it); after a database error, wait for the database, then go on."""
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
