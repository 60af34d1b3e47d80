"""Every answer under /api/ and /exports/ is JSON, errors and redirects included:
unknown addresses, trailing slashes, wrong methods, unreadable requests and
failures of the server."""

from unittest import mock

import pytest
from django.test import Client

API = "/api/v1"
LONG = "a" * 5000

# (method, address) pairs that no client should get HTML or a 5xx for.
ODD_REQUESTS = [
    *(
        ("get", path)
        for path in [
            # trailing slashes
            f"{API}/field-operations/",
            f"{API}/field-operations/?as_of=2000-01-01&page=1",
            f"{API}/field-operations//",
            f"{API}/field-operations/astana/",
            f"{API}/documents/",
            f"{API}/vacancies/",
            f"{API}/openapi.json/",
            f"{API}/",
            "/api/",
            "/exports/",
            "/exports/all.json/",
            "/exports/field-operations/astana/names.csv/",
            # no slash where the prefix has one
            API,
            "/api",
            "/exports",
            # unknown endpoints
            "/api/v2/field-operations",
            f"{API}/nothing",
            f"{API}/nothing/",
            f"{API}/field-operations/astana/history",
            "/exports/nothing",
            "/exports/all.pdf",
            "/exports/all/secrets.csv",
            "/exports/field-operations/nowhere.iati.xml",
            "/exports/field-operations/nowhere/names.csv",
            # double slashes
            f"{API}//field-operations",
            "/api//v1/field-operations",
            "/exports//all.json",
            # encoded characters
            f"{API}/field-operations/%2e%2e/%2e%2e/",
            f"{API}/%2e%2e/%2e%2e/admin/",
            f"{API}/field-operations/a%2Fb",
            f"{API}/field-operations/%00",
            f"{API}/field-operations/%ff",
            f"{API}/caf%C3%A9",
            f"{API}/field-operations%3Fas_of=2000-01-01",
            "/exports/all.json%00",
            # very long
            f"{API}/{LONG}",
            f"{API}/field-operations/{LONG}",
            f"{API}/field-operations/{LONG}/",
            f"/exports/{LONG}",
            # unreadable values
            f"{API}/field-operations?as_of=never",
            "/exports/all/names.csv?as_of=never",
            "/exports/all.zip?as_of=never",
            "/exports/all.iati.xml?as_of=2020-02-30",
        ]
    ),
    *(
        (method, path)
        # OPTIONS is answered (200, Allow): fieldops/core/tests/test_methods.py.
        for method in ("post", "put", "patch", "delete")
        for path in [
            f"{API}/field-operations",
            f"{API}/field-operations/astana",
            f"{API}/field-operations/",
            f"{API}/nothing",
            f"{API}/openapi.json",
            "/exports/all.json",
            "/exports/all/names.csv",
            "/exports/nothing",
        ]
    ),
]


def assert_json_error(response):
    assert response.status_code < 500, response.status_code
    assert response.status_code >= 300, response.status_code
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.django_db
class JsonEverywhereTests:
    @pytest.mark.parametrize(
        ("method", "path"),
        ODD_REQUESTS,
        ids=[f"{method} {path[:70]}" for method, path in ODD_REQUESTS],
    )
    def test_odd_requests_get_json_with_a_detail_and_no_5xx(self, client, method, path):
        assert_json_error(getattr(client, method)(path))

    def test_a_trailing_slash_is_redirected_to_the_address_without_it(self, client):
        response = client.get(f"{API}/field-operations/?as_of=2000-01-01&page=1")

        assert response.status_code == 308
        assert response["Location"] == f"{API}/field-operations?as_of=2000-01-01&page=1"
        assert response["Location"] in response.json()["detail"]
        followed = client.get(response["Location"])
        assert followed.status_code == 200
        assert followed.json()["meta"]["as_of"] == "2000-01-01"

    def test_the_redirect_keeps_the_method_and_cors(self, client):
        response = client.post(
            "/exports/all.json/", HTTP_ORIGIN="https://elsewhere.example"
        )

        assert response.status_code == 308
        assert response["Location"] == "/exports/all.json"
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_an_address_that_does_not_exist_either_way_is_a_404(self, client):
        for path in [f"{API}/nothing/", f"{API}/", "/exports/all.pdf/"]:
            response = client.get(path)
            assert response.status_code == 404, path
            assert "Location" not in response
            assert_json_error(response)

    def test_a_404_names_where_the_addresses_are_listed(self, client):
        api = client.get(f"{API}/nothing").json()["detail"]
        exports = client.get("/exports/nothing").json()["detail"]

        assert "/api/v1/docs" in api
        assert "/en/open-data/" in exports

    def test_a_wrong_method_is_a_405_that_names_the_right_ones(self, client):
        for path in [f"{API}/field-operations", "/exports/all.json"]:
            response = client.delete(path)
            assert response.status_code == 405
            assert response["Allow"] == "GET, HEAD, OPTIONS"
            assert "GET, HEAD, OPTIONS" in response.json()["detail"]

    def test_head_of_an_unknown_address_is_a_404_without_a_body(self, client):
        response = client.head(f"{API}/nothing")

        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.content == b""

    def test_errors_keep_the_cors_headers(self, client):
        response = client.get(f"{API}/nothing", HTTP_ORIGIN="https://elsewhere.example")

        assert_json_error(response)
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_an_unreadable_request_is_a_json_400(self, client):
        response = client.get(f"{API}/field-operations", HTTP_HOST="evil.example")

        assert response.status_code == 400
        assert_json_error(response)

    @pytest.mark.parametrize(
        ("target", "path"),
        [
            (
                "fieldops.opendata.api.operations.operation_list",
                f"{API}/field-operations",
            ),
            ("fieldops.opendata.views.public_operations", "/exports/all.json"),
        ],
    )
    def test_a_failure_of_the_server_is_a_json_500(self, db, target, path):
        client = Client(raise_request_exception=False)
        with mock.patch(target, side_effect=RuntimeError("boom")):
            response = client.get(path)

        assert response.status_code == 500
        assert response["Content-Type"].startswith("application/json")
        detail = response.json()["detail"]
        assert "try again later" in detail
        assert "boom" not in detail

    def test_with_debug_on_the_errors_are_json_too(self, client, settings):
        settings.DEBUG = True

        assert_json_error(client.get(f"{API}/nothing"))

    def test_other_addresses_keep_their_html_pages(self, client):
        response = client.get("/en/nothing-here/")

        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")
