"""/api/v1/organisation/... and /exports/comparison.*: the organisation's views
as data, with the pages' answers and messages."""

import csv
import io
import json

from django.test import TestCase

from fieldops.operations.tests.organisation_data import four_operations

API = "/api/v1/organisation"


class OrganisationApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        four_operations()

    def test_list_filters_sorts_and_gives_the_glance(self):
        response = self.client.get(
            f"{API}/field-operations", {"region": "central-asia", "sort": "-staff"}
        )
        assert response.status_code == 200
        data = response.json()["data"]
        assert [item["slug"] for item in data["items"]] == ["bishkek", "astana"]
        astana = data["items"][1]
        assert astana["staff"]["count"] == 7
        budget = dict(astana["budget"])
        assert budget.pop("source_url").endswith("/en/documents/pc-dec-1/")
        assert budget == {
            "year": 2024,
            "amount": "2000000.00",
            "currency": "EUR",
            "fund": "unified",
            "measure": "available",
            "approximate": False,
        }
        assert astana["head"] == {"name": "Volker Frobarth", "honorific": "Ambassador"}
        glance = data["glance"]
        assert glance["current_operations"] == 2
        assert glance["staff"]["value"] == 7
        assert (glance["staff"]["reporting"], glance["staff"]["of"]) == (1, 2)
        assert {total["currency"] for total in glance["money"]} == {"EUR", "USD"}

    def test_list_as_of_gives_the_names_of_that_day(self):
        data = self.client.get(
            f"{API}/field-operations", {"as_of": "2000-06-01"}
        ).json()
        names = [item["name"] for item in data["data"]["items"]]
        assert names == ["OSCE Centre in Almaty", "OSCE Mission to Croatia"]
        assert data["meta"]["as_of"] == "2000-06-01"

    def test_bad_parameters_are_a_400_with_messages_by_parameter(self):
        # The shape of every endpoint of the API: {"detail", "errors": {name: [...]}}.
        cases = [
            ("field-operations", {"region": "atlantis"}, "region", "is not a region"),
            ("field-operations", {"status": "asleep"}, "status", "is not a status"),
            ("field-operations", {"sort": "colour"}, "sort", "is not a column"),
            ("field-operations", {"as_of": "2020-13-01"}, "as_of", "is not a day"),
            ("timeline", {"as_of": "2020-02-30"}, "as_of", "is not a day"),
            ("comparison", {"as_of": "someday"}, "as_of", "is not a day"),
            ("comparison", {"year": "1500"}, "year", "is not a year"),
            (
                "field-operations/astana/figures",
                {"as_of": "x"},
                "as_of",
                "is not a day",
            ),
        ]
        for path, query, name, message in cases:
            response = self.client.get(f"{API}/{path}", query)
            assert response.status_code == 400, (path, query)
            body = response.json()
            assert body["detail"] == "Some parameters are not valid."
            assert list(body["errors"]) == [name], (path, query)
            assert message in body["errors"][name][0]

    def test_every_bad_parameter_of_the_list_is_named_at_once(self):
        response = self.client.get(
            f"{API}/field-operations",
            {"region": "atlantis", "status": "asleep", "as_of": "soon"},
        )
        assert response.status_code == 400
        assert sorted(response.json()["errors"]) == ["as_of", "region", "status"]

    def test_timeline_lists_periods_and_renames(self):
        data = self.client.get(f"{API}/timeline").json()["data"]
        astana = next(item for item in data if item["slug"] == "astana")
        assert (astana["start"], astana["end"]) == ("1998-06-11", None)
        assert astana["renames"] == [
            {
                "day": "2015-01-01",
                "precision": "day",
                "name": "OSCE Programme Office in Astana",
            }
        ]
        croatia = next(item for item in data if item["slug"] == "croatia")
        assert croatia["end"] == "2007-12-31"

    def test_comparison_gives_null_for_no_figure(self):
        data = self.client.get(f"{API}/comparison", {"year": "2024"}).json()["data"]
        headcount = next(s for s in data["staff"] if s["key"] == "staff-headcount")
        values = {item["slug"]: item["value"] for item in headcount["items"]}
        # The monitoring mission, whose status is unknown, is known to work
        # only in the year of its last recorded name (2014), not in 2024.
        assert values == {"bishkek": None, "astana": 7}
        assert [s["currency"] for s in data["money"]] == ["EUR", "USD"]

    def test_an_operation_s_figures_over_the_years(self):
        data = self.client.get(f"{API}/field-operations/astana/figures").json()["data"]
        money = next(s for s in data if s["key"] == "money-EUR-unified-available")
        assert [(p["year"], p["value"]) for p in money["points"]] == [
            (2023, "1000000.00"),
            (2024, "2000000.00"),
        ]
        response = self.client.get(f"{API}/field-operations/nowhere/figures")
        assert response.status_code == 404


class ComparisonExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        four_operations()

    def test_csv_has_a_row_per_operation_and_set_empty_where_no_figure(self):
        response = self.client.get("/exports/comparison.csv", {"year": "2024"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        headcount = {
            r["slug"]: r["value"] for r in rows if r["set"] == "staff-headcount"
        }
        assert headcount == {"bishkek": "", "astana": "7"}
        euro = [r for r in rows if r["set"] == "money-EUR-unified-available"]
        assert {r["slug"]: r["value"] for r in euro}["astana"] == "2000000.00"
        # Yes and no as the dataset's tables write them, not Python's.
        assert {r["approximate"] for r in rows} <= {"true", "false"}

    def test_json_is_the_api_s_comparison(self):
        response = self.client.get("/exports/comparison.json", {"year": "2024"})
        body = json.loads(response.content)
        api = self.client.get(f"{API}/comparison", {"year": "2024"}).json()
        assert body["data"] == api["data"]

    def test_bad_year_or_day_is_a_400_with_a_message(self):
        response = self.client.get("/exports/comparison.csv", {"year": "abc"})
        assert response.status_code == 400
        assert "is not a year" in response.json()["detail"]
        response = self.client.get("/exports/comparison.json", {"as_of": "2020-02-31"})
        assert response.status_code == 400
