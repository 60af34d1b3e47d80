"""The timeline of every field operation at /en/field-operations/timeline/."""

from django.test import TestCase

from fieldops.core.tests.html import assert_headings_in_order, soup, text
from fieldops.operations.tests.factories import FieldOperationPageFactory

from .organisation_data import four_operations

URL = "/en/field-operations/timeline/"


def rows(response) -> list[str]:
    return [text(tr) for tr in soup(response).select(".timeline-table tbody tr")]


class TimelineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        four_operations()

    def test_one_row_per_operation_from_establishment_to_closure(self):
        assert rows(self.client.get(URL)) == [
            "OSCE Office in Zagreb 1 July 1996 31 December 2007 —",
            "OSCE Programme Office in Astana 11 June 1998 still working "
            "1 January 2015 : OSCE Programme Office in Astana",
            "OSCE Centre in Bishkek 1 July 2000 still working —",
            "Special Monitoring Mission 21 March 2014 not known —",
        ]

    def test_a_day_limits_the_timeline_to_operations_established_by_then(self):
        response = self.client.get(URL, {"as_of": "2000-01-01"})
        assert rows(response) == [
            "OSCE Mission to Croatia 1 July 1996 still working —",
            "OSCE Centre in Almaty 11 June 1998 still working —",
        ]

    def test_a_bad_day_is_a_400_that_says_why(self):
        response = self.client.get(URL, {"as_of": "yesterday"})
        assert response.status_code == 400
        assert "“yesterday” is not a day of the calendar" in text(response)

    def test_page_has_one_h1_and_breadcrumbs_to_the_list(self):
        response = self.client.get(URL)
        assert_headings_in_order(response)
        links = soup(response).select("nav.breadcrumbs a")
        assert [a["href"] for a in links] == ["/en/", "/en/field-operations/", URL]

    def test_the_views_and_the_sitemap_know_the_timeline(self):
        sitemap = self.client.get("/sitemap.xml").content.decode()
        assert "/en/field-operations/timeline/</loc>" in sitemap
        assert "/en/field-operations/comparison/</loc>" in sitemap


class ReservedSlugTests(TestCase):
    def test_no_profile_may_take_the_address_of_a_view(self):
        from django.core.exceptions import ValidationError

        page = FieldOperationPageFactory.build(
            operation__slug="timeline", slug="timeline"
        )
        page.operation.save()
        page.operation_id = page.operation.pk
        try:
            page.clean()
        except ValidationError as error:
            assert "is the address of a list" in str(error)
        else:
            raise AssertionError("the slug timeline was accepted")
