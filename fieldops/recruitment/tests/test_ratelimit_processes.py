"""The job-alert limits hold across processes: gunicorn's workers, each with its
own memory, share one count in the database cache (fieldops.core.cache)."""

from __future__ import annotations

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from conftest import on_postgresql
from fieldops.core.testing.workers import database_url
from fieldops.recruitment.models import JobAlert

URL = "/en/job-alerts/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def shared_database(transactional_db, tmp_path) -> str:
    """The test database as a DATABASE_URL other processes can open: PostgreSQL's
    itself, or SQLite's in-memory one copied to a file."""
    if on_postgresql():
        return database_url()
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "shared.sqlite3")
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{tmp_path / 'shared.sqlite3'}"


@pytest.fixture
def gunicorn(shared_database, tmp_path):
    """Three gunicorn workers on the shared database; the base URL's port."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fieldops.settings.test",
        "DATABASE_URL": shared_database,
        "CACHE_URL": "",
        "FIELDOPS_VAR_DIR": str(tmp_path),
        "FIELDOPS_ALERT_RATE_PER_IP": "10/hour",
    }
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - the child writes it
    process = subprocess.Popen(  # noqa: S603 - our own application
        [sys.executable, "-m", "gunicorn", "--workers=3", f"--bind=127.0.0.1:{port}"]
        + ["fieldops.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    try:
        wait_until_up(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            request("GET", port, "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer within 60 s")


def request(method: str, port: int, path: str, body: str = "", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        conn.close()


def subscribe(port: int, n: int) -> int:
    body = urlencode(
        {
            "email": f"reader{n}@example.org",
            "frequency": "daily",
            "language": "en",
        }
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}{URL}",
    }
    return request("POST", port, URL, body, headers)[0]


class SharedLimitTests:
    def test_thirty_subscriptions_at_ten_an_hour_are_accepted_ten_times(
        self, gunicorn, tmp_path
    ):
        # The form takes no CSRF token (its page is public and cacheable).
        assert request("GET", gunicorn, URL)[0] == 200

        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(lambda n: subscribe(gunicorn, n), range(30)))

        assert sorted(statuses) == [303] * 10 + [429] * 20
        assert stored(tmp_path) == 10


def stored(tmp_path) -> int:
    if on_postgresql():
        return JobAlert.objects.count()
    with sqlite3.connect(tmp_path / "shared.sqlite3") as db:
        table = JobAlert._meta.db_table
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
