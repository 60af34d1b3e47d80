"""Every absolute address in the API's answers and the exports is on BASE_URL,
whatever host the request came to (an internal name must not leak)."""

import json
import re

import pytest

from fieldops.recruitment.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

BASE = "https://fieldops.example.org"


@pytest.fixture
def public_base(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["internal.lan", "testserver"]


def addresses(data) -> set[str]:
    return set(re.findall(r"https?://[^\"'\s<>]+", json.dumps(data)))


def test_api_links_are_on_base_url(client, public_base):
    for number in range(3):
        VacancyFactory(number=f"VNLINK{number}")
    answer = client.get(
        "/api/v1/vacancies?page_size=1", HTTP_HOST="internal.lan"
    ).json()
    assert not [url for url in addresses(answer) if "internal.lan" in url]
    (item,) = answer["items"]
    assert item["page_url"].startswith(BASE + "/en/vacancies/")
    assert item["detail_url"].startswith(BASE + "/api/v1/vacancies/")
    assert answer["next"].startswith(BASE + "/api/v1/vacancies?")


def test_export_links_are_on_base_url(client, public_base):
    VacancyFactory(number="VNLINK9")
    answer = client.get("/exports/all.json", HTTP_HOST="internal.lan").json()
    assert not [url for url in addresses(answer) if "internal.lan" in url]
