"""No alert mail lost, none sent twice, with two real worker processes sharing the
PostgreSQL queue and a real SMTP server on localhost that a test can stall or stop.

Runs on PostgreSQL only (the database queue skips locked rows there; SQLite runs one
worker). Every wait is bounded; the workers are killed whatever happens."""

from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from fieldops.core.testing.smtp import WAIT_SECONDS
from fieldops.core.testing.workers import wait_until
from fieldops.recruitment.models import AlertDelivery, DeliveryState
from fieldops.recruitment.tasks import deliveries_send

from .factories import JobAlertFactory, VacancyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LEASE_SECONDS = 4


@pytest.fixture
def server(smtp_server):
    return smtp_server


@pytest.fixture
def workers(processes):
    def start(*names, **env):
        return processes(*names, FIELDOPS_ALERT_LEASE_SECONDS=str(LEASE_SECONDS), **env)

    return start


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
    return [
        JobAlertFactory(confirmed=True, email=f"reader{n}@example.org")
        for n in range(count)
    ]


class DeliveryReliabilityTests:
    def test_two_workers_taking_the_same_batches_mail_each_alert_once(
        self, server, workers
    ):
        subscribers(30)
        group = workers("w1", "w2", FIELDOPS_ALERT_BATCH_SIZE="5")
        VacancyFactory(published=True)
        wait_until(lambda: AlertDelivery.objects.count() == 30, "matching", group)
        for _ in range(10):
            deliveries_send.enqueue()
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
        VacancyFactory(published=True)
        assert server.stalled.wait(WAIT_SECONDS), group.logs()
        running = DBTaskResult.objects.get(
            status="RUNNING", task_path__endswith=".deliveries_send"
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
        VacancyFactory(published=True)
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
        vacancy = VacancyFactory(published=True)
        wait_until(all_sent(5), "the first mails", group)
        vacancy.title = "Senior Human Rights Officer"
        vacancy.save_revision().publish()
        wait_until(
            lambda: (
                DBTaskResult.objects.filter(
                    task_path__endswith=".vacancy_match", status="SUCCESSFUL"
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
