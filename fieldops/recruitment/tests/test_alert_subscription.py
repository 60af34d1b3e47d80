"""Subscribing to a job alert: the form, the consent record, the stored criteria,
double opt-in and the answer that never tells who subscribes."""

import datetime
import re

import pytest
from django.test import Client

from fieldops.core.tests.html import soup, text
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    OperationNameFactory,
)
from fieldops.recruitment.alerts.services import job_alert_confirm
from fieldops.recruitment.models import (
    AlertCriterion,
    AlertState,
    JobAlert,
)
from fieldops.recruitment.tests.factories import FieldOfExpertiseFactory

from .factories import JobAlertFactory, VacancyFactory

URL = "/en/job-alerts/"
pytestmark = pytest.mark.django_db


def subscribe(client, capture, **data):
    """POST the form with `data` over sensible defaults, running on-commit work."""
    form = {"email": "reader@example.org", "frequency": "immediate", "language": "en"}
    form.update(data)
    with capture(execute=True):
        return client.post(URL, form, HTTP_USER_AGENT="TestBrowser/1.0")


def without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


class SubscribeFormTests:
    def test_form_is_filled_in_from_the_vacancy_list_filters(self, client):
        operation = FieldOperationFactory()
        query = f"?operation={operation.pk}&grade=P3&modality=seconded&q=elections"
        page = soup(client.get(URL + query))
        assert (
            page.find("input", {"name": "operation", "value": str(operation.pk)})[
                "checked"
            ]
            is not None
        )
        assert page.find("input", {"name": "grade", "value": "P3"}).has_attr("checked")
        assert page.find("input", {"name": "modality", "value": "seconded"}).has_attr(
            "checked"
        )
        assert page.find("input", {"name": "keywords"})["value"] == "elections"

    def test_unknown_filter_values_in_the_address_are_ignored(self, client):
        response = client.get(URL + "?operation=999&operation=abc&grade=<b>")
        assert response.status_code == 200
        assert not soup(response).select("input[name=operation][checked]")

    def test_only_operations_that_work_today_are_offered(self, client):
        working = FieldOperationFactory(slug="working")
        closed = FieldOperationFactory(slug="closed-by-status", status="closed")
        unknown = FieldOperationFactory(slug="unknown", status="unknown")
        # Its status says current, but a name records its closure.
        renamed_shut = FieldOperationFactory(slug="shut")
        OperationNameFactory(operation=renamed_shut, full_name="Mission A")
        OperationNameFactory(
            operation=renamed_shut,
            full_name="Office A",
            change="closed",
            valid_from=datetime.date(2007, 12, 31),
        )
        offered = {
            int(box["value"])
            for box in soup(client.get(URL)).select("input[name=operation]")
        }
        assert offered == {working.pk}
        for operation in (closed, unknown, renamed_shut):
            assert operation.pk not in offered

    def test_subscribing_to_a_closed_operation_is_refused(
        self, client, django_capture_on_commit_callbacks
    ):
        closed = FieldOperationFactory(status="closed")
        response = subscribe(
            client, django_capture_on_commit_callbacks, operation=[closed.pk]
        )
        assert response.status_code == 400
        assert not JobAlert.objects.exists()

    def test_consent_text_is_shown_just_before_the_button(self, client):
        form = soup(client.get(URL)).find("form", class_="job-alert-form")
        consent = form.find(id="consent")
        assert "IP address" in text(consent)
        assert consent.find_next_sibling("button")["aria-describedby"] == "consent"


