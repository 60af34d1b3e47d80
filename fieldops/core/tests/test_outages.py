"""The site while its database is away, frozen, locked, read-only or full: a 503
made without the database (JSON under /api/, /exports/ and for /healthz), and
back to normal by itself once the database is (the same process, no restart).

PostgreSQL: a TCP proxy between the site and the server is taken down, frozen
and brought back; the server is read-only for the test's connection
(default_transaction_read_only, as on a hot standby: SQLSTATE 25006) or reports
its disk full (SQLSTATE 53100, raised by the server from a trigger). SQLite: the
file's directory is missing, another connection holds a lock, the connection is
query-only, or the file lies on a full tmpfs (root mounts one)."""

import os
import sqlite3
import subprocess

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult
from mailer.models import Message

from conftest import on_postgresql, unavailable
from fieldops.core.testing.outages import TcpProxy, connection_through, sqlite_file
from fieldops.recruitment.models import JobAlert

# Serialized: a later test that restores the migrated data by serialized rollback
# (the browser and stack tests) needs the tables left empty.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HTML_PATHS = ["/en/", "/en/field-operations/", "/en/vacancies/", "/en/job-alerts/"]
JSON_PATHS = ["/api/v1/field-operations", "/exports/all.json", "/healthz"]


def subscription(email: str) -> dict:
    """The job-alert form; each test its own address (a fourth subscription of
    one address in a day is answered as usual but not stored)."""
    return {"email": email, "frequency": "daily", "language": "en"}


class Database:
    """Takes the test database away and brings it back, for either engine."""

    def __init__(self):
        self.proxy = None
        self._away = None

    def down(self):
        if self.proxy:
            self.proxy.down()
        else:
            self._away = sqlite_file("/nonexistent-fieldops-outage/db.sqlite3")
            self._away.__enter__()

    def freeze(self):
        self.proxy.freeze()

    def up(self):
        if self.proxy:
            self.proxy.up()
        elif self._away:
            self._away.__exit__(None, None, None)
            self._away = None


@pytest.fixture(autouse=True)
def fresh_limits():
    """The subscription limits count in the cache, which outlives each test."""
    cache.clear()


@pytest.fixture
def client():
    """What a visitor gets: a failure in a middleware reaches the 500 handler
    (which answers the outage's 503) instead of being raised into the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database():
    state = Database()
    if not on_postgresql():
        yield state
        state.up()
        return
    settings = connection.settings_dict
    state.proxy = TcpProxy(
        settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)
    )
    state.proxy.start()
    try:
        # libpq's shortest connect timeout.
        with connection_through(state.proxy, connect_timeout=2):
            yield state
    finally:
        state.proxy.stop()


def assert_outage_page(response, heading="Temporarily unavailable"):
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"].isdigit()
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/html")
    assert heading in response.content.decode()


def assert_outage_json(response):
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"].isdigit()
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


class DatabaseAwayTests:
    def test_every_address_answers_503_and_recovers_when_it_is_back(
        self, client, database
    ):
        database.down()
        for path in HTML_PATHS:
            assert_outage_page(client.get(path))
        for path in JSON_PATHS:
            assert_outage_json(client.get(path))
        assert_outage_page(
            client.post("/en/job-alerts/", subscription("reader1@example.org"))
        )
        login = {"username": "admin", "password": "x" * 12}
        assert_outage_page(client.post("/admin/login/", login))
        database.up()
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/api/v1/field-operations").status_code == 200
        assert client.get("/en/vacancies/").status_code == 200

    def test_a_signed_in_visitor_gets_the_same_page(self, client, database, user):
        client.force_login(user)
        database.down()
        assert_outage_page(client.get("/en/vacancies/"))
        assert_outage_page(client.get("/admin/"))

    @pytest.mark.postgres
    def test_a_frozen_server_answers_503_after_the_connect_timeout(
        self, client, database
    ):
        database.freeze()
        assert_outage_json(client.get("/healthz"))
        assert_outage_page(client.get("/en/vacancies/"))
        database.up()
        assert client.get("/healthz").status_code == 200


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("reader", password="x" * 12)


def test_a_locked_sqlite_database_answers_503(client):
    if on_postgresql():
        pytest.skip("SQLite's own lock; PostgreSQL's waits are statement_timeout's")
    # Another writer holds the lock longer than the site waits for it.
    holder = sqlite3.connect(sqlite_database_name(), uri=True)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute(f"DELETE FROM {JobAlert._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 200")
    try:
        response = client.post("/en/job-alerts/", subscription("reader2@example.org"))
    finally:
        holder.rollback()
        holder.close()
        with connection.cursor() as cursor:
            cursor.execute(
                f"PRAGMA busy_timeout = {settings.DATABASE_LOCK_TIMEOUT * 1000}"
            )
    assert_outage_page(response)
    assert (
        client.post("/en/job-alerts/", subscription("reader3@example.org")).status_code
        == 303
    )
    assert JobAlert.objects.count() == 1


def sqlite_database_name() -> str:
    """The test database as SQLite opens it: a file, or the shared in-memory one."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        file = cursor.fetchone()[2]
    return file or connection.settings_dict["NAME"]


