"""The signed links of job alert mails: confirm, unsubscribe, manage and delete.
A GET only shows a page with a button; only a POST changes anything."""

import time

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from fieldops.core.tests.html import soup, text
from fieldops.recruitment.alerts import links
from fieldops.recruitment.models import (
    AlertCriterion,
    AlertDelivery,
    AlertState,
    JobAlert,
)

from .factories import JobAlertFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def path(url: str) -> str:
    return url.removeprefix("http://testserver")


def later(monkeypatch, seconds: int) -> None:
    """Move the signing clock `seconds` ahead."""
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + seconds)


class ConfirmLinkTests:
    def test_get_shows_a_button_and_changes_nothing(self, client):
        alert = JobAlertFactory()
        response = client.get(path(links.confirm_url(alert)))
        assert response.status_code == 200
        form = soup(response).find("main").find("form", method="post")
        assert "Confirm my job alert" in text(form)
        alert.refresh_from_db()
        assert alert.state == AlertState.PENDING
        assert alert.confirmed_at is None

    def test_post_confirms_the_alert(self, client):
        alert = JobAlertFactory()
        response = client.post(path(links.confirm_url(alert)))
        assert response.status_code == 200
        assert "Your job alert is confirmed" in text(response)
        alert.refresh_from_db()
        assert alert.state == AlertState.CONFIRMED
        assert alert.confirmed_at is not None

    def test_link_works_until_it_expires(self, client, monkeypatch):
        alert = JobAlertFactory()
        url = path(links.confirm_url(alert))
        later(monkeypatch, links.CONFIRM_MAX_AGE - 60)
        assert client.get(url).status_code == 200

    def test_expired_link_is_refused_with_an_offer_to_subscribe_again(
        self, client, monkeypatch
    ):
        alert = JobAlertFactory()
        url = path(links.confirm_url(alert))
        later(monkeypatch, links.CONFIRM_MAX_AGE + 60)
        response = client.post(url)
        assert response.status_code == 400
        assert "This link does not work" in text(response)
        hrefs = [a["href"] for a in soup(response).find("main").find_all("a")]
        assert "/en/job-alerts/" in hrefs
        alert.refresh_from_db()
        assert alert.state == AlertState.PENDING

    def test_forged_link_is_refused(self, client):
        alert = JobAlertFactory()
        forged = signing.TimestampSigner(salt="other").sign(str(alert.token))
        for url in [f"/en/job-alerts/confirm/{forged}/", "/en/job-alerts/confirm/x/"]:
            assert client.post(url).status_code == 400
        alert.refresh_from_db()
        assert alert.state == AlertState.PENDING

    def test_link_of_a_deleted_alert_says_it_is_gone(self, client):
        alert = JobAlertFactory()
        url = path(links.confirm_url(alert))
        alert.delete()
        response = client.get(url)
        assert response.status_code == 404
        assert "does not exist any more" in text(response)

    def test_unsubscribed_alert_is_not_confirmed_again(self, client):
        alert = JobAlertFactory(unsubscribed=True)
        response = client.post(path(links.confirm_url(alert)))
        assert "This job alert has ended" in text(response)
        alert.refresh_from_db()
        assert alert.state == AlertState.UNSUBSCRIBED

    def test_confirming_needs_a_csrf_token(self):
        alert = JobAlertFactory()
        client = Client(enforce_csrf_checks=True)
        assert client.post(path(links.confirm_url(alert))).status_code == 403
        alert.refresh_from_db()
        assert alert.state == AlertState.PENDING


