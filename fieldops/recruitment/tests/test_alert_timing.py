"""The subscribe page does the same work for an address it knows and one it does
not: the same queries, no mail, one queued task; the difference is made in the
task. (benchmarks/alert_timing.py measures the times; no test asserts one.)"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from fieldops.recruitment.alerts.queue import job_alert_subscribe_task
from fieldops.recruitment.models import AlertState, JobAlert

from .factories import JobAlertFactory

URL = "/en/job-alerts/"
pytestmark = pytest.mark.django_db
# Literals differ between two requests (keys, addresses, times); the statements
# must not. Savepoint names carry a counter.
LITERAL = re.compile(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+(?:\.\d+)?\b")


def post(client, email: str):
    form = {"email": email, "frequency": "immediate", "language": "en"}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, form, HTTP_USER_AGENT="TestBrowser/1.0")
    assert response.status_code == 303
    return [LITERAL.sub("?", query["sql"]) for query in queries]


def test_a_known_and_an_unknown_address_take_the_same_queries(client, task_queue):
    JobAlertFactory(email="known@example.org", confirmed=True)
    # The client network's count exists from here on, for both requests alike.
    post(client, "first@example.org")
    mails, tasks = len(mail.outbox), DBTaskResult.objects.count()

    unknown = post(client, "unknown@example.org")
    known = post(client, "known@example.org")

    assert unknown == known
    assert len(mail.outbox) == mails
    assert DBTaskResult.objects.count() == tasks + 2
    assert not JobAlert.objects.filter(email="unknown@example.org").exists()


def test_the_queued_task_subscribes_as_the_page_did(
    client, task_queue, django_capture_on_commit_callbacks
):
    post(client, "unknown@example.org")
    queued = DBTaskResult.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        job_alert_subscribe_task.call(**queued.args_kwargs["kwargs"])

    alert = JobAlert.objects.get(email="unknown@example.org")
    assert alert.state == AlertState.PENDING
    assert alert.consent_user_agent == "TestBrowser/1.0"
    assert len(mail.outbox) == 1
