"""A null or other control character anywhere in a query string, or in a form
posted to a public page, is refused with a 400 that says so, on every page,
form and endpoint, and is never quoted back into the answer."""

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from fieldops.recruitment.alerts import links
from fieldops.recruitment.models import JobAlert
from fieldops.recruitment.tests.factories import JobAlertFactory

PAGES = [
    "/en/field-operations/?region=%00",
    "/en/field-operations/comparison/?year=2005%00",
    "/en/field-operations/astana/?as_of=%00",
    "/en/field-operations/astana/?as_of=2020-01-01%1b",
    "/en/vacancies/?grade=%00",
    "/en/vacancies/?q=officer%01",
    "/en/job-alerts/?q=%00",
    "/en/job-alerts/?q=%7f",
    "/en/open-data/?as_of=%08",
    "/en/?%00=1",
]
DATA = [
    "/api/v1/organisation/field-operations?status=%00",
    "/api/v1/vacancies?q=a%00b",
    "/api/v1/vacancies?q=a%C2%85b",
    "/exports/comparison.csv?year=%00",
    "/exports/all.json?as_of=%1f",
]
# Everything a browser may send in a field: tab, line feed, carriage return.
TEXT = "officer\tfield\r\nwork"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_page_answers_400_naming_the_control_character(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert not any(chr(code) in body for code in [*range(9), 0x1B, 0x1F, 0x7F])
    assert "holds a null or other control character" in body
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("url", DATA)
def test_the_api_and_downloads_answer_400_in_json(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "control character" in response.json()["detail"]


@pytest.mark.django_db
def test_a_query_without_one_is_left_to_the_view(client):
    response = client.get("/api/v1/vacancies?q=officer")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_admin_keeps_its_own_handling(client):
    response = client.get("/admin/pages/?q=%00")
    assert response.status_code != 400


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/admin/password_reset/"])
def test_the_admin_pages_open_to_anyone_refuse_one_and_never_echo_it(client, path):
    # The reset form wrote the null of the posted address back into its page.
    response = client.post(path, {"email": "a\x00b@example.org", "username": "a\x00"})
    assert response.status_code == 400
    assert b"\x00" not in response.content


@pytest.mark.django_db
class PostedFormTests:
    def subscribe(self, client, email: str, keywords: str = ""):
        form = {
            "email": email,
            "keywords": keywords,
            "frequency": "immediate",
            "language": "en",
        }
        return client.post("/en/job-alerts/", form)

    def assert_refused(self, response):
        assert response.status_code == 400
        body = response.content.decode()
        assert "The form sent cannot be read" in body
        assert "null or other control character" in body
        assert not any(chr(code) in body for code in [*range(9), 0x1B, 0x7F])

    @pytest.mark.parametrize(
        "email", ["a\x00@example.org", "a@example.org\x00", "\x1ba@example.org"]
    )
    def test_the_subscribe_form_refuses_an_address_with_one(
        self, client, task_queue, email
    ):
        self.assert_refused(self.subscribe(client, email))
        assert not DBTaskResult.objects.exists()

    def test_the_subscribe_form_refuses_keywords_with_one(self, client, task_queue):
        self.assert_refused(self.subscribe(client, "a@example.org", "tax\x00es"))
        assert not DBTaskResult.objects.exists()

    def test_line_breaks_and_tabs_are_left_to_the_form(self, client, task_queue):
        response = self.subscribe(client, "a@example.org", TEXT)
        assert response.status_code == 303

    def test_the_manage_form_refuses_one(self, client):
        alert = JobAlertFactory(confirmed=True)
        url = links.manage_url(alert).removeprefix("http://testserver")
        self.assert_refused(client.post(url, {"keywords": "a\x00", "frequency": "x"}))
        assert JobAlert.objects.get(pk=alert.pk).frequency == alert.frequency

    def test_the_refusal_comes_before_the_csrf_check(self):
        alert = JobAlertFactory(confirmed=True)
        url = links.manage_url(alert).removeprefix("http://testserver")
        client = Client(enforce_csrf_checks=True)
        self.assert_refused(client.post(url + "delete/", {"go": "\x00"}))
        assert JobAlert.objects.filter(pk=alert.pk).exists()
