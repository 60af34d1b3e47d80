"""Version 2 of the dataset: every new kind of fact is exported, loads back into
an empty database and exports again the same; claims are stored on the records
a load creates, and loading again changes nothing."""

import csv
import io
import json
import tempfile
from pathlib import Path

from django.test import TestCase

from fieldops.documents.models import Claim
from fieldops.operations.models import (
    Appointment,
    FinancialFigure,
    HostStateName,
    Office,
    OperationChange,
    OperationName,
    StaffingSnapshot,
    Succession,
)
from fieldops.operations.tests.test_load_demo import database_state

from .rich_data import rich_data
from .test_round_trip import empty_the_database, load_dataset


def empty_everything() -> None:
    """Empty the database, the records version 2 added included."""
    Claim.objects.all().delete()
    Succession.objects.all().delete()
    OperationChange.objects.all().delete()
    empty_the_database()


def without_provenance(data: dict) -> dict:
    return {**data, "meta": {"format": data["meta"]["format"]}}


class RichRoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        rich_data()
        folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(folder.cleanup)
        cls.folder = Path(folder.name)

    def export(self) -> dict:
        response = self.client.get("/exports/all.json")
        assert response.status_code == 200, response.content[:300]
        return json.loads(response.content)

    def save(self, data: dict) -> Path:
        path = self.folder / "rich.json"
        path.write_text(json.dumps(data))
        return path

    def test_the_export_holds_every_new_kind_of_fact(self):
        data = self.export()
        assert data["meta"]["version"] == "2"
        operations = {row["slug"]: row for row in data["operations"]}
        assert operations["kosovo-verification"]["host_country"] == "XK"
        assert operations["kosovo-verification"]["status"] == "closed"
        assert operations["regional-group"]["host_country"] == ""
        (host,) = data["host_state_names"]
        assert (host["name"], host["valid_to_uncertain"]) == (
            "Federal Republic of Yugoslavia",
            True,
        )
        kinds = [(c["kind"], c["decision"]) for c in data["changes"]]
        assert kinds == [("mandate-expired", None), ("established", "PC.DEC/263")]
        (succession,) = data["successions"]
        assert succession["kind"] == "split"
        assert [c["value"] for c in succession["claims"]] == ["split", "replaced"]
        name = data["names"][0]
        assert name["valid_from_uncertain"] is True
        assert len(name["further_source_urls"]) == 2
        assert [(c["value"], c["preferred"]) for c in name["claims"]] == [
            ("1998-10", True),
            ("1998-10-16", False),
        ]
        observed = [a["known_on"] for a in data["appointments"] if not a["valid_from"]]
        assert observed == ["1999-01-15", "1999-03-01"]
        (staffing,) = data["staffing"]
        assert staffing["lines"][0]["category"] == "not-split"
        (figure,) = data["financial_figures"]
        assert (figure["as_of"], figure["fund"], figure["basis"]) == (
            None,
            "not-stated",
            "",
        )

    def test_the_export_loads_into_an_empty_database_and_exports_the_same(self):
        before = self.export()
        path = self.save(before)
        empty_everything()
        output = load_dataset(path)
        assert "created 0," not in output
        assert Claim.objects.count() == 10
        assert HostStateName.objects.count() == 1
        assert Succession.objects.get().kind == "split"
        assert OperationChange.objects.filter(decision=None).count() == 1
        assert Appointment.objects.filter(valid_from=None).count() == 2
        assert Office.objects.filter(valid_from=None).count() == 2
        assert StaffingSnapshot.objects.get().lines.get().contract_type == ""
        assert FinancialFigure.objects.get().as_of is None
        after = self.export()
        assert without_provenance(after) == without_provenance(before)

    def test_loading_again_changes_nothing_and_adds_no_claims(self):
        path = self.save(self.export())
        empty_everything()
        load_dataset(path)
        state = database_state()
        output = load_dataset(path)
        assert "created 0," in output
        assert database_state() == state

    def test_a_record_already_present_keeps_its_claims_as_they_are(self):
        data = self.export()
        data["names"][0]["claims"][1]["note"] = "Changed in the file."
        load_dataset(self.save(data))
        name = OperationName.objects.get(full_name="Kosovo Verification Mission")
        notes = set(Claim.objects.filter(object_id=name.pk).values_list("note"))
        assert ("Changed in the file.",) not in notes

    def test_claims_have_their_own_csv_table_naming_the_row(self):
        response = self.client.get("/exports/all/claims.csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert len(rows) == 10
        by_table = {(r["table"], r["preferred"]) for r in rows}
        assert ("successions", "false") in by_table
        name = next(r for r in rows if r["value"] == "1998-10-16")
        assert name["record"] == "Kosovo Verification Mission 1998-10-01"
        assert name["operation"] == "kosovo-verification"
        assert name["further_source_urls"] == "https://example.org/report-1999"
        names = self.client.get("/exports/all/names.csv").content.decode()
        assert (
            " ".join(
                ["https://example.org/report-1999", "https://example.org/archive/a?b=1"]
            )
            in names
        )


OSCE_FILE = Path(__file__).resolve().parents[2] / "demo" / "osce.json"


class OrganisationDatasetTests(TestCase):
    """The field operations converted from the public record (demo/osce.json,
    version 2) load, and their export loads back into an empty database as
    the same export."""

    def test_it_loads_and_its_export_round_trips(self):
        output = load_dataset(OSCE_FILE)
        assert "created 0," not in output
        source = json.loads(OSCE_FILE.read_text())
        assert Claim.objects.exists() == any(
            row.get("claims")
            for rows in source.values()
            if isinstance(rows, list)
            for row in rows
            if isinstance(row, dict)
        )
        response = self.client.get("/exports/all.json")
        before = json.loads(response.content)
        assert len(before["operations"]) == len(source["operations"])
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.json"
            path.write_text(json.dumps(before))
            empty_everything()
            load_dataset(path)
        after = json.loads(self.client.get("/exports/all.json").content)
        assert without_provenance(after) == without_provenance(before)
