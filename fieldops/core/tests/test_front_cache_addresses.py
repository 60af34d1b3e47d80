"""Every kind of public address is served from the front cache on its second
request through the production stack (nginx TLS -> Varnish -> gunicorn), and
a browser's own Accept-Language does not split what the cache keeps."""

import pytest

from fieldops.demo.testing import load_astana_demo

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC_GETS = [
    "/en/",
    "/en/field-operations/",
    "/en/field-operations/astana/",
    "/en/field-operations/astana/?as_of=2020-01-01",
    "/en/documents/",
    "/en/documents/pc-dec-243/",
    "/en/vacancies/",
    "/en/vacancies/?q=officer",
    "/en/vacancies/EXAMPLE-AST-001/",
    "/en/vacancies/feed/rss/",
    "/en/vacancies/feed/atom/",
    "/en/job-alerts/",
    "/en/open-data/",
    "/api/v1/field-operations",
    "/api/v1/field-operations/astana",
    "/api/v1/vacancies?page_size=1",
    "/api/v1/documents",
    "/api/v1/openapi.json",
    "/exports/field-operations/astana.json",
    "/exports/all/vacancies.csv",
    "/exports/schema/dataset-2.json",
    "/sitemap.xml",
    "/robots.txt",
]
# Browsers' own strings for the languages of their users.
BROWSER_LANGUAGES = [
    "en-GB,en;q=0.9",
    "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7",
    "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5",
]


@pytest.mark.parametrize("path", PUBLIC_GETS)
def test_a_public_address_is_a_hit_the_second_time(stack, path):
    load_astana_demo()

    first = stack.get(path)
    second = stack.get(path)

    assert first.status == 200, (path, first.status)
    assert (first.cache, second.cache) == ("MISS", "HIT"), path
    assert second.body == first.body


def test_the_subscription_form_is_posted_past_the_cache(stack):
    load_astana_demo()
    stack.get("/en/job-alerts/")

    answer = stack.request(
        "POST",
        "/en/job-alerts/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": stack.origin,
        },
        body=b"email=",
    )

    assert answer.status == 400
    assert answer.cache == "PASS"


@pytest.mark.parametrize(
    "path", ["/api/v1/field-operations", "/exports/all/vacancies.csv", "/en/vacancies/"]
)
def test_browsers_languages_share_one_cached_copy(stack, path):
    load_astana_demo()

    answers = [
        stack.get(path, **{"Accept-Language": language})
        for language in BROWSER_LANGUAGES
    ]

    assert [answer.cache for answer in answers] == ["MISS", "HIT", "HIT"]
    assert "Accept-Language" not in answers[0].headers.get("Vary", "")
