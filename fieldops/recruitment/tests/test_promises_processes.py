"""The promises of job alerts under real faults: a task worker killed (SIGKILL) or
stopped (SIGTERM) inside the matching of a published vacancy, the database failing
under it, the SMTP server down while people subscribe, two identical subscriptions
in two PostgreSQL transactions at once. Real `manage.py db_worker` and
`manage.py reconcile` processes, a real SMTP server on localhost.

PostgreSQL only (the processes share the test database). Every wait is bounded;
the processes are killed whatever happens."""

import signal
import threading

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult
from mailer.models import Message

from fieldops.core.testing.workers import wait_until
from fieldops.recruitment.alerts.services import ConsentRecord, job_alert_subscribe
from fieldops.recruitment.models import AlertDelivery, DeliveryState, JobAlert

from .factories import JobAlertFactory, VacancyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DELIVERIES = AlertDelivery._meta.db_table


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
