"""`?as_of=` on every public page and API endpoint: honoured where the answer
depends on the day, refused with a 400 that says why everywhere else, never
silently ignored."""

from django.test import TestCase

from fieldops.core.tests.html import soup, text
from fieldops.demo.testing import load_astana_demo
from fieldops.documents.models import Document
from fieldops.recruitment.models import Vacancy

DAY = "2010-06-01"

# Answers that describe the day asked for.
HONOURED_PAGES = [
    "/en/field-operations/",
    "/en/field-operations/timeline/",
    "/en/field-operations/comparison/",
    "/en/field-operations/astana/",
]
HONOURED_API = [
    "/api/v1/field-operations",
    "/api/v1/field-operations/astana",
    "/api/v1/organisation/field-operations",
    "/api/v1/organisation/timeline",
    "/api/v1/organisation/comparison",
    "/api/v1/organisation/field-operations/astana/figures",
]
HONOURED_EXPORTS = [
    "/exports/all.json",
    "/exports/field-operations/astana.json",
    "/exports/all/names.csv",
    "/exports/comparison.json",
]


def refused_pages(document: Document, vacancy: Vacancy) -> list[str]:
    """The public pages that are the same on every day (with the demo loaded)."""
    return [
        "/en/",
        "/en/documents/",
        document.get_absolute_url(),
        "/en/vacancies/",
        vacancy.get_absolute_url(),
        "/en/vacancies/feed/rss/",
        "/en/vacancies/feed/atom/",
        "/en/job-alerts/",
        "/en/open-data/",
    ]


def refused_data(document: Document, vacancy: Vacancy) -> list[str]:
    """The API answers and downloads that are the same on every day."""
    return [
        "/api/v1/documents",
        f"/api/v1/documents/{document.slug}",
        "/api/v1/vacancies",
        f"/api/v1/vacancies/{vacancy.number}",
        "/exports/schema/dataset-2.json",
    ]


def public_addresses(document: Document, vacancy: Vacancy) -> list[str]:
    """Every kind of public address: pages, feeds, API answers, downloads."""
    return [
        *HONOURED_PAGES,
        *HONOURED_API,
        *HONOURED_EXPORTS,
        *refused_pages(document, vacancy),
        *refused_data(document, vacancy),
    ]


class AsOfEverywhereTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()
        cls.document = Document.objects.live().first()
        cls.vacancy = Vacancy.objects.live().first()

    def refused_pages(self) -> list[str]:
        return refused_pages(self.document, self.vacancy)

    def refused_data(self) -> list[str]:
        return refused_data(self.document, self.vacancy)

    def test_pages_that_depend_on_the_day_show_it(self):
        for url in HONOURED_PAGES:
            response = self.client.get(url, {"as_of": DAY})
            assert response.status_code == 200, url
            assert "1 June 2010" in text(response), url

    def test_data_that_depends_on_the_day_says_it(self):
        for url in HONOURED_API + HONOURED_EXPORTS:
            response = self.client.get(url, {"as_of": DAY})
            assert response.status_code == 200, url
            if url.endswith(".csv"):
                assert response["X-Data-As-Of"] == DAY, url
            else:
                assert response.json()["meta"]["as_of"] == DAY, url

    def test_pages_that_are_the_same_every_day_refuse_a_day(self):
        for url in self.refused_pages():
            assert self.client.get(url).status_code == 200, url
            response = self.client.get(url, {"as_of": DAY})
            assert response.status_code == 400, url
            errors = text(soup(response).select_one(".error-list"))
            assert "does not take “as_of”" in errors, url
            # An empty as_of asks for no day, as on every page.
            assert self.client.get(url, {"as_of": ""}).status_code == 200, url

    def test_data_that_is_the_same_every_day_refuses_a_day(self):
        for url in self.refused_data():
            assert self.client.get(url).status_code == 200, url
            response = self.client.get(url, {"as_of": DAY})
            assert response.status_code == 400, url
            body = response.json()
            message = body["errors"]["as_of"][0] if "errors" in body else body["detail"]
            assert "does not take “as_of”" in message, url
