"""Promises kept from stored state: a vacancy published is matched and mailed, a
confirmation asked for is mailed, even when the task that should have done it was
lost; an address has one alert per set of criteria; what is given up shows on the
data-health page and can be sent again. With a real SMTP server on localhost.

The same faults with real worker processes (SIGKILL, SIGTERM, a database error,
two PostgreSQL transactions at once) are in test_promises_processes.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from mailer.models import Message

from fieldops.accounts.testing import login_verified
from fieldops.core.reconcile import reconcile
from fieldops.core.tests.html import soup, text
from fieldops.recruitment.alerts.services import (
    ConsentRecord,
    job_alert_subscribe,
    job_alert_update,
)
from fieldops.recruitment.models import (
    AlertDelivery,
    AlertMatching,
    AlertState,
    DeliveryState,
    JobAlert,
    Vacancy,
)

from .factories import JobAlertFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    """A client signed in as a superuser, past two-step verification."""
    user = django_user_model.objects.create_superuser(
        "chief", "chief@example.org", "a long enough password"
    )
    login_verified(client, user)
    return client


CONSENT = ConsentRecord(text="I agree.", version="1", ip=None, user_agent="test")


def subscribe(address="reader@example.org", **criteria):
    return job_alert_subscribe(
        email=address,
        criteria=criteria,
        frequency="immediate",
        language="en",
        consent=CONSENT,
    )


class LostMatchingTests:
    """Publishing queues the matching after commit; here the queued task never
    runs (the test does not run on-commit work), as when the worker dies."""

    def test_reconcile_matches_and_mails_a_vacancy_whose_task_was_lost(
        self, smtp_server
    ):
        JobAlertFactory(confirmed=True, email="reader@example.org")
        vacancy = VacancyFactory(published=True)
        assert not AlertDelivery.objects.exists()
        assert list(Vacancy.objects.awaiting_matching()) == [vacancy]
        reconcile()
        assert [m["To"] for m in smtp_server.messages] == ["reader@example.org"]
        assert not Vacancy.objects.awaiting_matching().exists()
        reconcile()
        assert len(smtp_server.messages) == 1

    def test_a_vacancy_published_again_is_matched_again_for_new_alerts_only(
        self, smtp_server
    ):
        JobAlertFactory(confirmed=True, email="first@example.org")
        vacancy = VacancyFactory(published=True)
        reconcile()
        JobAlertFactory(confirmed=True, email="second@example.org")
        assert not Vacancy.objects.awaiting_matching().exists()
        vacancy.title = "Senior Human Rights Officer"
        vacancy.save_revision().publish()
        assert list(Vacancy.objects.awaiting_matching()) == [vacancy]
        reconcile()
        assert sorted(smtp_server.recipients()) == [
            "first@example.org",
            "second@example.org",
        ]
        assert set(smtp_server.recipients().values()) == {1}
        matching = AlertMatching.objects.get(vacancy=vacancy)
        vacancy.refresh_from_db()
        assert matching.published_at == vacancy.last_published_at

    def test_closed_and_draft_vacancies_are_not_matched(self, smtp_server):
        JobAlertFactory(confirmed=True, email="reader@example.org")
        closed = VacancyFactory(published=True, number="VNCLOSED1")
        Vacancy.objects.filter(pk=closed.pk).update(
            deadline=timezone.now() - datetime.timedelta(minutes=1)
        )
        draft = VacancyFactory(published=True, number="VNDRAFT01")
        draft.unpublish()
        assert not Vacancy.objects.awaiting_matching().exists()
        reconcile()
        assert smtp_server.messages == []

    def test_tasks_of_a_dead_worker_are_marked_failed_not_left_running(self, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        from fieldops.recruitment.tasks import vacancy_match

        result = vacancy_match.enqueue(vacancy_id=1)
        hour_ago = timezone.now() - datetime.timedelta(minutes=61)
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", started_at=hour_ago
        )
        fresh = vacancy_match.enqueue(vacancy_id=2)
        DBTaskResult.objects.filter(pk=fresh.id).update(
            status="RUNNING", started_at=timezone.now()
        )
        assert reconcile()["tasks_lost"] == 1
        assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"
        assert DBTaskResult.objects.get(pk=fresh.id).status == "RUNNING"


class OutboxTests:
    def test_confirmations_queued_while_smtp_is_down_go_out_once_it_is_back(
        self, smtp_server, caplog
    ):
        smtp_server.stop()
        alerts = [subscribe(f"reader{n}@example.org") for n in range(20)]
        assert Message.objects.count() == 20
        with caplog.at_level("WARNING", logger="fieldops.core.mail"):
            reconcile()  # a round stops after a few failures: the server is down
        assert Message.objects.count() == 20
        assert Message.objects.deferred().exists()
        deferrals = [r.getMessage() for r in caplog.records if "deferred" in r.msg]
        assert deferrals
        assert not [line for line in deferrals if "@example.org" in line]
        smtp_server.start()
        reconcile()
        assert sorted(smtp_server.recipients()) == sorted(a.email for a in alerts)
        assert set(smtp_server.recipients().values()) == {1}
        assert not Message.objects.exists()
        reconcile()
        assert len(smtp_server.messages) == 20

    def test_a_mail_sent_again_after_a_failure_repeats_its_message_id(
        self, smtp_server
    ):
        # The server accepted the mail, then the database went away before the
        # outbox recorded it: the transaction is rolled back, the outbox still
        # holds the mail and sends it again. The repeat must carry the same
        # Message-ID, by which receivers drop it.
        from unittest import mock

        from django.db import DatabaseError
        from mailer.models import MessageLog

        from fieldops.core.mail import outbox_send

        alert = subscribe()

        def database_gone(*args, **kwargs):
            raise DatabaseError("the server closed the connection")

        with (
            mock.patch.object(MessageLog.objects, "log", database_gone),
            mock.patch.object(Message, "defer", database_gone),
            pytest.raises(DatabaseError),
        ):
            outbox_send()
        assert Message.objects.count() == 1
        outbox_send()

        copies = [m for m in smtp_server.messages if m["To"] == alert.email]
        assert len(copies) == 2
        assert copies[0]["Message-ID"]
        assert copies[0]["Message-ID"] == copies[1]["Message-ID"]
        assert not Message.objects.exists()

    def test_the_already_subscribed_mail_is_queued_with_the_request(self, smtp_server):
        JobAlertFactory(
            confirmed=True, email="reader@example.org", criteria={"grade": {"P3"}}
        )
        subscribe("Reader@Example.org", grade={"P3"})
        (message,) = Message.objects.all()
        assert message.subject == "You already have this job alert"

    def test_a_failing_command_step_is_reported_and_the_rest_still_run(
        self, smtp_server, monkeypatch
    ):
        from fieldops.core import reconcile as module

        def broken():
            raise RuntimeError("broken step")

        monkeypatch.setitem(module._steps, "broken", broken)
        subscribe("reader@example.org")
        with pytest.raises(Exception, match="Steps failed: broken"):
            call_command("reconcile")
        assert [m["To"] for m in smtp_server.messages] == ["reader@example.org"]


class OneAlertPerAddressTests:
    def test_same_criteria_in_another_order_and_case_is_the_same_alert(self):
        first = subscribe("Reader@Example.ORG", grade={"P3", "P4"}, keyword={"a"})
        second = subscribe("reader@example.org", keyword={"a"}, grade={"P4", "P3"})
        assert first.pk == second.pk
        assert JobAlert.objects.count() == 1

    def test_the_database_refuses_a_second_active_alert(self):
        alert = subscribe("reader@example.org", grade={"P3"})
        twin = JobAlert(
            email="READER@example.org",
            criteria_key=alert.criteria_key,
            consent_text="x",
            consent_version="1",
            consent_at=timezone.now(),
        )
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            twin.save()

    def test_an_ended_alert_does_not_block_a_new_one(self):
        alert = subscribe("reader@example.org", grade={"P3"})
        JobAlert.objects.filter(pk=alert.pk).update(state=AlertState.UNSUBSCRIBED)
        assert subscribe("reader@example.org", grade={"P3"}).pk != alert.pk

    def test_changing_criteria_to_those_of_another_alert_is_refused(self):
        subscribe("reader@example.org", grade={"P3"})
        other = subscribe("reader@example.org", grade={"P4"})
        with pytest.raises(ValidationError, match="already has a job alert"):
            job_alert_update(
                alert=other,
                criteria={"grade": {"P3"}},
                frequency="daily",
                language="en",
            )
        other.refresh_from_db()
        assert (other.frequency, other.criteria.get().value) == ("immediate", "P4")

    def test_the_manage_page_says_so_instead_of_failing(self, client):
        from fieldops.recruitment.alerts import links

        subscribe("reader@example.org", grade={"P3"})
        other = subscribe("reader@example.org", grade={"P4"})
        url = links.manage_url(other).removeprefix("http://testserver")
        response = client.post(
            url, {"grade": ["P3"], "frequency": "daily", "language": "en"}
        )
        assert response.status_code == 400
        assert "already has a job alert with these criteria" in text(response)
        assert JobAlert.objects.get(pk=other.pk).criteria.get().value == "P4"


class GivenUpTests:
    def given_up(self, smtp_server, deadline_moved=False):
        alert = JobAlertFactory(confirmed=True, email="reader@example.org")
        vacancy = VacancyFactory(published=True)
        smtp_server.refuse = True
        reconcile()
        assert AlertDelivery.objects.get().attempts == 1
        Vacancy.objects.filter(pk=vacancy.pk).update(
            deadline=timezone.now() - datetime.timedelta(seconds=1)
        )
        AlertDelivery.objects.update(claimed_until=None)
        reconcile()
        assert AlertDelivery.objects.get().state == DeliveryState.GIVEN_UP
        smtp_server.refuse = False
        if deadline_moved:
            Vacancy.objects.filter(pk=vacancy.pk).update(
                deadline=timezone.now() + datetime.timedelta(days=3)
            )
        return alert, vacancy

    def test_given_up_alerts_show_on_data_health_with_the_last_error(
        self, admin_client, smtp_server
    ):
        _alert, vacancy = self.given_up(smtp_server)
        page = admin_client.get(f"/admin/data-health/{vacancy.operation.slug}/")
        words = text(page)
        assert "1 job-alert mail about it was given up" in words
        assert "451" in words
        assert vacancy.number in words
        assert not soup(page).select("form.health-action")

    def test_they_can_be_sent_again_once_the_vacancy_is_open_again(
        self, admin_client, smtp_server, django_capture_on_commit_callbacks
    ):
        _alert, vacancy = self.given_up(smtp_server, deadline_moved=True)
        url = f"/admin/data-health/{vacancy.operation.slug}/"
        page = soup(admin_client.get(url))
        (form,) = page.select("form.health-action")
        assert admin_client.get(form["action"]).status_code == 405
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(form["action"])
        assert response["Location"] == url
        assert [m["To"] for m in smtp_server.messages] == ["reader@example.org"]
        assert AlertDelivery.objects.get().state == DeliveryState.SENT

    def test_mail_waiting_in_the_outbox_shows_and_can_be_tried_again(
        self, admin_client, smtp_server, django_capture_on_commit_callbacks
    ):
        smtp_server.refuse = True
        subscribe("reader@example.org")
        reconcile()
        page = soup(admin_client.get("/admin/data-health/"))
        assert "1 mail has failed to go out since" in text(page)
        (form,) = page.select("form.health-action")
        smtp_server.refuse = False
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(form["action"])
        assert [m["To"] for m in smtp_server.messages] == ["reader@example.org"]
