"""Every public address answers a method it does not take with 405, the Allow
header and the site's page (JSON under /api/ and /exports/), never the CSRF
check's 403; OPTIONS names exactly the methods the address answers. The CSRF
check still guards the admin and the forms that post."""

import pytest
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from fieldops.demo.testing import load_astana_demo
from fieldops.recruitment.alerts import links
from fieldops.recruitment.tests.factories import JobAlertFactory

READ = "GET, HEAD, OPTIONS"
FORM = "GET, HEAD, OPTIONS, POST"
PAGES = [
    "/en/",
    "/en/field-operations/",
    "/en/field-operations/astana/",
    "/en/field-operations/timeline/",
    "/en/no-such-page/",
    "/en/vacancies/",
    "/en/vacancies/feed/rss/",
    "/en/documents/",
    "/en/open-data/",
    "/en/job-alerts/check-your-inbox/",
    "/robots.txt",
    "/sitemap.xml",
    "/healthz",
]
DATA = [
    "/api/v1/field-operations",
    "/api/v1/vacancies",
    "/api/v1/docs",
    "/exports/all.json",
    "/exports/comparison.csv",
]
WRITES = ["put", "delete", "patch"]


@pytest.fixture
def csrf_client():
    """A client that is checked for CSRF tokens, as a browser's request is."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def demo(db):
    load_astana_demo()


@pytest.mark.django_db
class PageMethodTests:
    @pytest.mark.parametrize("method", [*WRITES, "post"])
    def test_a_page_answers_a_write_with_the_sites_405(self, csrf_client, demo, method):
        for path in PAGES:
            response = getattr(csrf_client, method)(path)

            assert response.status_code == 405, path
            assert response["Allow"] == READ, path
            assert response["Content-Type"].startswith("text/html"), path
            body = response.content.decode()
            assert "This page cannot be used this way" in body, path
            assert 'class="site-header' in body or "<main" in body, path
            assert "CSRF" not in body, path

    def test_options_names_the_methods_a_page_answers(self, csrf_client, demo):
        for path in PAGES:
            response = csrf_client.options(path)

            assert response.status_code == 200, path
            assert response["Allow"] == READ, path
            assert response.content == b""

    def test_every_method_options_names_is_answered(self, csrf_client, demo):
        for path in [*PAGES, *DATA]:
            allowed = csrf_client.options(path)["Allow"].split(", ")
            for method in allowed:
                response = csrf_client.generic(method, path)
                assert response.status_code != 405, (path, method)


@pytest.mark.django_db
class DataMethodTests:
    @pytest.mark.parametrize("method", [*WRITES, "post"])
    def test_the_api_and_exports_answer_405_in_json(self, csrf_client, demo, method):
        for path in DATA:
            response = getattr(csrf_client, method)(path)

            assert response.status_code == 405, path
            assert response["Allow"] == READ, path
            assert READ in response.json()["detail"], path

    def test_options_names_the_methods_without_a_body(self, csrf_client):
        for path in DATA:
            response = csrf_client.options(path)

            assert response.status_code == 200, path
            assert response["Allow"] == READ, path

    def test_a_cors_preflight_is_still_answered_for_other_sites(self, csrf_client):
        response = csrf_client.options(
            "/api/v1/vacancies",
            HTTP_ORIGIN="https://example.com",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        )

        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
class FormMethodTests:
    def test_the_subscribe_form_takes_a_post_and_refuses_a_put(self, csrf_client):
        assert csrf_client.options("/en/job-alerts/")["Allow"] == FORM
        response = csrf_client.put("/en/job-alerts/")

        assert response.status_code == 405
        assert response["Allow"] == FORM
        # Deliberately without a CSRF token (see the view): not a 403 or 405.
        assert csrf_client.post("/en/job-alerts/", {}).status_code == 400

    def test_a_signed_link_refuses_a_delete_and_checks_a_posts_token(self, csrf_client):
        alert = JobAlertFactory(confirmed=True)
        url = links.manage_url(alert).removeprefix("http://testserver")

        assert csrf_client.delete(url).status_code == 405
        assert csrf_client.options(url)["Allow"] == FORM
        assert csrf_client.post(url, {"frequency": "weekly"}).status_code == 403

    def test_the_password_of_a_private_page_is_a_post_checked_for_its_token(
        self, csrf_client, demo
    ):
        page = Page.objects.get(url_path__endswith="/astana/")
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type="password", password="secret-words"
        )
        url = f"/en/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"

        assert csrf_client.options(url)["Allow"] == FORM
        assert csrf_client.put(url).status_code == 405
        assert csrf_client.post(url, {"password": "secret-words"}).status_code == 403


@pytest.mark.django_db
class AdminMethodTests:
    def test_the_admin_sign_in_keeps_its_csrf_check(self, csrf_client):
        response = csrf_client.post("/admin/login/", {"username": "a", "password": "b"})

        assert response.status_code == 403

    def test_the_admin_is_left_to_its_own_handling(self, csrf_client):
        response = csrf_client.put("/admin/login/")

        assert response.status_code == 403
        assert "This page cannot be used this way" not in response.content.decode()
