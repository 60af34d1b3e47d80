"""Which addresses a change purges from the front cache, when, and what happens
when the front cache is down: against a real HTTP server on localhost that
records the PURGE requests it gets (the stack tests check the real Varnish)."""

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from fieldops.core import front_cache
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OperationNameFactory,
)
from fieldops.recruitment.tests.factories import VacancyFactory


class Receiver(ThreadingHTTPServer):
    """Answers every PURGE with 200 and keeps what it was asked to purge."""

    def __init__(self):
        self.purged: list[str] = []
        super().__init__(("127.0.0.1", 0), PurgeHandler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class PurgeHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the method's name
        self.server.purged.append(self.headers.get("X-Purge-Regex") or self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FIELDOPS_FRONT_CACHE_URL = server.url
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def astana(db):
    operation = FieldOperationFactory(slug="astana")
    FieldOperationPageFactory(operation=operation, slug="astana")
    return operation


def publish(record):
    record.save_revision(clean=False).publish()


def test_a_fact_purges_its_profile_the_organisation_views_api_and_exports(
    astana, receiver, django_capture_on_commit_callbacks
):
    name = OperationNameFactory(operation=astana)
    receiver.purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publish(name)

    assert {
        "/en/field-operations/astana/",
        "/en/field-operations/",
        "/en/field-operations/timeline/",
        "/en/field-operations/comparison/",
        "/api/v1/field-operations/astana",
        "/api/v1/field-operations",
        "^/api/v1/organisation/",
        "^/exports/field-operations/astana[./]",
        r"^/exports/(all|comparison)[./]",
    } <= set(receiver.purged)
    # Each address once, however many saves the publishing made.
    assert len(receiver.purged) == len(set(receiver.purged))


def test_a_vacancy_purges_the_vacancies_and_its_operations_profile(
    astana, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        VacancyFactory(operation=astana)

    assert {
        "^/(en)/vacancies/",
        "/en/field-operations/astana/",
        "/sitemap.xml",
        "^/api/v1/",
    } <= set(receiver.purged)


def test_a_document_purges_the_register_and_every_profile(
    receiver, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        DocumentFactory()

    assert {"^/(en)/documents/", "^/(en)/field-operations/"} <= set(receiver.purged)


# Committed for real; the serialized rollback puts back what the migrations made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_purged_before_the_commit_nor_after_a_rollback(astana, receiver):
    name = OperationNameFactory(operation=astana)
    receiver.purged.clear()

    with pytest.raises(RuntimeError), transaction.atomic():
        publish(name)
        assert receiver.purged == []
        raise RuntimeError("the change fails")

    assert receiver.purged == []


def test_no_front_cache_means_no_purge(astana, settings, receiver):
    settings.FIELDOPS_FRONT_CACHE_URL = ""
    receiver.purged.clear()

    publish(OperationNameFactory(operation=astana))

    assert receiver.purged == []


def test_a_front_cache_that_is_down_does_not_stop_publishing(
    astana, settings, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        settings.FIELDOPS_FRONT_CACHE_URL = f"http://127.0.0.1:{sock.getsockname()[1]}"
    name = OperationNameFactory(operation=astana)

    with caplog.at_level(logging.WARNING, logger="fieldops.core.front_cache"):
        with django_capture_on_commit_callbacks(execute=True):
            name.full_name = "Published all the same"
            publish(name)

    name.refresh_from_db()
    assert name.full_name == "Published all the same"
    assert name.live
    assert "did not purge" in caplog.text
    # Stopped at the first failure: one warning, not one per address.
    assert caplog.text.count("did not purge") == 1


def test_a_front_cache_that_never_answers_does_not_hang_publishing(astana, settings):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.FIELDOPS_FRONT_CACHE_URL = (
            f"http://127.0.0.1:{silent.getsockname()[1]}"
        )

        done = front_cache.purge({"/en/"})

    assert done == 0
