"""A task cut off by a database failure (its transaction rolled back, and its
failure not recorded) is run again by the same worker once the database is back,
instead of staying marked running with its work lost."""

from unittest import mock

import pytest
from django.db import OperationalError
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from fieldops.core.management.commands import db_worker
from fieldops.core.tasks import send_outbox

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_task_cut_off_by_a_database_failure_runs_again(settings):
    settings.TASKS = DATABASE_QUEUE
    result = send_outbox.enqueue()
    gone = OperationalError("server closed the connection unexpectedly")
    set_failed = DBTaskResult.set_failed
    calls = []

    def failing_while_gone(self, error):
        # Recording the failure needs the database too.
        if calls == ["gone"]:
            raise gone
        return set_failed(self, error)

    def outbox_send():
        calls.append("gone" if not calls else "back")
        if calls[-1] == "gone":
            raise gone
        return 0

    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="worker-1",
        excluded_queue_names=[],
    )
    with (
        mock.patch("fieldops.core.mail.outbox_send", outbox_send),
        mock.patch.object(DBTaskResult, "set_failed", failing_while_gone),
        mock.patch.object(db_worker, "wait_for_database") as wait,
    ):
        worker.run()

    wait.assert_called_once()
    assert calls == ["gone", "back"]
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["worker-1", "worker-1"]
