"""Requests over the size limits answer 413, 414 or 400 with a page (or JSON
under /api/ and /exports/) that names the limit; never a 500."""

import json

import pytest

from fieldops.core.tests.html import text

pytestmark = pytest.mark.django_db

ALERTS = "/en/job-alerts/"


class UrlLengthTests:
    def test_a_page_address_over_the_limit_answers_414_with_a_page(
        self, client, settings
    ):
        settings.FIELDOPS_MAX_URL_LENGTH = 100
        response = client.get(ALERTS + "?keywords=" + "x" * 200)

        assert response.status_code == 414
        assert "This address is too long" in text(response)
        assert "at most 100" in text(response)

    def test_an_address_at_the_limit_is_served(self, client, settings):
        query = "?keywords=" + "x" * 20
        settings.FIELDOPS_MAX_URL_LENGTH = len(ALERTS + query)

        assert client.get(ALERTS + query).status_code == 200

    @pytest.mark.parametrize("path", ["/api/v1/field-operations", "/exports/"])
    def test_an_open_data_address_over_the_limit_answers_400_in_json(
        self, client, settings, path
    ):
        settings.FIELDOPS_MAX_URL_LENGTH = 100

        response = client.get(path + "?q=" + "x" * 200)

        # The status the API's spec gives every request it cannot read.
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")
        assert "at most 100" in json.loads(response.content)["detail"]


class FormBodyTests:
    def test_a_form_over_the_memory_limit_answers_413_with_a_page(
        self, client, settings
    ):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        response = client.post(
            ALERTS,
            "email=a%40example.org&keywords=" + "x" * 2000,
            content_type="application/x-www-form-urlencoded",
        )

        assert response.status_code == 413
        assert "The form sent is too large" in text(response)

    def test_a_form_with_too_many_fields_answers_400_naming_the_limit(
        self, client, settings
    ):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
        body = "&".join(f"f{n}=1" for n in range(20))

        response = client.post(
            ALERTS, body, content_type="application/x-www-form-urlencoded"
        )

        assert response.status_code == 400
        assert "more than 10 fields" in text(response)


@pytest.mark.parametrize(
    ("setting", "body"),
    [
        ("DATA_UPLOAD_MAX_MEMORY_SIZE", b"keywords=" + b"x" * 5000),
        ("DATA_UPLOAD_MAX_NUMBER_FIELDS", b"&".join(b"f%d=1" % n for n in range(500))),
    ],
)
def test_a_refused_body_is_read_to_its_end_before_the_answer(settings, setting, body):
    # Left unread, closing the connection resets it, and a proxy still sending
    # the body loses the answer (Varnish gave its own 503 under load).
    from django.test import RequestFactory

    from fieldops.core.request_limits import body_limit_response

    setattr(settings, setting, 10)
    request = RequestFactory().post(
        ALERTS, body, content_type="application/x-www-form-urlencoded"
    )
    try:
        request.POST  # noqa: B018 - reading it is what raises
    except Exception as error:  # noqa: BLE001 - whichever limit it met
        exception = error
    response = body_limit_response(request, exception)

    assert response.status_code in (400, 413)
    assert request._stream.read(1) == b""
