"""The promises of job alerts under real faults: a task worker killed (SIGKILL) or
stopped (SIGTERM) inside the matching of a published vacancy, the database failing
under it, the SMTP server down while people subscribe, two identical subscriptions
in two PostgreSQL transactions at once. Real `manage.py db_worker` and
`manage.py reconcile` processes, a real SMTP server on localhost.

PostgreSQL only (the processes share the test database). Every wait is bounded;
the processes are killed whatever happens."""

import datetime
import signal
import threading

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from mailer.models import Message

from fieldops.core.testing.workers import wait_until
from fieldops.recruitment.alerts.queue import job_alert_subscribe_later
from fieldops.recruitment.alerts.services import ConsentRecord, job_alert_subscribe
from fieldops.recruitment.models import AlertDelivery, DeliveryState, JobAlert

from .factories import JobAlertFactory, VacancyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DELIVERIES = AlertDelivery._meta.db_table
ALERTS = JobAlert._meta.db_table
TASKS = DBTaskResult._meta.db_table


def side_connection() -> psycopg.Connection:
    """A second connection to the test database, outside Django's."""
    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=database["NAME"],
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
    )


def blocked_on_a_lock() -> bool:
    """Whether some other session of the test database waits for a lock."""
    with connection.cursor() as cursor:
        # The activity view is a snapshot kept for the transaction: take a new one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def blocked_on(table: str) -> bool:
    """Whether a session of the test database waits for a lock in a statement
    naming `table`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND query LIKE %s",
            [f"%{table}%"],
        )
        return cursor.fetchone()[0] > 0


def end_blocked_sessions() -> None:
    """End the database sessions waiting for a lock, as the loss of a host ends a
    killed worker's connection (PostgreSQL sees it gone only when it writes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )


def past_the_lost_limit() -> None:
    """Move the start of the running tasks back past
    FIELDOPS_TASK_LOST_AFTER_MINUTES, as if that long had passed."""
    DBTaskResult.objects.running().update(
        started_at=timezone.now()
        - datetime.timedelta(minutes=settings.FIELDOPS_TASK_LOST_AFTER_MINUTES + 1)
    )


def task_state(name: str) -> set[str]:
    return set(
        DBTaskResult.objects.filter(task_path__endswith=f".{name}").values_list(
            "status", flat=True
        )
    )


def mailed_once(server, count: int):
    return lambda: (
        len(server.recipients()) == count
        and AlertDelivery.objects.filter(state=DeliveryState.SENT).count() == count
    )


def assert_each_mailed_once(server, addresses):
    assert sorted(server.recipients()) == sorted(addresses)
    assert set(server.recipients().values()) == {1}


@pytest.fixture
def subscribers():
    return [
        JobAlertFactory(confirmed=True, email=f"reader{n}@example.org").email
        for n in range(5)
    ]


class MatchingSurvivesTests:
    def test_worker_killed_inside_the_matching(self, processes, subscribers):
        group = processes("w1")
        with side_connection() as lock:
            lock.execute(f"LOCK TABLE {DELIVERIES} IN EXCLUSIVE MODE")
            VacancyFactory(published=True)
            wait_until(blocked_on_a_lock, "the matching to block", group)
            assert task_state("vacancy_match") == {"RUNNING"}
            group.kill("w1")
        assert not AlertDelivery.objects.exists()
        group.start("w2")  # a restarted worker: the lost task is not run again
        assert task_state("vacancy_match") == {"RUNNING"}
        assert group.run("reconcile", "reconcile") == 0, group.logs()
        wait_until(mailed_once(group.server, 5), "the mails", group)
        assert_each_mailed_once(group.server, subscribers)

    def test_worker_stopped_for_a_deploy_inside_the_matching(
        self, processes, subscribers
    ):
        group = processes("w1")
        with side_connection() as lock:
            lock.execute(f"LOCK TABLE {DELIVERIES} IN EXCLUSIVE MODE")
            VacancyFactory(published=True)
            wait_until(blocked_on_a_lock, "the matching to block", group)
            group.processes["w1"].send_signal(signal.SIGTERM)
            # A service manager kills what has not stopped after its grace time.
            try:
                group.processes["w1"].wait(timeout=2)
            except Exception:  # noqa: BLE001 - still waiting on the lock
                group.kill("w1")
        assert group.run("reconcile", "reconcile") == 0, group.logs()
        wait_until(mailed_once(group.server, 5), "the mails", group)
        assert_each_mailed_once(group.server, subscribers)

    def test_database_error_inside_the_matching(self, processes, subscribers):
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE FUNCTION fieldops_test_fault() RETURNS trigger AS "
                "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER fieldops_test_fault BEFORE INSERT ON {DELIVERIES} "
                "FOR EACH STATEMENT EXECUTE FUNCTION fieldops_test_fault()"
            )
        try:
            group = processes("w1")
            VacancyFactory(published=True)
            wait_until(
                lambda: task_state("vacancy_match") == {"FAILED"}, "the failure", group
            )
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TRIGGER fieldops_test_fault ON {DELIVERIES}")
                cursor.execute("DROP FUNCTION fieldops_test_fault()")
        assert not AlertDelivery.objects.exists()
        assert group.run("reconcile", "reconcile") == 0, group.logs()
        wait_until(mailed_once(group.server, 5), "the mails", group)
        assert_each_mailed_once(group.server, subscribers)
        assert group.run("again", "reconcile") == 0
        assert len(group.server.messages) == 5