class UnsubscribeLinkTests:
    def test_get_shows_a_button_and_changes_nothing(self, client):
        alert = JobAlertFactory(confirmed=True)
        response = client.get(path(links.unsubscribe_url(alert)))
        assert response.status_code == 200
        form = soup(response).find("main").find("form", method="post")
        assert "Unsubscribe" in text(form)
        alert.refresh_from_db()
        assert alert.state == AlertState.CONFIRMED

    def test_one_click_post_works_without_csrf_token(self):
        alert = JobAlertFactory(confirmed=True)
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            path(links.unsubscribe_url(alert)),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        alert.refresh_from_db()
        assert alert.state == AlertState.UNSUBSCRIBED
        assert alert.unsubscribed_at is not None
        assert not JobAlert.objects.matching(VacancyFactory()).exists()

    def test_one_click_post_with_a_forged_token_changes_nothing(self):
        alert = JobAlertFactory(confirmed=True)
        client = Client(enforce_csrf_checks=True)
        forged = signing.Signer(salt=links.MANAGE_SALT).sign(str(alert.token))
        for signed in [forged, f"{alert.token}:nonsense", str(alert.token)]:
            response = client.post(
                f"/en/job-alerts/unsubscribe/{signed}/",
                "List-Unsubscribe=One-Click",
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code == 400
        alert.refresh_from_db()
        assert alert.state == AlertState.CONFIRMED

    def test_unsubscribing_twice_keeps_the_first_time(self, client):
        alert = JobAlertFactory(confirmed=True)
        url = path(links.unsubscribe_url(alert))
        client.post(url)
        alert.refresh_from_db()
        first = alert.unsubscribed_at
        response = client.post(url)
        assert "You are unsubscribed" in text(response)
        alert.refresh_from_db()
        assert alert.unsubscribed_at == first


class ManagePageTests:
    def test_page_shows_everything_stored_and_changes_nothing(self, client):
        alert = JobAlertFactory(
            confirmed=True,
            email="reader@example.org",
            criteria={"grade": {"P3"}, "keyword": {"elections"}},
            consent_ip="192.0.2.7",
            consent_user_agent="TestBrowser/1.0",
        )
        response = client.get(path(links.manage_url(alert)))
        assert response.status_code == 200
        stored = text(soup(response).find("dl"))
        for shown in [
            "reader@example.org",
            "Grade: P3",
            "Keywords: elections",
            "As soon as a vacancy is published",
            "English",
            "I agree.",
            "192.0.2.7",
            "TestBrowser/1.0",
        ]:
            assert shown in stored
        assert response["Cache-Control"].startswith("max-age=0")
        alert.refresh_from_db()
        assert alert.criteria_map() == {"grade": {"P3"}, "keyword": {"elections"}}

    def test_subscriber_changes_criteria_frequency_and_language(self, client):
        alert = JobAlertFactory(confirmed=True, criteria={"grade": {"P3"}})
        url = path(links.manage_url(alert))
        response = client.post(
            url,
            {
                "modality": ["seconded"],
                "keywords": "Media",
                "frequency": "weekly",
                "language": "en",
            },
        )
        assert response.status_code == 303
        assert response["Location"] == url
        alert.refresh_from_db()
        assert alert.frequency == "weekly"
        assert alert.criteria_map() == {"modality": {"seconded"}, "keyword": {"media"}}
        assert alert.criteria_kinds == 2
        assert "Your changes are saved." in text(client.get(url))

    def test_bad_change_is_refused_and_nothing_changes(self, client):
        alert = JobAlertFactory(confirmed=True, criteria={"grade": {"P3"}})
        response = client.post(
            path(links.manage_url(alert)),
            {"operation": ["12345"], "frequency": "weekly", "language": "en"},
        )
        assert response.status_code == 400
        assert "Select a valid choice" in text(soup(response).find(id="form-errors"))
        alert.refresh_from_db()
        assert alert.frequency == "immediate"
        assert alert.criteria_map() == {"grade": {"P3"}}

    def test_changing_needs_a_csrf_token(self):
        alert = JobAlertFactory(confirmed=True)
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            path(links.manage_url(alert)), {"frequency": "weekly", "language": "en"}
        )
        assert response.status_code == 403

    def test_forged_manage_link_is_refused(self, client):
        alert = JobAlertFactory(confirmed=True)
        signed = signing.Signer(salt=links.UNSUBSCRIBE_SALT).sign(str(alert.token))
        assert client.get(f"/en/job-alerts/manage/{signed}/").status_code == 400
        assert client.get(f"/en/job-alerts/manage/{signed}/delete/").status_code == 400


class DeleteTests:
    def test_get_asks_with_a_button_and_deletes_nothing(self, client):
        alert = JobAlertFactory(confirmed=True)
        manage = soup(client.get(path(links.manage_url(alert))))
        delete_url = manage.find(
            "a", string="Delete this job alert and everything stored about it"
        )["href"]
        response = client.get(delete_url)
        assert response.status_code == 200
        assert "Delete the alert and its data" in text(
            soup(response).find("main").find("form", method="post")
        )
        assert JobAlert.objects.filter(pk=alert.pk).exists()

    def test_post_deletes_the_alert_and_all_its_rows(self, client):
        alert = JobAlertFactory(confirmed=True, criteria={"grade": {"P3"}})
        other = JobAlertFactory(confirmed=True)
        AlertDelivery.objects.create(
            alert=alert, vacancy=VacancyFactory(), sent_at=timezone.now()
        )
        url = path(links.manage_url(alert)) + "delete/"
        response = client.post(url)
        assert response.status_code == 200
        assert "Your job alert is deleted" in text(response)
        assert list(JobAlert.objects.all()) == [other]
        assert not AlertCriterion.objects.filter(alert_id=alert.pk).exists()
        assert not AlertDelivery.objects.exists()
        assert client.get(path(links.manage_url(alert))).status_code == 404

    def test_deleting_needs_a_csrf_token(self):
        alert = JobAlertFactory(confirmed=True)
        client = Client(enforce_csrf_checks=True)
        assert client.post(path(links.manage_url(alert)) + "delete/").status_code == 403
        assert JobAlert.objects.filter(pk=alert.pk).exists()


class LinkMethodTests:
    @pytest.mark.parametrize("link", ["confirm_url", "unsubscribe_url", "manage_url"])
    def test_other_methods_are_refused_and_change_nothing(self, client, link):
        alert = JobAlertFactory()
        url = path(getattr(links, link)(alert))
        assert client.delete(url).status_code == 405
        assert client.put(url).status_code == 405
        alert.refresh_from_db()
        assert alert.state == AlertState.PENDING
