"""The JSON Schema of the dataset: the committed file is the one built from the
format and the models, exports follow it, it is served at a stable address, and
every load is checked against it first: a bad file is refused with the row and
field named, and nothing is stored."""

import copy
import json
import tempfile
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.test import TestCase
from jsonschema import Draft202012Validator

from fieldops.demo.services import DEMO_FILE
from fieldops.demo.testing import load_astana_demo
from fieldops.opendata.dataset.validation import SCHEMA_FILE
from fieldops.opendata.management.commands.dataset_schema import schema_json
from fieldops.operations.tests.test_load_demo import database_state

from .rich_data import rich_data
from .test_round_trip import load_dataset

SCHEMA_URL = "/exports/schema/dataset-2.json"


def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    return Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def problems(data: dict) -> list[str]:
    return [
        f"{list(error.absolute_path)}: {error.message}"
        for error in validator().iter_errors(data)
    ]


class SchemaFileTests(TestCase):
    def test_the_committed_file_is_the_schema_the_format_and_models_give(self):
        # After a change to the format or the models:
        # .venv/bin/python manage.py dataset_schema --write
        assert SCHEMA_FILE.read_text() == schema_json()

    def test_it_is_a_valid_draft_2020_12_schema(self):
        schema = json.loads(SCHEMA_FILE.read_text())
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)

    def test_rows_accept_no_column_the_format_does_not_have(self):
        schema = json.loads(SCHEMA_FILE.read_text())
        for table, row in schema["$defs"].items():
            with self.subTest(table=table):
                assert row["additionalProperties"] is False
                assert set(row["required"]) <= set(row["properties"])

    def test_the_demo_file_of_version_1_follows_it(self):
        assert problems(json.loads(DEMO_FILE.read_text())) == []


class ExportFollowsSchemaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        rich_data()
        load_astana_demo()

    def test_the_export_of_every_kind_of_fact_follows_the_schema(self):
        for url in ("/exports/all.json", "/exports/all.json?as_of=1999-02-01"):
            with self.subTest(url=url):
                data = json.loads(self.client.get(url).content)
                assert data["changes"] and data["host_state_names"]
                assert problems(data) == []

    def test_a_wrong_value_is_caught_by_the_validator_with_formats_on(self):
        data = json.loads(self.client.get("/exports/all.json").content)
        data["changes"][0]["adopted_on"] = "1998-13-01"
        claimed = next(i for i, row in enumerate(data["names"]) if row["claims"])
        data["names"][claimed]["claims"][0]["field"] = "colour"
        found = problems(data)
        assert "['changes', 0, 'adopted_on']: '1998-13-01' is not a 'date'" in found
        field = str(["names", claimed, "claims", 0, "field"])
        assert any(p.startswith(field) for p in found)


