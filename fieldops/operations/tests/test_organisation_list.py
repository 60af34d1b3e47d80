"""The list of field operations at /en/field-operations/: its columns, filters,
sorting, day and the organisation at a glance above it."""

from django.test import TestCase

from fieldops.core.tests.html import assert_headings_in_order, soup, text

from .factories import FieldOperationFactory, OperationNameFactory
from .organisation_data import four_operations

URL = "/en/field-operations/"
API = "/api/v1/organisation/field-operations"


def names(response) -> list[str]:
    return [text(th) for th in soup(response).select("tbody th")]


class OrganisationListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        four_operations()

    def test_each_row_shows_host_region_status_head_staff_and_budget(self):
        rows = {
            text(tr.th): text(tr)
            for tr in soup(self.client.get(URL)).select("tbody tr")
        }
        assert rows["OSCE Programme Office in Astana"] == (
            "OSCE Programme Office in Astana Kazakhstan Central Asia current "
            "Ambassador Volker Frobarth 7 on 31 December 2024 "
            "€2,000,000 2024, Unified Budget, budget available"
        )
        assert rows["OSCE Office in Zagreb"] == (
            "OSCE Office in Zagreb Croatia South-Eastern Europe closed 1996–2007 "
            "not known 100 on 1 January 2005 no figure"
        )
        assert "status unknown" in rows["Special Monitoring Mission"]

    def test_an_operation_with_no_single_host_says_so(self):
        regional = FieldOperationFactory(slug="regional", host_country="")
        OperationNameFactory(operation=regional, full_name="Regional Office")
        rows = {text(tr.th): tr for tr in soup(self.client.get(URL)).select("tbody tr")}
        host = rows["Regional Office"].find_all("td")[0]
        assert text(host) == "No single host country"
        item = next(
            item
            for item in self.client.get(API).json()["data"]["items"]
            if item["slug"] == "regional"
        )
        assert (item["host_country"], item["host_name"]) == (
            None,
            "No single host country",
        )

    def test_staff_shows_only_the_count_of_staff_in_post(self):
        row = soup(self.client.get(URL)).select("tbody tr")[2]
        assert text(row.th) == "OSCE Programme Office in Astana"
        # The authorised strength (20) of the same day is not the staff in post.
        assert text(row.find_all("td")[4]) == "7 on 31 December 2024"

    def test_filters_by_region_and_by_status(self):
        central = self.client.get(URL, {"region": "central-asia"})
        assert names(central) == [
            "OSCE Centre in Bishkek",
            "OSCE Programme Office in Astana",
        ]
        closed = self.client.get(URL, {"status": "closed"})
        assert names(closed) == ["OSCE Office in Zagreb"]
        both = self.client.get(URL, {"region": "central-asia", "status": "closed"})
        assert names(both) == []
        assert "No field operation matches these filters." in text(both)

    def test_the_filter_form_works_without_script(self):
        form = soup(self.client.get(URL)).find("form", class_="list-filters")
        assert form["method"] == "get"
        for field in form.find_all(["select", "input"]):
            if field.get("type") != "hidden":
                assert form.find("label", attrs={"for": field["id"]})

    def test_sorts_by_each_column_with_rows_without_a_value_last(self):
        by_staff = self.client.get(URL, {"sort": "staff"})
        assert names(by_staff) == [
            "OSCE Programme Office in Astana",
            "OSCE Centre in Bishkek",
            "OSCE Office in Zagreb",
            "Special Monitoring Mission",
        ]
        reverse = self.client.get(URL, {"sort": "-staff"})
        assert names(reverse)[:3] == [
            "OSCE Office in Zagreb",
            "OSCE Centre in Bishkek",
            "OSCE Programme Office in Astana",
        ]
        assert names(reverse)[-1] == "Special Monitoring Mission"
        for column in ("name", "country", "region", "status", "head", "budget"):
            assert self.client.get(URL, {"sort": column}).status_code == 200

    def test_sorted_header_says_its_order_and_links_to_the_reverse(self):
        page = soup(self.client.get(URL, {"sort": "staff", "region": "central-asia"}))
        sorted_headers = page.select("thead th[aria-sort]")
        assert len(sorted_headers) == 1
        assert sorted_headers[0]["aria-sort"] == "ascending"
        assert sorted_headers[0].a["href"] == "?region=central-asia&sort=-staff"
        name_header = page.select("thead th")[0]
        assert name_header.a["href"] == "?region=central-asia&sort=name"

    def test_a_past_day_lists_the_operations_of_that_day_under_its_names(self):
        response = self.client.get(URL, {"as_of": "2000-06-01"})
        assert names(response) == ["OSCE Centre in Almaty", "OSCE Mission to Croatia"]
        croatia = soup(response).select("tbody tr")[1]
        assert text(croatia.find_all("td")[2]) == "current"
        assert "as they stood on 1 June 2000" in text(response)

    def test_a_past_day_counts_only_the_operations_then_working(self):
        for day, current in [("1990-01-01", "0"), ("2000-06-01", "2")]:
            response = self.client.get(URL, {"as_of": day})
            glance = text(soup(response).find("section", class_="glance"))
            assert f"Current field operations {current}" in glance, day

    def test_bad_values_are_refused_with_a_message_each(self):
        response = self.client.get(
            URL, {"region": "atlantis", "sort": "colour", "as_of": "2020-02-30"}
        )
        assert response.status_code == 400
        messages = [text(li) for li in soup(response).select(".error-list li")]
        assert len(messages) == 3
        assert messages[0].startswith("“atlantis” is not a region")
        assert messages[1].startswith("“colour” is not a column to sort by")
        assert messages[2].startswith("“2020-02-30” is not a day")

    def test_a_bad_status_is_refused(self):
        response = self.client.get(URL, {"status": "sleeping"})
        assert response.status_code == 400
        assert "“sleeping” is not a status" in text(response)

    def test_glance_says_what_each_total_covers(self):
        glance = text(soup(self.client.get(URL)).find("section", class_="glance"))
        assert "Current field operations 2" in glance
        assert "Staff in post, 2024 7" in glance
        assert (
            "1 of 2 current operations report a count of staff in post for 2024"
            in glance
        )
        # Euros and dollars are never added together.
        assert "€2,000,000" in glance
        assert "US$500,000" in glance or "$500,000" in glance
        assert (
            glance.count("1 of 2 current operations report this figure for 2024") == 2
        )

    def test_page_has_one_h1_breadcrumbs_and_headings_in_order(self):
        response = self.client.get(URL)
        assert_headings_in_order(response)
        crumbs = soup(response).find("nav", class_="breadcrumbs")
        assert crumbs["aria-label"] == "Breadcrumb"
        assert crumbs.find("a", attrs={"aria-current": "page"})
