"""The /<lang>/open-data/ page: what is open, the licence, and every download."""

import datetime

import pytest
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from fieldops.core.tests.html import assert_headings_in_order, soup, text
from fieldops.opendata.dataset.format import CSV_TABLES
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
)

URL = "/en/open-data/"
PAGE_QUERY_BUDGET = 8


class OpenDataPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        operation = FieldOperationFactory(slug="astana")
        OperationNameFactory(
            operation=operation, full_name="OSCE Programme Office in Astana"
        )
        FieldOperationPageFactory(operation=operation)
        # Published, but without a profile page: not public, so not listed.
        OperationNameFactory(
            operation=FieldOperationFactory(slug="hidden"), full_name="Hidden office"
        )

    def setUp(self):
        self.response = self.client.get(URL)
        self.page = soup(self.response)
        self.text = text(self.response)

    def hrefs(self, heading_id: str) -> list[str]:
        section = self.page.find(id=heading_id).find_parent("section")
        return [a["href"] for a in section.find_all("a")]

    def test_the_page_answers_with_one_h1_and_ordered_headings(self):
        assert self.response.status_code == 200
        assert text(self.page.find("h1")) == "Open data"
        assert_headings_in_order(self.response)

    def test_it_names_the_licence_with_its_link(self):
        licence = self.page.find("a", rel="license")
        assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
        assert text(licence) == "CC BY 4.0"

    @override_settings(
        FIELDOPS_DATA_LICENCE_NAME="ODC-BY 1.0",
        FIELDOPS_DATA_LICENCE_URL="https://opendatacommons.org/licenses/by/1-0/",
    )
    def test_the_licence_comes_from_the_settings(self):
        licence = soup(self.client.get(URL)).find("a", rel="license")
        assert text(licence) == "ODC-BY 1.0"
        assert licence["href"] == "https://opendatacommons.org/licenses/by/1-0/"

    def test_it_explains_the_api(self):
        hrefs = self.hrefs("api")
        assert "/api/v1/docs" in hrefs
        assert "/api/v1/openapi.json" in hrefs
        for words in ("as_of=YYYY-MM-DD", "page_size", "ETag", "304", "CORS"):
            assert words in self.text, words
        assert "/api/v1/" in self.text
        for href in set(hrefs):  # no link of the section leads nowhere
            assert self.client.get(href).status_code == 200, href

    def test_it_explains_each_format(self):
        section = text(self.page.find(id="formats").find_parent("section"))
        for words in (
            "JSON dataset",
            "CSV",
            "RFC 4180",
            "csv-metadata.json",
            "CSV on the Web",
            "Link",
            "ZIP",
            "Popolo",
            "IATI 2.03",
        ):
            assert words in section, words

    def test_it_links_the_downloads_of_all_operations(self):
        hrefs = self.hrefs("all-operations")
        for fmt in ("json", "zip", "popolo.json"):
            assert f"/exports/all.{fmt}" in hrefs
        for table in CSV_TABLES:
            assert f"/exports/all/{table}.csv" in hrefs

    def test_without_an_iati_identifier_it_offers_no_iati_file_and_says_why(self):
        assert "/exports/all.iati.xml" not in self.hrefs("all-operations")
        reason = self.page.find(id="iati-unavailable")
        assert "FIELDOPS_IATI_ORGANISATION_ID" in text(reason)
        assert "registration agency" in text(reason)

    @override_settings(FIELDOPS_IATI_ORGANISATION_ID="XI-IATI-EXAMPLE")
    def test_with_an_iati_identifier_it_links_the_organisation_file(self):
        page = soup(self.client.get(URL))
        section = page.find(id="all-operations").find_parent("section")
        hrefs = [a["href"] for a in section.find_all("a")]
        assert "/exports/all.iati.xml" in hrefs
        assert page.find(id="iati-unavailable") is None

    def test_the_table_lists_each_public_operation_with_its_downloads(self):
        table = self.page.find("table")
        assert table.find("caption")
        assert all(th.get("scope") for th in table.find_all("th"))
        rows = table.find("tbody").find_all("tr")
        assert len(rows) == 1
        row = rows[0]
        assert text(row.find("th")).startswith("OSCE Programme Office in Astana")
        assert row.find("th").find("a")["href"] == "/en/field-operations/astana/"
        hrefs = [a["href"] for a in row.find_all("a")]
        assert hrefs[1:] == [
            "/exports/field-operations/astana.json",
            "/exports/field-operations/astana.zip",
            "/exports/field-operations/astana.popolo.json",
            "/api/v1/field-operations/astana",
        ]
        assert "Hidden office" not in self.text

    def test_the_footer_links_the_page(self):
        footer = self.page.find("footer")
        assert footer.find("a", href=URL)


def public_operation(slug: str) -> None:
    operation = FieldOperationFactory(slug=slug)
    OperationNameFactory(operation=operation, valid_from=datetime.date(2000, 1, 1))
    OperationNameFactory(
        operation=operation, change="renamed", valid_from=datetime.date(2010, 1, 1)
    )
    office = OfficeFactory(operation=operation)
    PlaceNameFactory(place=office.place)
    FieldOperationPageFactory(operation=operation)


def queries(client) -> int:
    client.get(URL)  # fills Wagtail's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
class OpenDataPageQueryCountTests:
    def test_queries_do_not_grow_with_the_number_of_operations(self, client):
        public_operation("first")
        one = queries(client)
        assert one <= PAGE_QUERY_BUDGET
        for index in range(25):
            public_operation(f"other-{index}")
        assert queries(client) == one
        assert len(soup(client.get(URL)).find("tbody").find_all("tr")) == 26

    def test_with_no_operation_it_says_so(self, client):
        response = client.get(URL)
        assert response.status_code == 200
        assert "No field operation has been published yet." in text(response)