def read_only(on: bool):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SET default_transaction_read_only = {'on' if on else 'off'}"
            )
        else:
            cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


class ReadOnlyTests:
    def test_reads_go_on_and_a_subscription_is_refused_whole(self, client):
        read_only(True)
        try:
            refused = client.post(
                "/en/job-alerts/", subscription("reader4@example.org")
            )
            reads = [client.get(path).status_code for path in JSON_PATHS]
            form = client.get("/en/job-alerts/")
        finally:
            read_only(False)
        assert_outage_page(refused, "Changes cannot be saved right now")
        assert "nothing of this request was stored" in refused.content.decode()
        assert reads == [200, 200, 200]
        assert form.status_code == 200
        assert not JobAlert.objects.exists()
        assert not Message.objects.exists()

    # The queue of production, whose insert the full disk refuses (the tests'
    # immediate backend would run the task and keep its failure to itself).
    @override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    )
    def test_a_full_disk_refuses_the_subscription_whole(self, client, tmp_path):
        if on_postgresql():
            with disk_full_on_postgresql():
                refused = client.post(
                    "/en/job-alerts/", subscription("reader5@example.org")
                )
        else:
            with full_tmpfs(tmp_path) as name, sqlite_file(name):
                assert client.get("/en/job-alerts/").status_code == 200
                fill(tmp_path / "fs")
                refused = client.post(
                    "/en/job-alerts/", subscription("reader6@example.org")
                )
                assert not JobAlert.objects.exists()
        assert_outage_page(refused, "Changes cannot be saved right now")
        assert not JobAlert.objects.exists()
        assert not Message.objects.exists()


class disk_full_on_postgresql:  # noqa: N801 - used as a context manager
    """The server answers every insert of a queued task (the subscribe page
    queues the subscription: fieldops/recruitment/alerts/queue.py) with SQLSTATE
    53100."""

    table = DBTaskResult._meta.db_table

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE FUNCTION fieldops_test_disk_full() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'could not extend file: No space left on "
                "device' USING ERRCODE = 'disk_full'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER fieldops_test_disk_full BEFORE INSERT ON {self.table} "
                "FOR EACH ROW EXECUTE FUNCTION fieldops_test_disk_full()"
            )

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER fieldops_test_disk_full ON {self.table}")
            cursor.execute("DROP FUNCTION fieldops_test_disk_full()")


class full_tmpfs:  # noqa: N801 - used as a context manager
    """A copy of the test database on a tmpfs of its own, a little larger than
    the copy; yields the copy's path."""

    def __init__(self, tmp_path):
        self.mount_point = tmp_path / "fs"

    def __enter__(self) -> str:
        if os.geteuid() != 0:
            unavailable("Mounting a tmpfs needs root.")
        self.mount_point.mkdir()
        connection.ensure_connection()
        size = len(connection.connection.serialize()) + 512 * 1024
        subprocess.run(  # noqa: S603, S607 - fixed arguments
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", self.mount_point],
            check=True,
        )
        name = str(self.mount_point / "db.sqlite3")
        with sqlite3.connect(name) as copy:
            connection.connection.backup(copy)
        copy.close()
        return name

    def __exit__(self, *exc):
        subprocess.run(["umount", self.mount_point], check=True)  # noqa: S603, S607


def fill(directory):
    """Write to `directory` until its file system has no space left."""
    with open(directory / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
        except OSError:
            pass


def test_the_health_check_does_not_take_an_empty_sqlite_file_for_the_database(
    rf, tmp_path, monkeypatch
):
    """Where the database file is missing (moved, its disk not mounted), SQLite
    opens a new empty one, which answers `SELECT 1`: the check must fail."""
    from django.db.utils import ConnectionHandler

    from fieldops.core import views

    missing = tmp_path / "fieldops.sqlite3"
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(missing)}}
    )
    monkeypatch.setattr(views, "connection", handler["default"])
    try:
        response = views.health(rf.get("/healthz"))
    finally:
        handler["default"].close()

    assert response.status_code == 503
    assert response["Retry-After"]