class ConfirmationSurvivesTests:
    def test_confirmations_wait_out_an_smtp_outage(self, processes):
        group = processes("w1", "w2")
        group.server.stop()
        consent = ConsentRecord(text="I agree.", version="1", ip=None, user_agent="")
        addresses = [f"reader{n}@example.org" for n in range(20)]
        for address in addresses:
            job_alert_subscribe(
                email=address,
                criteria={},
                frequency="immediate",
                language="en",
                consent=consent,
            )
        wait_until(
            lambda: (
                Message.objects.deferred().exists()
                and not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
            ),
            "the failed attempts",
            group,
        )
        assert Message.objects.count() == 20
        group.server.start()
        assert group.run("reconcile", "reconcile") == 0, group.logs()
        wait_until(lambda: not Message.objects.exists(), "the outbox to empty", group)
        assert_each_mailed_once(group.server, addresses)


def subscribe_later(email: str) -> None:
    job_alert_subscribe_later(
        email=email,
        criteria={"grade": {"P3"}},
        frequency="immediate",
        language="en",
        consent=ConsentRecord(
            text="I agree.",
            version="1",
            ip=None,
            user_agent="",
            at=timezone.now(),
        ),
    )


def confirmed_once(group, email: str):
    return lambda: (
        group.server.recipients() == {email: 1}
        and task_state("job_alert_subscribe_task") == {"SUCCESSFUL"}
    )


class SubscriptionSurvivesTests:
    """The subscription's data is only in its task's arguments: a task lost with
    its worker is run again by reconcile, and stores and mails the alert once."""

    def test_worker_killed_inside_a_subscription(self, processes):
        group = processes("w1")
        with side_connection() as lock:
            lock.execute(f"LOCK TABLE {ALERTS} IN EXCLUSIVE MODE")
            subscribe_later("reader@example.org")
            wait_until(lambda: blocked_on(ALERTS), "the insert to block", group)
            group.kill("w1")
            end_blocked_sessions()
        assert not JobAlert.objects.exists()
        assert task_state("job_alert_subscribe_task") == {"RUNNING"}
        past_the_lost_limit()
        group.start("w2")
        assert group.run("reconcile", "reconcile") == 0, group.logs()
        wait_until(confirmed_once(group, "reader@example.org"), "the mail", group)
        assert JobAlert.objects.get().email == "reader@example.org"
        assert group.run("again", "reconcile") == 0
        assert group.server.recipients() == {"reader@example.org": 1}

    def test_worker_killed_after_the_work_before_its_success_is_recorded(
        self, processes
    ):
        """The run that did the work but was cut off before marking the task
        successful must leave nothing done: its second run would mail twice."""
        group = processes("w1")
        with side_connection() as lock_alerts, side_connection() as lock_task:
            lock_alerts.execute(f"LOCK TABLE {ALERTS} IN EXCLUSIVE MODE")
            subscribe_later("reader@example.org")
            wait_until(lambda: blocked_on(ALERTS), "the insert to block", group)
            lock_task.execute(f"SELECT 1 FROM {TASKS} FOR UPDATE")
            lock_alerts.commit()  # the work goes on, up to its mark of success
            wait_until(lambda: blocked_on(TASKS), "the success mark to block", group)
            group.kill("w1")
            end_blocked_sessions()
        past_the_lost_limit()
        group.start("w2")
        assert group.run("reconcile", "reconcile") == 0, group.logs()
        wait_until(confirmed_once(group, "reader@example.org"), "the mail", group)
        assert JobAlert.objects.count() == 1
        assert group.run("again", "reconcile") == 0
        assert group.server.recipients() == {"reader@example.org": 1}


class OneAlertUnderRaceTests:
    def test_two_transactions_subscribing_at_once_store_one_alert(self):
        """The first transaction inserts and holds its commit until the second has
        tried to insert the same alert (and waits on the unique index); then the
        first commits, and the second must find its alert, not make another."""
        consent = ConsentRecord(text="I agree.", version="1", ip=None, user_agent="")
        first_inserted = threading.Event()
        outcome = {}

        def subscribe(name, hold: bool):
            from django.db import transaction

            try:
                with transaction.atomic():
                    alert = job_alert_subscribe(
                        email="reader@example.org",
                        criteria={"grade": {"P3"}},
                        frequency="immediate",
                        language="en",
                        consent=consent,
                    )
                    if hold:
                        first_inserted.set()
                        wait_until(blocked_on_a_lock, "the second insert to wait")
                outcome[name] = alert.pk
            except BaseException as error:  # noqa: BLE001 - the assertions report it
                outcome[name] = error
            finally:
                connections.close_all()

        first = threading.Thread(target=subscribe, args=("first", True))
        first.start()
        assert first_inserted.wait(30)
        second = threading.Thread(target=subscribe, args=("second", False))
        second.start()
        first.join(60)
        second.join(60)
        assert isinstance(outcome["first"], int), outcome
        assert outcome["first"] == outcome["second"], outcome
        assert JobAlert.objects.count() == 1
