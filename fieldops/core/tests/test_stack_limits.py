"""The size limits through the production stack (nginx TLS -> Varnish ->
gunicorn): the application's own 414 and 413 pages reach the visitor, because
nginx's and gunicorn's limits lie above its own; beyond them nginx answers 414."""

import pytest

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALERTS = "/en/job-alerts/"


def test_an_address_over_the_limit_gets_the_sites_414_page(stack):
    # Over FIELDOPS_MAX_URL_LENGTH and over 4 KB, gunicorn's default line limit.
    answer = stack.get("/en/vacancies/?q=" + "x" * 6000)

    assert answer.status == 414
    assert "This address is too long" in answer.text


def test_an_address_over_nginxs_buffers_gets_nginxs_414(stack):
    answer = stack.get("/en/vacancies/?q=" + "x" * 9000)

    assert answer.status == 414


def test_a_form_over_the_limit_gets_the_sites_413_page(stack):
    # The subscription form takes no CSRF token (its page is public and
    # cacheable: fieldops/recruitment/alerts/views.py), so no cookie is needed.
    answer = stack.request(
        "POST",
        ALERTS,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": stack.origin,
        },
        body=b"keywords=" + b"x" * 3_000_000,
    )

    assert answer.status == 413
    assert "The form sent is too large" in answer.text
