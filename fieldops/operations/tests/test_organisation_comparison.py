"""The comparison of a year at /en/field-operations/comparison/."""

import datetime

from django.test import TestCase

from fieldops.core.tests.html import assert_headings_in_order, soup, text
from fieldops.operations.models import OperationChange

from .factories import FieldOperationFactory, FinancialFigureFactory
from .organisation_data import four_operations, staff

URL = "/en/field-operations/comparison/"
API = "/api/v1/organisation/comparison"


def table(response, key) -> list[str]:
    section = soup(response).find("section", attrs={"aria-labelledby": key})
    return [text(tr) for tr in section.select("tbody tr")]


def names(response) -> list[str]:
    return [text(th) for th in soup(response).select("tbody th")]


def named(data) -> dict[str, set[str]]:
    """The names each operation bears in the API's comparison, by slug."""
    found: dict[str, set[str]] = {}
    for figures in data["staff"] + data["money"]:
        for item in figures["items"]:
            found.setdefault(item["slug"], set()).add(item["name"])
    return found


class ComparisonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        made = four_operations()
        # Figures of the years around Astana's rename (1 January 2015).
        staff(made["astana"], datetime.date(2014, 6, 30), 9)
        FinancialFigureFactory(
            operation=made["astana"], year=2015, as_of=datetime.date(2014, 12, 1)
        )

    def test_an_operation_of_unknown_status_known_only_by_its_establishment(self):
        operation = FieldOperationFactory(slug="unnamed", status="unknown")
        OperationChange.objects.create(
            operation=operation,
            kind="established",
            adopted_on=datetime.date(2010, 5, 1),
        )
        # No dated name: known to work only up to its establishment's year.
        assert self.client.get(URL, {"year": "2024"}).status_code == 200
        timeline = self.client.get("/en/field-operations/timeline/")
        assert timeline.status_code == 200
        later = self.client.get(
            "/api/v1/organisation/comparison", {"year": "2024"}
        ).json()["data"]
        assert "unnamed" not in {
            i["slug"] for s in later["staff"] + later["money"] for i in s["items"]
        }

    def test_staff_of_each_meaning_side_by_side_missing_is_no_figure(self):
        response = self.client.get(URL, {"year": "2024"})
        assert response.status_code == 200
        assert table(response, "staff-headcount") == [
            "OSCE Centre in Bishkek no figure —",
            "OSCE Programme Office in Astana 7 on 31 December 2024 Source not given",
        ]
        assert table(response, "staff-authorised")[1].startswith(
            "OSCE Programme Office in Astana 20"
        )

    def test_each_set_is_headed_by_its_meaning_as_a_heading_is_written(self):
        page = soup(self.client.get(URL, {"year": "2024"}))
        headings = [text(h3) for h3 in page.select("section.comparison-set h3")]
        assert headings
        assert "Staff in post" in headings
        assert all(heading[0].isupper() for heading in headings), headings

    def test_money_is_compared_per_currency_fund_and_measure(self):
        response = self.client.get(URL, {"year": "2024"})
        euros = table(response, "money-EUR-unified-available")
        assert euros[1].startswith("OSCE Programme Office in Astana €2,000,000 Source:")
        assert euros[0] == "OSCE Centre in Bishkek no figure —"
        dollars = table(response, "money-USD-unified-available")
        assert "500,000" in dollars[0]

    def test_each_figure_links_to_its_source(self):
        response = self.client.get(URL, {"year": "2024"})
        page = soup(response)
        euros = page.find(
            "section", attrs={"aria-labelledby": "money-EUR-unified-available"}
        )
        assert euros.find("a", string="Permanent Council Decision No. 1")["href"] == (
            "/en/documents/pc-dec-1/"
        )
        dollars = page.find(
            "section", attrs={"aria-labelledby": "money-USD-unified-available"}
        )
        assert (
            dollars.find("a", rel="external")["href"]
            == "https://example.org/bishkek-2024"
        )

    def test_default_year_is_the_latest_with_a_figure(self):
        response = self.client.get(URL)
        assert soup(response).find("h1").get_text() == "Field operations compared, 2024"

    def test_a_closed_operation_appears_in_the_years_it_worked(self):
        # Named as in 2005: Almaty (not yet Astana), the Mission to Croatia
        # (not its closing name, the Office in Zagreb of 2007).
        response = self.client.get(URL, {"year": "2005"})
        assert table(response, "staff-headcount") == [
            "OSCE Centre in Almaty no figure —",
            "OSCE Centre in Bishkek no figure —",
            "OSCE Mission to Croatia 100 on 1 January 2005 Source not given",
        ]

    def test_a_past_year_names_each_operation_as_in_that_year(self):
        for year, name in (
            ("2014", "OSCE Centre in Almaty"),
            ("2015", "OSCE Programme Office in Astana"),
        ):
            response = self.client.get(URL, {"year": year})
            assert name in names(response), year
            assert f"named as it was at the end of {year}" in text(response)
            data = self.client.get(API, {"year": year}).json()["data"]
            assert named(data)["astana"] == {name}, year

    def test_an_as_of_before_the_end_of_the_year_names_them_as_on_that_day(self):
        # The budget of 2015 was known before the rename of 1 January 2015.
        query = {"year": "2015", "as_of": "2014-12-31"}
        assert "OSCE Centre in Almaty" in names(self.client.get(URL, query))
        data = self.client.get(API, query).json()["data"]
        assert named(data)["astana"] == {"OSCE Centre in Almaty"}

    def test_a_bad_year_is_a_400_that_says_why(self):
        for year in ("1800", "twenty", "99999"):
            response = self.client.get(URL, {"year": year})
            assert response.status_code == 400
            assert f"“{year}” is not a year: write one from 1991 on" in text(response)

    def test_page_has_one_h1_and_headings_in_order(self):
        assert_headings_in_order(self.client.get(URL))


class ProfileSeriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        four_operations()

    def test_profile_shows_each_kind_of_figure_over_the_years_apart(self):
        response = self.client.get("/en/field-operations/astana/")
        section = soup(response).find(id="over-the-years").find_parent("section")
        headings = [text(h3) for h3 in section.find_all("h3")]
        assert headings == [
            "Staff (staff in post)",
            "Staff (authorised strength)",
            "Unified Budget, budget available (EUR)",
        ]
        money = section.find_all("table")[2]
        assert [text(tr) for tr in money.select("tbody tr")] == [
            "2023 €1,000,000 Source not given",
            "2024 €2,000,000 Source: Permanent Council Decision No. 1",
        ]

    def test_a_past_day_shows_only_the_figures_known_then(self):
        response = self.client.get("/en/field-operations/astana/?as_of=2024-01-01")
        section = soup(response).find(id="over-the-years").find_parent("section")
        assert [text(h3) for h3 in section.find_all("h3")] == [
            "Unified Budget, budget available (EUR)"
        ]
        assert len(section.select("tbody tr")) == 1
