"""Tasks whose arguments are the only copy of their work (a subscription, an admin
password reset) are queued again by reconcile when their worker is lost, up to
FIELDOPS_TASK_LOST_RUNS runs; the others are marked failed, as their work is
re-derived. With the real database queue; the same with killed worker processes
is in test_promises_processes.py."""

import datetime
import logging

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from fieldops.accounts.password_reset import password_reset_mail
from fieldops.core.reconcile import reconcile, tasks_mark_lost
from fieldops.recruitment.alerts.queue import job_alert_subscribe_task
from fieldops.recruitment.tasks import vacancy_match

pytestmark = pytest.mark.django_db

ADDRESS = "reader@example.org"

SUBSCRIPTION = {
    "email": ADDRESS,
    "criteria": {"grade": ["P3"]},
    "frequency": "immediate",
    "language": "en",
    "consent": {
        "text": "I agree.",
        "version": "1",
        "ip": None,
        "user_agent": "",
        "at": "2026-11-30T12:00:00+00:00",
    },
}

PASSWORD_RESET = {
    "email": ADDRESS,
    "domain": "example.org",
    "use_https": True,
    "subject_template_name": "registration/password_reset_subject.txt",
    "email_template_name": "registration/password_reset_email.html",
    "html_email_template_name": None,
    "from_email": None,
    "extra_email_context": None,
    "language": "en",
}


def lost(task, kwargs, *, runs: int, settings) -> DBTaskResult:
    """A row of `task` left running by `runs` workers, started past the limit."""
    row = DBTaskResult.objects.get(pk=task.enqueue(**kwargs).id)
    row.status = TaskResultStatus.RUNNING
    row.worker_ids = [f"w{n}" for n in range(runs)]
    row.started_at = timezone.now() - datetime.timedelta(
        minutes=settings.FIELDOPS_TASK_LOST_AFTER_MINUTES + 1
    )
    row.save()
    return row


@pytest.mark.parametrize(
    ("task", "kwargs"),
    [(job_alert_subscribe_task, SUBSCRIPTION), (password_reset_mail, PASSWORD_RESET)],
)
def test_a_lost_task_carrying_its_work_is_queued_again(
    task, kwargs, settings, task_queue
):
    row = lost(task, kwargs, runs=1, settings=settings)
    assert reconcile()["tasks_lost"] == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.started_at is None


def test_a_task_still_running_within_the_limit_is_left_alone(settings, task_queue):
    row = lost(job_alert_subscribe_task, SUBSCRIPTION, runs=1, settings=settings)
    row.started_at = timezone.now()
    row.save()
    assert tasks_mark_lost() == 0
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_a_lost_task_whose_work_is_re_derived_is_marked_failed(settings, task_queue):
    row = lost(vacancy_match, {"vacancy_id": 1}, runs=1, settings=settings)
    assert tasks_mark_lost() == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "fieldops.core.reconcile.WorkerLost"


def test_a_task_that_loses_its_worker_each_time_is_given_up(
    settings, task_queue, caplog
):
    settings.FIELDOPS_TASK_LOST_RUNS = 3
    row = lost(job_alert_subscribe_task, SUBSCRIPTION, runs=3, settings=settings)
    with caplog.at_level(logging.ERROR, logger="fieldops.core.reconcile"):
        assert tasks_mark_lost() == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "fieldops.core.reconcile.WorkerLost"
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    message = record.getMessage()
    assert str(row.pk) in message
    assert "a job-alert subscription" in message
    assert "3 runs" in message
    assert ADDRESS not in message
    # Given up for good: a later reconcile leaves it failed.
    assert tasks_mark_lost() == 0
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED


def test_the_runs_before_the_bound_are_queued_again(settings, task_queue):
    settings.FIELDOPS_TASK_LOST_RUNS = 3
    row = lost(job_alert_subscribe_task, SUBSCRIPTION, runs=2, settings=settings)
    assert tasks_mark_lost() == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
