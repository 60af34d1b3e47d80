"""The mails to job alert subscribers: both parts, the subscriber's language, the
list headers of RFC 2369/2919/8058, and the confirmation mail."""

import re

import pytest
from django.utils.translation import gettext_lazy

from fieldops.core.mail import outbox_retry, outbox_send
from fieldops.recruitment.alerts import links
from fieldops.recruitment.alerts.emails import alert_message, confirmation_message

from .factories import JobAlertFactory

pytestmark = pytest.mark.django_db


def parts(message) -> tuple[str, str]:
    """The plain-text and HTML parts of a parsed mail."""
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


class AlertMessageTests:
    def test_mail_has_text_and_html_parts_with_the_manage_link(self, smtp_server):
        alert = JobAlertFactory(confirmed=True, criteria={"grade": {"P3"}})
        alert_message(
            alert,
            subject=gettext_lazy("You already have this job alert"),
            template="email/job_alert_exists",
            context={},
        ).send()
        outbox_send()
        (message,) = smtp_server.messages
        plain, html = parts(message)
        manage = links.manage_url(alert)
        assert manage in plain
        assert f'href="{manage}"' in html
        assert "Grade: P3" in plain
        assert "Grade: P3" in html
        assert "&lt;" not in plain

    def test_mail_has_the_list_headers(self, smtp_server, settings):
        settings.WAGTAILADMIN_BASE_URL = "https://jobs.example.org"
        alert = JobAlertFactory(confirmed=True)
        alert_message(
            alert, subject="Hello", template="email/job_alert_exists", context={}
        ).send()
        outbox_send()
        (message,) = smtp_server.messages
        assert message["List-Id"] == '"OSCE job alerts" <job-alerts.jobs.example.org>'
        unsubscribe = links.unsubscribe_url(alert)
        assert unsubscribe.startswith("https://jobs.example.org/en/job-alerts/")
        # A long header is folded before its value; the link itself stays whole.
        assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Auto-Submitted"] == "auto-generated"

    def test_message_id_given_by_the_sender_is_repeated_on_every_attempt(self):
        alert = JobAlertFactory(confirmed=True)

        def build():
            return alert_message(
                alert,
                subject="Hello",
                template="email/job_alert_exists",
                context={},
                message_id=f"alert-{alert.pk}-vacancy-7",
            ).message()

        assert build()["Message-ID"] == f"<alert-{alert.pk}-vacancy-7@testserver>"
        assert build()["Message-ID"] == build()["Message-ID"]
        other = alert_message(
            alert, subject="Hello", template="email/job_alert_exists", context={}
        ).message()
        assert other["Message-ID"] != build()["Message-ID"]

    def test_mail_is_rendered_in_the_alert_s_language(self):
        alert = JobAlertFactory(confirmed=True)
        # Only English is enabled yet: an alert in another language shows that
        # the language is switched for the mail, not taken from the request.
        alert.language = "ru"
        message = alert_message(
            alert, subject="Hello", template="email/job_alert_exists", context={}
        )
        html = message.alternatives[0].content
        assert re.search(r'<html lang="ru">', html)
        assert "/ru/job-alerts/manage/" in message.body
        assert (
            "/ru/job-alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
        )

    def test_line_breaks_in_a_subject_are_flattened(self):
        alert = JobAlertFactory(confirmed=True)
        message = alert_message(
            alert,
            subject="New vacancy:\r\nBcc: someone@example.org",
            template="email/job_alert_exists",
            context={},
        ).message()
        assert message["Subject"] == "New vacancy: Bcc: someone@example.org"
        assert message["Bcc"] is None


class ConfirmationMailTests:
    def test_confirmation_has_both_parts_the_link_and_its_expiry(self, smtp_server):
        alert = JobAlertFactory(criteria={"grade": {"P3"}})
        confirmation_message(alert).send()
        outbox_send()
        (message,) = smtp_server.messages
        plain, html = parts(message)
        confirm = re.search(r"http://testserver/en/job-alerts/confirm/\S+/", plain)
        assert confirm
        assert f'href="{confirm.group()}"' in html
        assert "The link works for 7 days, until" in plain
        assert "The link works for 7 days, until" in html
        assert "ignore this mail" in plain
        assert "Grade: P3" in plain
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["List-Unsubscribe"] is None
        assert '<html lang="en">' in html

    def test_refused_confirmation_stays_in_the_outbox_until_accepted(self, smtp_server):
        alert = JobAlertFactory()
        smtp_server.refuse = True
        confirmation_message(alert).send()
        outbox_send()
        outbox_retry()
        outbox_send()
        assert smtp_server.messages == []
        smtp_server.refuse = False
        outbox_retry()
        outbox_send()
        outbox_send()
        (message,) = smtp_server.messages
        assert message["To"] == alert.email

    def test_confirmation_waits_out_a_server_that_is_down(self, smtp_server):
        alert = JobAlertFactory()
        smtp_server.stop()
        confirmation_message(alert).send()
        outbox_send()
        smtp_server.start()
        outbox_send()  # deferred mail waits for its retry
        assert smtp_server.messages == []
        outbox_retry()
        outbox_send()
        assert [m["To"] for m in smtp_server.messages] == [alert.email]

    def test_confirmation_message_can_be_built_without_sending(self):
        alert = JobAlertFactory()
        message = confirmation_message(alert)
        assert message.to == [alert.email]
        assert message.subject == "Confirm your job alert"
