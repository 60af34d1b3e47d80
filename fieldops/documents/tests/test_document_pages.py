"""The documents register and the page of one document."""

import datetime

from django.test import TestCase

from fieldops.core.tests.html import assert_headings_in_order, soup, text
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
)


class DocumentRegisterTests(TestCase):
    """Three decisions, one adopted on a day not known; two facts rest on the first."""

    @classmethod
    def setUpTestData(cls):
        first = DocumentFactory(number="243", adopted_on=datetime.date(1998, 6, 11))
        DocumentFactory(number="1153", adopted_on=None)
        DocumentFactory(number="797", adopted_on=datetime.date(2007, 6, 21))
        operation = FieldOperationFactory(slug="astana")
        OperationNameFactory(
            operation=operation,
            full_name="OSCE Centre in Almaty",
            valid_from=datetime.date(1998, 6, 11),
            source=first,
        )
        OfficeFactory(
            operation=operation,
            place=PlaceNameFactory(name="Almaty").place,
            valid_from=datetime.date(1998, 6, 11),
            source=first,
        )
        FieldOperationPageFactory(operation=operation)

    def test_register_lists_decisions_by_adoption_date_unknown_dates_last(self):
        response = self.client.get("/en/documents/")
        assert response.status_code == 200
        rows = soup(response).find("tbody").find_all("tr")
        symbols = [text(row.find("td")) for row in rows]
        assert symbols == ["PC.DEC/243", "PC.DEC/797", "PC.DEC/1153"]

    def test_unknown_adoption_date_is_said_to_be_unknown(self):
        response = self.client.get("/en/documents/pc-dec-1153/")
        assert response.status_code == 200
        assert "Adopted on not known" in text(response)

    def test_document_page_lists_the_facts_resting_on_it(self):
        response = self.client.get("/en/documents/pc-dec-243/")
        facts = soup(response).find(id="facts").parent
        assert "Established as OSCE Centre in Almaty" in text(facts)
        assert "Headquarters in Almaty" in text(facts)
        links = [a["href"] for a in facts.find_all("a")]
        assert "/en/field-operations/astana/?as_of=1998-06-11" in links

    def test_document_pages_have_one_h1_and_headings_in_order(self):
        assert_headings_in_order(self.client.get("/en/documents/"))
        assert_headings_in_order(self.client.get("/en/documents/pc-dec-797/"))


class DocumentPagesTests(TestCase):
    def test_document_page_shows_its_facts_of_record(self):
        DocumentFactory(
            number="9",
            summary="Sets up an office.",
            adopted_on=datetime.date(2001, 2, 3),
            url="https://example.org/9",
        )
        response = self.client.get("/en/documents/pc-dec-9/")
        body = text(response)
        assert "Permanent Council Decision No. 9" in text(soup(response).find("h1"))
        assert "Adopted on 3 February 2001" in body
        assert "Sets up an office." in body
        assert "No published fact cites this document yet." in body
        links = [a["href"] for a in soup(response).find("main").find_all("a")]
        assert "https://example.org/9" in links

    def test_draft_document_is_not_found(self):
        DocumentFactory(number="10", live=False)
        assert self.client.get("/en/documents/pc-dec-10/").status_code == 404
        assert "PC.DEC/10" not in text(self.client.get("/en/documents/"))

    def test_unknown_document_gets_the_site_s_404_page(self):
        response = self.client.get("/en/documents/no-such-thing/")
        assert response.status_code == 404
        assert "Page not found" in text(response)
