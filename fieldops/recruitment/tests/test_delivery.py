import datetime

import pytest
from django.utils import timezone

from fieldops.recruitment.alerts import delivery
from fieldops.recruitment.alerts.delivery import deliveries_send
from fieldops.recruitment.alerts.matching import vacancy_match
from fieldops.recruitment.models import (
    AlertDelivery,
    AlertState,
    DeliveryState,
    Frequency,
)

from .factories import JobAlertFactory, VacancyFactory


@pytest.fixture
def mail(smtp_server, settings):
    settings.FIELDOPS_ALERT_RETRY_SECONDS = 0  # a failed row may be retried at once
    return smtp_server


def recipients(server) -> list[str]:
    return sorted(message["To"] for message in server.messages)


@pytest.mark.django_db
class ImmediateDeliveryTests:
    def publish(self, capture, **fields):
        with capture(execute=True):
            return VacancyFactory(published=True, **fields)

    def test_immediate_alert_is_mailed_once_with_list_headers(
        self, mail, django_capture_on_commit_callbacks
    ):
        alert = JobAlertFactory(
            confirmed=True, email="reader@example.org", criteria={"grade": {"P3"}}
        )
        vacancy = self.publish(
            django_capture_on_commit_callbacks,
            title="Human Rights Officer",
            grade="P3",
        )
        [message] = mail.messages
        assert message["To"] == "reader@example.org"
        assert "Human Rights Officer" in message["Subject"]
        assert message["List-Id"].endswith("<job-alerts.testserver>")
        assert message["List-Unsubscribe"].strip().startswith("<http://testserver/en/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        expected_id = f"<alert-{alert.pk}-vacancy-{vacancy.pk}@testserver>"
        assert message["Message-ID"] == expected_id
        parts = {part.get_content_type() for part in message.walk()}
        assert {"text/plain", "text/html"} <= parts
        text = message.get_body(("plain",)).get_content()
        assert f"/en/vacancies/{vacancy.number}/" in text
        delivery = AlertDelivery.objects.get()
        assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 0)
        assert delivery.sent_at is not None

    def test_every_alert_of_several_batches_is_mailed(
        self, mail, settings, django_capture_on_commit_callbacks
    ):
        settings.FIELDOPS_ALERT_BATCH_SIZE = 3
        for n in range(8):
            JobAlertFactory(confirmed=True, email=f"reader{n}@example.org")
        self.publish(django_capture_on_commit_callbacks)
        assert recipients(mail) == [f"reader{n}@example.org" for n in range(8)]
        assert set(AlertDelivery.objects.values_list("state", flat=True)) == {"sent"}

    def test_daily_and_weekly_alerts_are_not_mailed_at_once(
        self, mail, django_capture_on_commit_callbacks
    ):
        JobAlertFactory(
            confirmed=True, email="daily@example.org", frequency=Frequency.DAILY
        )
        JobAlertFactory(
            confirmed=True, email="weekly@example.org", frequency=Frequency.WEEKLY
        )
        self.publish(django_capture_on_commit_callbacks)
        assert mail.messages == []
        assert AlertDelivery.objects.filter(state="pending").count() == 2

    def test_refused_mail_is_sent_once_the_server_accepts_it_and_never_twice(
        self, mail, django_capture_on_commit_callbacks
    ):
        for n in range(3):
            JobAlertFactory(confirmed=True, email=f"reader{n}@example.org")
        mail.refuse = True
        self.publish(django_capture_on_commit_callbacks)
        assert mail.messages == []
        delivery = AlertDelivery.objects.first()
        assert delivery.state == DeliveryState.PENDING
        assert delivery.attempts == 1
        assert "451" in delivery.last_error
        mail.refuse = False
        deliveries_send()
        deliveries_send()
        assert recipients(mail) == [f"reader{n}@example.org" for n in range(3)]

    def test_mail_waits_while_the_server_is_down_and_goes_once_it_is_up(
        self, mail, django_capture_on_commit_callbacks
    ):
        JobAlertFactory(confirmed=True, email="reader@example.org")
        mail.stop()
        self.publish(django_capture_on_commit_callbacks)
        delivery = AlertDelivery.objects.get()
        assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 1)
        assert delivery.last_error
        mail.start()
        deliveries_send()
        deliveries_send()
        assert recipients(mail) == ["reader@example.org"]

    def test_republished_vacancy_is_not_mailed_again(
        self, mail, django_capture_on_commit_callbacks
    ):
        JobAlertFactory(confirmed=True, email="reader@example.org")
        vacancy = self.publish(django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            vacancy.title = "Senior Human Rights Officer"
            vacancy.save_revision().publish()
        assert recipients(mail) == ["reader@example.org"]
        assert AlertDelivery.objects.get().state == DeliveryState.SENT

    def test_alert_unsubscribed_before_sending_gets_nothing(
        self, mail, django_capture_on_commit_callbacks
    ):
        alert = JobAlertFactory(confirmed=True, email="leaving@example.org")
        mail.refuse = True
        self.publish(django_capture_on_commit_callbacks)
        alert.state = AlertState.UNSUBSCRIBED
        alert.save()
        mail.refuse = False
        deliveries_send()
        assert mail.messages == []
        assert AlertDelivery.objects.get().state == DeliveryState.SKIPPED

    def test_vacancy_closed_while_every_attempt_failed_is_given_up_not_mailed(
        self, mail, django_capture_on_commit_callbacks
    ):
        JobAlertFactory(confirmed=True, email="reader@example.org")
        mail.refuse = True
        vacancy = self.publish(django_capture_on_commit_callbacks)
        vacancy.deadline = timezone.now() - datetime.timedelta(seconds=1)
        vacancy.save()
        mail.refuse = False
        deliveries_send()
        assert mail.messages == []
        delivery = AlertDelivery.objects.get()
        assert delivery.state == DeliveryState.GIVEN_UP
        assert "451" in delivery.last_error

    def test_vacancy_closed_before_any_attempt_is_skipped(self, mail):
        JobAlertFactory(confirmed=True, email="reader@example.org")
        vacancy = VacancyFactory(published=True)
        vacancy_match(vacancy_id=vacancy.pk)
        vacancy.deadline = timezone.now() - datetime.timedelta(seconds=1)
        vacancy.save()
        deliveries_send()
        assert mail.messages == []
        assert AlertDelivery.objects.get().state == DeliveryState.SKIPPED

    def test_failures_are_retried_however_many_while_the_vacancy_is_open(
        self, mail, django_capture_on_commit_callbacks
    ):
        JobAlertFactory(confirmed=True, email="reader@example.org")
        mail.refuse = True
        self.publish(django_capture_on_commit_callbacks)
        AlertDelivery.objects.update(attempts=500)  # days of a mail outage
        deliveries_send()
        delivery = AlertDelivery.objects.get()
        assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 501)
        assert delivery.claimed_until - timezone.now() <= datetime.timedelta(hours=1)
        mail.refuse = False
        AlertDelivery.objects.update(claimed_until=None)
        deliveries_send()
        assert recipients(mail) == ["reader@example.org"]

    def test_delivery_claimed_by_another_sender_is_left_to_it(self, mail):
        JobAlertFactory(confirmed=True, email="reader@example.org")
        vacancy = VacancyFactory(published=True)

        vacancy_match(vacancy_id=vacancy.pk)
        AlertDelivery.objects.update(
            claimed_until=timezone.now() + datetime.timedelta(minutes=5)
        )
        assert deliveries_send().claimed == 0
        AlertDelivery.objects.update(
            claimed_until=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert deliveries_send().sent == 1
        assert recipients(mail) == ["reader@example.org"]

    def test_mail_that_cannot_be_built_fails_alone_and_the_batch_goes_on(
        self, mail, monkeypatch
    ):
        broken = JobAlertFactory(confirmed=True, email="broken@example.org")
        JobAlertFactory(confirmed=True, email="fine@example.org")
        vacancy_match(vacancy_id=VacancyFactory(published=True).pk)
        build = delivery.vacancy_message

        def failing_for_one(row):
            if row.alert_id == broken.pk:
                raise ValueError("cannot render")
            return build(row)

        monkeypatch.setattr(delivery, "vacancy_message", failing_for_one)
        deliveries_send()
        assert recipients(mail) == ["fine@example.org"]
        failed = AlertDelivery.objects.get(alert=broken)
        assert (failed.state, failed.attempts) == (DeliveryState.PENDING, 1)
        assert "cannot render" in failed.last_error
