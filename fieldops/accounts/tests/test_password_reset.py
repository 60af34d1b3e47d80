"""The admin's password reset does the same work in the request for an address
that belongs to an account and one that does not: the same queries, the same
page, one queued task and no mail; the task mails the link, to a known address
only. (benchmarks/reset_timing.py measures the times; no test asserts one.)"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from fieldops.accounts.password_reset import password_reset_mail

URL = "/admin/password_reset/"
pytestmark = pytest.mark.django_db
# Literals differ between two requests (addresses, keys, times); the statements
# must not. Savepoint names carry a counter.
LITERAL = re.compile(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+(?:\.\d+)?\b")


@pytest.fixture
def known(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "a-long-and-unusual-passphrase-7"
    )


def reset(client, email: str):
    """POST the reset form; the answer and the statements it ran, literals
    masked."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"email": email})
    return response, [LITERAL.sub("?", query["sql"]) for query in queries]


def test_a_known_and_an_unknown_address_take_the_same_queries(
    client, task_queue, known
):
    reset(client, "first@example.org")

    unknown_answer, unknown = reset(client, "nobody@example.org")
    known_answer, known_queries = reset(client, known.email)

    assert unknown == known_queries
    assert unknown_answer.status_code == known_answer.status_code == 302
    assert unknown_answer["Location"] == known_answer["Location"]
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 3
    names = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert names == {"fieldops.accounts.password_reset.password_reset_mail"}


def test_the_page_after_it_is_the_same(client, task_queue, known):
    unknown = client.post(URL, {"email": "nobody@example.org"}, follow=True)
    known_page = client.post(URL, {"email": known.email}, follow=True)

    assert unknown.status_code == known_page.status_code == 200
    # Byte for byte but for the page's CSRF tokens, new on every answer.
    token = re.compile(rb'(csrfmiddlewaretoken" value=|"CSRF_TOKEN": )"[^"]+"')
    assert token.sub(b"", unknown.content) == token.sub(b"", known_page.content)


def test_the_queued_task_mails_a_working_link_to_a_known_address(
    client, task_queue, known, django_capture_on_commit_callbacks
):
    reset(client, known.email)
    queued = DBTaskResult.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        password_reset_mail.call(**queued.args_kwargs["kwargs"])

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [known.email]
    link = re.search(
        r"http://testserver(/admin/password_reset/confirm/\S+)", mail.outbox[0].body
    )
    assert link
    assert client.get(link.group(1), follow=True).status_code == 200


def test_the_queued_task_mails_nothing_for_an_unknown_address(client, task_queue):
    reset(client, "nobody@example.org")
    queued = DBTaskResult.objects.get()

    password_reset_mail.call(**queued.args_kwargs["kwargs"])

    assert mail.outbox == []


def test_a_malformed_address_is_refused_without_a_task(client, task_queue):
    response, _queries = reset(client, "not-an-address")

    assert response.status_code == 200
    assert not DBTaskResult.objects.exists()
