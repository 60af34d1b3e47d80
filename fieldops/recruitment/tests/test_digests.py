import pytest
from django.core.management import call_command

from fieldops.recruitment.alerts.matching import vacancy_match
from fieldops.recruitment.models import AlertDelivery, DeliveryState, Frequency

from .factories import JobAlertFactory, VacancyFactory


def matched(*vacancies):
    for vacancy in vacancies:
        vacancy_match(vacancy_id=vacancy.pk)


@pytest.mark.django_db
class DigestTests:
    def test_daily_digest_puts_all_pending_vacancies_of_an_alert_in_one_email(
        self, smtp_server
    ):
        JobAlertFactory(
            confirmed=True, email="daily@example.org", frequency=Frequency.DAILY
        )
        JobAlertFactory(
            confirmed=True, email="other@example.org", frequency=Frequency.DAILY
        )
        first = VacancyFactory(published=True, number="VNKAZ001", title="Legal Adviser")
        second = VacancyFactory(
            published=True, number="VNKAZ002", title="Budget Assistant"
        )
        matched(first, second)
        call_command("send_alert_digests", frequency="daily")
        assert sorted(m["To"] for m in smtp_server.messages) == [
            "daily@example.org",
            "other@example.org",
        ]
        text = smtp_server.messages[0].get_body(("plain",)).get_content()
        assert "Legal Adviser" in text
        assert "Budget Assistant" in text
        assert "2 new vacancies" in smtp_server.messages[0]["Subject"]
        assert set(AlertDelivery.objects.values_list("state", flat=True)) == {
            DeliveryState.SENT
        }

    def test_running_the_digest_twice_mails_nothing_more(self, smtp_server):
        JobAlertFactory(
            confirmed=True, email="daily@example.org", frequency=Frequency.DAILY
        )
        matched(VacancyFactory(published=True))
        call_command("send_alert_digests", frequency="daily")
        call_command("send_alert_digests", frequency="daily")
        assert len(smtp_server.messages) == 1

    def test_daily_digest_leaves_weekly_alerts_alone(self, smtp_server):
        JobAlertFactory(
            confirmed=True, email="weekly@example.org", frequency=Frequency.WEEKLY
        )
        matched(VacancyFactory(published=True))
        call_command("send_alert_digests", frequency="daily")
        assert smtp_server.messages == []
        call_command("send_alert_digests", frequency="weekly")
        assert [m["To"] for m in smtp_server.messages] == ["weekly@example.org"]

    def test_digest_refused_by_the_server_is_sent_whole_on_the_next_run(
        self, smtp_server, settings
    ):
        settings.FIELDOPS_ALERT_RETRY_SECONDS = 0
        JobAlertFactory(
            confirmed=True, email="daily@example.org", frequency=Frequency.DAILY
        )
        matched(
            VacancyFactory(published=True, number="VNKAZ001"),
            VacancyFactory(published=True, number="VNKAZ002"),
        )
        smtp_server.refuse = True
        call_command("send_alert_digests", frequency="daily")
        assert AlertDelivery.objects.filter(state="pending", attempts=1).count() == 2
        smtp_server.refuse = False
        call_command("send_alert_digests", frequency="daily")
        call_command("send_alert_digests", frequency="daily")
        assert len(smtp_server.messages) == 1

    def test_digest_command_also_sends_immediate_mail_left_waiting(
        self, smtp_server, settings
    ):
        settings.FIELDOPS_ALERT_RETRY_SECONDS = 0
        JobAlertFactory(confirmed=True, email="now@example.org")
        matched(VacancyFactory(published=True))  # its sender task never ran
        call_command("send_alert_digests", frequency="weekly")
        assert [m["To"] for m in smtp_server.messages] == ["now@example.org"]

    def test_unknown_frequency_is_refused_with_a_message(self):
        with pytest.raises(Exception, match="invalid choice"):
            call_command("send_alert_digests", frequency="hourly")
