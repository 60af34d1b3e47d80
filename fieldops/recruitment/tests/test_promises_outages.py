"""Mail goes out exactly once across outages, with real `manage.py db_worker`
processes and a real SMTP server: the database going away under a running
worker (a TCP proxy between the worker and PostgreSQL is taken down and brought
back; the worker process must wait it out, not exit), and a worker killed
(SIGKILL) in the middle of sending the outbox. The SMTP server's own outage is
in test_promises_processes.py.

PostgreSQL only (the processes share the test database). Every wait is bounded."""

import signal
import time

import pytest
from django.conf import settings

from fieldops.core.testing.outages import TcpProxy
from fieldops.core.testing.workers import database_url, wait_until
from fieldops.recruitment.alerts.services import ConsentRecord, job_alert_subscribe

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CONSENT = ConsentRecord(text="I agree.", version="1", ip=None, user_agent="")


def subscribe(*addresses):
    for address in addresses:
        job_alert_subscribe(
            email=address,
            criteria={},
            frequency="immediate",
            language="en",
            consent=CONSENT,
        )


def log_of(group, name):
    return (group.log_dir / f"{name}.log").read_text()


@pytest.fixture
def proxy():
    database = settings.DATABASES["default"]
    proxy = TcpProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    proxy.start()
    yield proxy
    proxy.stop()


def test_the_worker_waits_out_a_database_outage_and_mails_once(processes, proxy):
    through_proxy = database_url().replace(
        f"@{settings.DATABASES['default']['HOST'] or '127.0.0.1'}:"
        f"{settings.DATABASES['default']['PORT'] or 5432}/",
        f"@127.0.0.1:{proxy.port}/",
    )
    assert str(proxy.port) in through_proxy
    group = processes("w1", DATABASE_URL=through_proxy)
    worker = group.processes["w1"]
    wait_until(lambda: "Starting worker" in log_of(group, "w1"), "the worker", group)
    proxy.down()
    wait_until(lambda: "waiting for it" in log_of(group, "w1"), "the failure", group)
    # Queued while the worker cannot see the queue.
    subscribe("during@example.org")
    wait_until(
        lambda: "still unavailable" in log_of(group, "w1"), "a second attempt", group
    )
    time.sleep(1)
    proxy.up()
    wait_until(lambda: "is back" in log_of(group, "w1"), "the reconnection", group)
    subscribe("after@example.org")
    wait_until(lambda: len(group.server.messages) == 2, "both mails", group)
    assert worker.poll() is None, group.logs()
    assert group.server.recipients() == {
        "during@example.org": 1,
        "after@example.org": 1,
    }
    time.sleep(1)  # nothing more arrives
    assert len(group.server.messages) == 2


def test_a_worker_killed_in_the_middle_of_the_outbox_mails_each_once(processes):
    addresses = [f"reader{n}@example.org" for n in range(6)]
    subscribe(*addresses)
    group = processes()
    group.server.stall_at = 3
    group.start("w1")
    assert group.server.stalled.wait(60), group.logs()
    # Two are accepted, the third is in the middle of its SMTP dialogue.
    group.signal("w1", signal.SIGKILL)
    group.server.resume.set()
    assert len(group.server.messages) == 2
    group.start("w2")
    assert group.run("reconcile", "reconcile") == 0, group.logs()
    wait_until(lambda: len(group.server.messages) == 6, "the other mails", group)
    assert sorted(group.server.recipients()) == sorted(addresses)
    assert set(group.server.recipients().values()) == {1}