class SubscribeTests:
    def test_subscribing_records_a_pending_alert_with_its_consent(
        self, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                URL,
                {"email": "Reader@Example.ORG", "frequency": "daily", "language": "en"},
                HTTP_USER_AGENT="B" * 600,
                HTTP_X_FORWARDED_FOR="203.0.113.9",
            )
        assert response.status_code == 303
        alert = JobAlert.objects.get()
        assert alert.state == AlertState.PENDING
        assert alert.email == "Reader@example.org"
        assert alert.frequency == "daily"
        assert alert.consent_version == "1"
        assert "IP address" in alert.consent_text
        assert alert.consent_at is not None
        # X-Forwarded-For is anyone's to write unless proxies are trusted.
        assert alert.consent_ip == "127.0.0.1"
        assert alert.consent_user_agent == "B" * 500
        assert alert.confirmed_at is None

    def test_forwarded_address_is_used_behind_a_trusted_proxy(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        settings.FIELDOPS_TRUSTED_PROXY_COUNT = 1
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                URL,
                {"email": "a@example.org", "frequency": "daily", "language": "en"},
                HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
            )
        assert JobAlert.objects.get().consent_ip == "203.0.113.9"

    def test_criteria_are_stored_as_one_row_per_accepted_value(
        self, client, django_capture_on_commit_callbacks
    ):
        first, second = VacancyFactory(), VacancyFactory()
        subscribe(
            client,
            django_capture_on_commit_callbacks,
            duty_station=[first.duty_station_id, second.duty_station_id],
            grade=["P3", "P4"],
            keywords="Elections, elections and media",
        )
        alert = JobAlert.objects.get()
        rows = set(alert.criteria.values_list("kind", "value"))
        assert rows == {
            ("duty_station", str(first.duty_station_id)),
            ("duty_station", str(second.duty_station_id)),
            ("grade", "P3"),
            ("grade", "P4"),
            ("keyword", "elections"),
            ("keyword", "and"),
            ("keyword", "media"),
        }
        assert alert.criteria_kinds == 3

    def test_alert_without_criteria_stores_no_rows_and_one_match_key(
        self, client, django_capture_on_commit_callbacks
    ):
        subscribe(client, django_capture_on_commit_callbacks)
        alert = JobAlert.objects.get()
        assert not alert.criteria.exists()
        assert alert.match_keys.count() == 1
        assert alert.criteria_kinds == 0

    def test_confirmed_alert_is_matched_by_a_vacancy_at_any_of_its_stations(
        self, client, django_capture_on_commit_callbacks
    ):
        first, second = VacancyFactory(), VacancyFactory()
        subscribe(
            client,
            django_capture_on_commit_callbacks,
            duty_station=[first.duty_station_id, second.duty_station_id],
            grade=["P3"],
        )
        alert = job_alert_confirm(alert=JobAlert.objects.get())
        assert list(JobAlert.objects.matching(second)) == [alert]
        other_grade = VacancyFactory(duty_station=second.duty_station, grade="G5")
        assert not JobAlert.objects.matching(other_grade).exists()

    def test_pending_alert_is_never_matched(
        self, client, django_capture_on_commit_callbacks
    ):
        subscribe(client, django_capture_on_commit_callbacks)
        vacancy = VacancyFactory()
        assert JobAlert.objects.get().state == AlertState.PENDING
        assert not JobAlert.objects.matching(vacancy).exists()

    def test_confirmation_is_the_only_mail_and_when_it_was_sent_is_recorded(
        self, client, smtp_server, django_capture_on_commit_callbacks
    ):
        VacancyFactory()
        subscribe(client, django_capture_on_commit_callbacks)
        (message,) = smtp_server.messages
        assert message["To"] == "reader@example.org"
        assert message["Subject"] == "Confirm your job alert"
        assert JobAlert.objects.get().confirmation_sent_at is not None

    def test_nothing_is_queued_until_the_subscription_is_committed(
        self, client, smtp_server, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(
                URL,
                {"email": "a@example.org", "frequency": "daily", "language": "en"},
            )
        assert len(callbacks) == 1
        assert smtp_server.messages == []

    def test_answer_is_the_same_whether_or_not_the_address_subscribes(
        self, client, smtp_server, django_capture_on_commit_callbacks
    ):
        field = FieldOfExpertiseFactory()
        JobAlertFactory(
            confirmed=True,
            email="known@example.org",
            criteria={"field_of_expertise": {str(field.pk)}},
        )
        answers = []
        for address in ["known@example.org", "new@example.org"]:
            response = subscribe(
                client,
                django_capture_on_commit_callbacks,
                email=address,
                field_of_expertise=[field.pk],
            )
            page = client.get(response["Location"])
            answers.append((response.status_code, response["Location"], page))
        (known, new) = answers
        assert known[:2] == new[:2]
        assert without_csrf(known[2].content) == without_csrf(new[2].content)
        assert "Check your inbox" in text(new[2])

    def test_same_alert_again_is_not_duplicated_and_its_owner_is_told(
        self, client, smtp_server, django_capture_on_commit_callbacks
    ):
        existing = JobAlertFactory(
            confirmed=True, email="known@example.org", criteria={"grade": {"P3"}}
        )
        subscribe(
            client,
            django_capture_on_commit_callbacks,
            email="KNOWN@example.org",
            grade=["P3"],
        )
        assert list(JobAlert.objects.all()) == [existing]
        (message,) = smtp_server.messages
        assert message["Subject"] == "You already have this job alert"
        body = message.get_body(("plain",)).get_content()
        assert "/en/job-alerts/manage/" in body

    def test_other_criteria_for_a_known_address_make_a_new_pending_alert(
        self, client, django_capture_on_commit_callbacks
    ):
        JobAlertFactory(
            confirmed=True, email="known@example.org", criteria={"grade": {"P3"}}
        )
        subscribe(
            client,
            django_capture_on_commit_callbacks,
            email="known@example.org",
            grade=["P4"],
        )
        assert JobAlert.objects.filter(state=AlertState.PENDING).count() == 1

    def test_asking_again_before_confirming_reuses_the_pending_alert(
        self, client, smtp_server, django_capture_on_commit_callbacks
    ):
        subscribe(client, django_capture_on_commit_callbacks, frequency="daily")
        subscribe(client, django_capture_on_commit_callbacks, frequency="weekly")
        alert = JobAlert.objects.get()
        assert alert.frequency == "weekly"
        assert len(smtp_server.messages) == 2


class SubscribeBadInputTests:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"email": "not an address"}, "can receive mail from the internet"),
            ({"email": ""}, "This field is required."),
            ({"email": "a@[127.0.0.1]"}, "no IP address"),
            ({"email": "a@[IPv6:::1]"}, "no IP address"),
            ({"email": "root@localhost"}, "no IP address, no “localhost”"),
            ({"email": "reader@mail.local"}, "a public domain name"),
            ({"email": "reader@example.test"}, "a public domain name"),
            ({"email": "a" * 65 + "@example.org"}, "at most 64 characters before"),
            ({"email": f"a@{'b' * 63}.{'c' * 63}.{'d' * 63}.{'e' * 57}.org"}, "254"),
            ({"email": '"a b"@example.org'}, "no quotes"),
            ({"email": "ü@example.org"}, "can receive mail"),
            ({"operation": ["999"]}, "Select a valid choice."),
            ({"operation": ["abc"]}, "is not a valid value"),
            ({"field_of_expertise": ["9" * 30]}, "is not a valid value"),
            ({"grade": ["Z99Z"]}, "Select a valid choice."),
            ({"frequency": "hourly"}, "Select a valid choice."),
            ({"language": "xx"}, "Select a valid choice."),
            (
                {"keywords": " ".join(f"word{n}" for n in range(21))},
                "Give at most 20 keywords.",
            ),
            ({"keywords": "x" * 501}, "at most 500 characters"),
        ],
    )
    def test_bad_input_is_refused_with_a_message_and_nothing_stored(
        self, client, smtp_server, django_capture_on_commit_callbacks, data, message
    ):
        response = subscribe(client, django_capture_on_commit_callbacks, **data)
        assert response.status_code == 400
        errors = soup(response).find(id="form-errors")
        assert message in text(errors)
        assert not JobAlert.objects.exists()
        assert not AlertCriterion.objects.exists()
        assert smtp_server.messages == []

    def test_a_huge_body_is_refused_as_too_large(self, client, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
        response = client.post(
            URL, {"email": "a@example.org", "keywords": "word " * 10_000}
        )
        assert response.status_code == 413
        assert "The form sent is too large" in text(response)
        assert not JobAlert.objects.exists()

    def test_other_methods_are_refused_with_a_page_saying_so(self, client):
        response = client.put(URL)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS, POST"
        assert "cannot be used this way" in text(response)

    def test_the_form_needs_no_csrf_token_and_sets_no_cookie(self):
        # The form is a public, cacheable page (see the subscribe view).
        client = Client(enforce_csrf_checks=True)
        page = client.get(URL)
        assert not page.cookies
        assert "csrfmiddlewaretoken" not in page.content.decode()
        response = client.post(
            URL, {"email": "a@example.org", "frequency": "daily", "language": "en"}
        )
        assert response.status_code == 303
        assert "private" in response["Cache-Control"]
        assert JobAlert.objects.filter(email="a@example.org").exists()
