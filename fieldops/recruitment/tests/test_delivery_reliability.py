"""No alert mail lost, none sent twice, with two real worker processes sharing the
PostgreSQL queue and a real SMTP server on localhost that a test can stall or stop.

Runs on PostgreSQL only (the database queue skips locked rows there; SQLite runs one
worker). Every wait is bounded; the workers are killed whatever happens."""

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django_tasks_db.models import DBTaskResult

from fieldops.recruitment.models import AlertDelivery, DeliveryState
from fieldops.recruitment.tasks import send_deliveries

from .delivery_fixtures import confirmed_alert, publish_vacancy, republish

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_content_types():
    # An earlier transactional test flushed the tables and the content types came
    # back with new ids; the process-wide cache would still hand out the old ones.
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


LEASE_SECONDS = 4
WAIT_SECONDS = 60


class StallingSmtpServer:
    """Accepts every message, except that it can be told to keep the sender of the
    k-th one waiting for its answer (and then refuse it), or be stopped and started
    again on the same port."""

    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.lock = threading.Lock()
        self.accepted: list[email.message.EmailMessage] = []
        self.stall_at: int | None = None
        self.stalled = threading.Event()
        self.resume = threading.Event()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            stall = self.stall_at == len(self.accepted) + 1
            if stall:
                self.stall_at = None
        if stall:
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(
                None, self.resume.wait, WAIT_SECONDS
            )
            return "451 4.3.0 Not accepted"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.accepted.append(message)
        return "250 Message accepted"

    def recipients(self) -> Counter:
        with self.lock:
            return Counter(message["To"] for message in self.accepted)

    def start(self):
        self.controller = Controller(
            self, hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.resume.set()
            self.controller.stop()
            self.controller = None


class Workers:
    """`manage.py db_worker` processes on the test database."""

    def __init__(self, server, log_dir, **env):
        database = django_settings.DATABASES["default"]
        url = (
            f"postgres://{database['USER']}:{database['PASSWORD']}"
            f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        )
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "fieldops.settings.worker_test",
            "DATABASE_URL": url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.port),
            "FIELDOPS_VAR_DIR": str(log_dir),
            "FIELDOPS_ALERT_LEASE_SECONDS": str(LEASE_SECONDS),
            "LOG_LEVEL": "INFO",
            **env,
        }
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, *names):
        for name in names:
            log = open(self.log_dir / f"{name}.log", "w")
            self.processes[name] = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--interval=0.2",
                    "--no-startup-delay",
                    "--no-reload",
                    f"--worker-id={name}",
                ],
                cwd=django_settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            log.close()

    def kill(self, name):
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n{(self.log_dir / f'{name}.log').read_text()[-3000:]}"
            for name in self.processes
        )


@pytest.fixture
def server():
    server = StallingSmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def task_queue(settings):
    """Tasks queued by the test process go to the database queue the workers read."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }


@pytest.fixture
def workers(transactional_db, server, task_queue, tmp_path):
    groups = []

    def start(*names, **env):
        group = Workers(server, tmp_path, **env)
        groups.append(group)
        group.start(*names)
        return group

    try:
        yield start
    finally:
        for group in groups:
            group.stop_all()


def wait_until(condition, what, group=None, timeout=WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(
                f"Timed out waiting for {what}\n{group.logs() if group else ''}"
            )
        time.sleep(0.2)


def all_sent(count):
    return lambda: (
        AlertDelivery.objects.filter(state=DeliveryState.SENT).count() == (count)
    )


def queue_drained(except_workers=()):
    """No task waiting or running (the follow-up senders included), apart from the
    task a killed worker left running."""

    def drained():
        busy = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
        return not [
            result
            for result in busy
            if not (
                result.status == "RUNNING"
                and set(result.worker_ids) & set(except_workers)
            )
        ]

    return drained


def assert_no_task_failed():
    failed = DBTaskResult.objects.filter(status="FAILED")
    assert not failed.exists(), "\n".join(result.traceback for result in failed)


def subscribers(count):
    return [confirmed_alert(f"reader{n}@example.org") for n in range(count)]


class DeliveryReliabilityTests:
    def test_two_workers_taking_the_same_batches_mail_each_alert_once(
        self, server, workers
    ):
        subscribers(30)
        group = workers("w1", "w2", FIELDOPS_ALERT_BATCH_SIZE="5")
        publish_vacancy()
        wait_until(lambda: AlertDelivery.objects.count() == 30, "matching", group)
        for _ in range(10):
            send_deliveries.enqueue()
        wait_until(all_sent(30), "all deliveries sent", group)
        wait_until(queue_drained(), "the queue to drain", group)
        assert_no_task_failed()
        recipients = server.recipients()
        assert len(recipients) == 30
        assert set(recipients.values()) == {1}

    def test_worker_killed_in_the_middle_of_a_batch_loses_and_repeats_nothing(
        self, server, workers
    ):
        subscribers(10)
        server.stall_at = 4
        group = workers("w1", "w2")
        publish_vacancy()
        assert server.stalled.wait(WAIT_SECONDS), group.logs()
        running = DBTaskResult.objects.get(
            status="RUNNING", task_path__endswith=".send_deliveries"
        )
        victim = running.worker_ids[-1]
        group.kill(victim)
        server.resume.set()
        assert sum(server.recipients().values()) == 3
        wait_until(all_sent(10), "the other worker to send the rest", group)
        wait_until(queue_drained(except_workers=[victim]), "the queue", group)
        assert_no_task_failed()
        recipients = server.recipients()
        assert len(recipients) == 10
        assert set(recipients.values()) == {1}

    def test_mail_waits_out_an_smtp_outage_and_goes_once(self, server, workers):
        subscribers(5)
        server.stop()
        group = workers("w1", "w2", FIELDOPS_ALERT_RETRY_SECONDS="1")
        publish_vacancy()
        wait_until(
            lambda: AlertDelivery.objects.filter(attempts__gte=1).count() == 5,
            "the failed attempts",
            group,
        )
        assert server.recipients() == Counter()
        server.start()
        wait_until(all_sent(5), "the retries", group)
        wait_until(queue_drained(), "the queue to drain", group)
        assert_no_task_failed()
        recipients = server.recipients()
        assert len(recipients) == 5
        assert set(recipients.values()) == {1}

    def test_republished_vacancy_is_not_mailed_again(self, server, workers):
        subscribers(5)
        group = workers("w1", "w2")
        vacancy = publish_vacancy()
        wait_until(all_sent(5), "the first mails", group)
        republish(vacancy, title="Senior Human Rights Officer")
        wait_until(
            lambda: (
                DBTaskResult.objects.filter(
                    task_path__endswith=".match_vacancy", status="SUCCESSFUL"
                ).count()
                == 2
            ),
            "the second matching",
            group,
        )
        wait_until(queue_drained(), "the queue to drain", group)
        assert_no_task_failed()
        assert sum(server.recipients().values()) == 5
        assert AlertDelivery.objects.count() == 5