class SchemaServedTests(TestCase):
    def test_it_is_served_as_schema_json_with_cache_headers(self):
        response = self.client.get(SCHEMA_URL, headers={"origin": "https://x.example"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/schema+json"
        assert response.content == SCHEMA_FILE.read_bytes()
        assert response["Access-Control-Allow-Origin"] == "*"
        again = self.client.get(SCHEMA_URL, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304

    def test_the_open_data_page_links_to_it(self):
        response = self.client.get("/en/open-data/")
        assert f'href="{SCHEMA_URL}" type="application/schema+json"' in (
            response.content.decode()
        )


class RefusedDatasetTests(TestCase):
    """Each bad file is refused with the table, row and field named, and the
    database is left as it was."""

    @classmethod
    def setUpTestData(cls):
        rich_data()
        folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(folder.cleanup)
        cls.folder = Path(folder.name)

    def setUp(self):
        data = json.loads(self.client.get("/exports/all.json").content)
        # Renamed, so that everything in it would be new here.
        for row in data["operations"]:
            row["slug"] = "new-" + row["slug"]
        for rows in data.values():
            for row in rows if isinstance(rows, list) else []:
                for column in ("operation", "predecessor", "successor"):
                    if column in row:
                        row[column] = "new-" + row[column]
        self.data = data

    def refused(self, data: dict, message: str) -> None:
        path = self.folder / "bad.json"
        path.write_text(json.dumps(data))
        state = database_state()
        with pytest.raises(CommandError) as error:
            load_dataset(path)
        assert message in str(error.value)
        assert database_state() == state

    def test_the_good_file_loads(self):
        path = self.folder / "good.json"
        path.write_text(json.dumps(self.data))
        output = load_dataset(path)
        assert "created 0," not in output

    def test_an_impossible_date(self):
        data = copy.deepcopy(self.data)
        data["changes"][1]["adopted_on"] = "1998-13-01"
        self.refused(data, "changes[1].adopted_on: '1998-13-01' is not a 'date'")

    def test_a_value_too_long_is_measured_not_quoted(self):
        data = copy.deepcopy(self.data)
        data["names"][0]["full_name"] = "x" * 5000
        self.refused(data, "names[0].full_name: 5000 characters is too long (at most")
        path = self.folder / "bad.json"
        with pytest.raises(CommandError) as error:
            load_dataset(path)
        assert "x" * 100 not in str(error.value)

    def test_any_other_message_quoting_a_long_value_is_cut(self):
        data = copy.deepcopy(self.data)
        data["changes"][0]["kind"] = "y" * 5000
        path = self.folder / "bad.json"
        path.write_text(json.dumps(data))
        with pytest.raises(CommandError) as error:
            load_dataset(path)
        assert "changes[0].kind: 'yyy" in str(error.value)
        assert "is not one of" in str(error.value)
        assert len(str(error.value)) < 1000

    def test_a_kind_of_change_the_format_does_not_have(self):
        data = copy.deepcopy(self.data)
        data["changes"][0]["kind"] = "suspended"
        self.refused(data, "changes[0].kind: 'suspended' is not one of")

    def test_a_claim_about_a_column_the_row_does_not_have(self):
        data = copy.deepcopy(self.data)
        data["successions"][0]["claims"][1]["field"] = "colour"
        self.refused(data, "successions[0].claims[1].field: 'colour' is not one of")

    def test_a_further_source_that_is_not_a_web_address(self):
        data = copy.deepcopy(self.data)
        data["names"][0]["further_source_urls"] = ["ftp://example.org/x"]
        self.refused(data, "names[0].further_source_urls[0]: 'ftp://example.org/x'")

    def test_two_preferred_claims_about_one_field(self):
        data = copy.deepcopy(self.data)
        data["names"][0]["claims"][1].update(value="1998-10", preferred=True)
        self.refused(data, "names[0].claims[0]: field: 2 claims about “valid_from”")

    def test_a_preferred_claim_that_is_not_the_rows_value(self):
        data = copy.deepcopy(self.data)
        data["financial_figures"][0]["claims"][0]["value"] = "1200001"
        self.refused(
            data,
            "financial_figures[0].claims[0]: value: the preferred claim says "
            "“1200001”, but the row's amount is “1200000.00”",
        )

    def test_a_claimed_date_not_written_at_a_precision(self):
        data = copy.deepcopy(self.data)
        data["names"][0]["claims"][1]["value"] = "16 October 1998"
        self.refused(data, "names[0].claims[1]: value: “16 October 1998” is not a")

    def test_host_state_names_that_overlap(self):
        data = copy.deepcopy(self.data)
        data["host_state_names"].append(
            dict(data["host_state_names"][0], name="Another name")
        )
        self.refused(data, "host_state_names[1]: This period overlaps")

    def test_a_succession_to_an_operation_nowhere(self):
        data = copy.deepcopy(self.data)
        data["successions"][0]["successor"] = "nowhere"
        self.refused(
            data, "successions[0]: no field operation “nowhere” in the dataset or here"
        )

    def test_a_line_that_is_not_valid_names_its_place_in_the_row(self):
        data = copy.deepcopy(self.data)
        data["staffing"][0]["lines"][0]["category"] = "local"
        data["staffing"][0]["lines"].append({"category": "local", "count": 2})
        data["staffing"][0]["lines"][1]["count"] = -1
        self.refused(data, "staffing[0].lines[1].count: -1 is less than the minimum")
