"""The security headers of every answer: a Content-Security-Policy without inline
code on the public pages, the API and the sign-in, and the cross-origin headers
that suit each kind of answer."""

import re

import pytest
from django.contrib.auth.models import Permission

from fieldops.demo.testing import load_astana_demo

PASSWORD = "a-long-and-unusual-passphrase-7"  # noqa: S105
PUBLIC_PAGES = [
    "/en/",
    "/en/field-operations/",
    "/en/field-operations/astana/",
    "/en/field-operations/timeline/",
    "/en/field-operations/comparison/",
    "/en/vacancies/",
    "/en/job-alerts/",
    "/en/open-data/",
    "/en/no-such-page/",
]
# Inline code a strict policy refuses: a <script> without src (JSON data blocks
# are not run, so they pass), <style>, style="" and on…="" handlers.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
    r"|<style\b|\sstyle=|\son[a-z]+=",
    re.IGNORECASE,
)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def assert_strict(policy: dict[str, list[str]]):
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.fixture
def demo(db):
    load_astana_demo()


@pytest.mark.django_db
class PublicPageHeadersTests:
    def test_every_public_page_has_a_strict_policy_and_no_inline_code(
        self, client, demo
    ):
        for path in PUBLIC_PAGES:
            response = client.get(path)

            assert response.status_code in (200, 404), path
            policy = directives(response)
            assert_strict(policy)
            assert policy["frame-ancestors"] == ["'none'"]
            assert INLINE.findall(response.content.decode()) == [], path

    def test_a_page_carries_the_cross_origin_and_feature_headers(self, client):
        response = client.get("/en/")

        assert response.status_code == 200

        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Cross-Origin-Embedder-Policy"] == "require-corp"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]

    def test_a_public_page_sets_no_nonce(self, client):
        # A cached page shown with a later answer's header would not match it.
        response = client.get("/en/")

        assert "nonce-" not in response["Content-Security-Policy"]


@pytest.mark.django_db
class DataHeadersTests:
    @pytest.mark.parametrize(
        "path", ["/api/v1/field-operations", "/exports/schema/dataset-2.json"]
    )
    def test_the_open_data_may_be_read_from_other_sites(self, client, path):
        response = client.get(path)

        assert response.status_code == 200

        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert "Cross-Origin-Embedder-Policy" not in response
        assert_strict(directives(response))

    def test_the_api_docs_run_under_the_strict_policy(self, client):
        response = client.get("/api/v1/docs")

        assert response.status_code == 200
        assert_strict(directives(response))
        assert "cdn" not in response.content.decode().lower()


@pytest.mark.django_db
class AdminHeadersTests:
    def test_the_sign_in_page_is_as_strict_as_the_site(self, client):
        response = client.get("/admin/login/")

        assert response.status_code == 200
        assert_strict(directives(response))
        assert INLINE.findall(response.content.decode()) == []

    def test_the_dashboard_is_strict_and_editing_allows_wagtails_inline_code(
        self, client, django_user_model
    ):
        user = django_user_model.objects.create_user("editor", password=PASSWORD)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)

        dashboard = client.get("/admin/")
        # The policy goes by the path, whatever the answer.
        pages = client.get("/admin/pages/")

        assert dashboard.status_code == 200
        assert_strict(directives(dashboard))
        assert "'unsafe-inline'" in directives(pages)["script-src"]
        assert directives(pages)["object-src"] == ["'none'"]
        assert directives(pages)["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
class FramingTests:
    """X-Frame-Options says what the policy's frame-ancestors says: browsers
    that read only the older header must not be told something else."""

    def assert_agree(self, response, frame_options: str, ancestors: str):
        assert response["X-Frame-Options"] == frame_options
        assert directives(response)["frame-ancestors"] == [ancestors]

    def test_public_pages_and_data_may_not_be_framed(self, client):
        for path in ["/en/", "/en/vacancies/", "/api/v1/field-operations"]:
            self.assert_agree(client.get(path), "DENY", "'none'")

    def test_the_admin_may_be_framed_by_itself_only(self, client, django_user_model):
        self.assert_agree(client.get("/admin/login/"), "SAMEORIGIN", "'self'")
        user = django_user_model.objects.create_user("editor", password=PASSWORD)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)

        # The dashboard's strict policy, and the editing policy (by path,
        # whatever the answer).
        for path in ["/admin/", "/admin/pages/"]:
            self.assert_agree(client.get(path), "SAMEORIGIN", "'self'")
