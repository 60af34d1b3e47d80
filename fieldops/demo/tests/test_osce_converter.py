"""The converter of the public record (scripts/osce_dataset.py) keeps each
value as precise as its source and no more, records disagreements as claims,
and fills a document's adoption from what the notebook records."""

import datetime
import importlib.util
import json
from pathlib import Path

import pytest

from fieldops.demo.services import DEMO_FILE

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "osce_dataset.py"
spec = importlib.util.spec_from_file_location("osce_dataset", SCRIPT)
osce_dataset = importlib.util.module_from_spec(spec)
spec.loader.exec_module(osce_dataset)

DATA = json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def notebook_head(**fields) -> dict:
    return {
        "name": "Werner Almhofer",
        "honorific": "Ambassador",
        "title": "Head of Mission",
        "from": None,
        "to": None,
        "as_of": None,
        "sources": ["https://example.org/head"],
        **fields,
    }


def converted_heads(*heads) -> tuple[list[dict], list[str]]:
    converter = osce_dataset.Converter(
        json.loads((DEMO_FILE.parent / "astana.json").read_text(encoding="utf-8"))
    )
    coverage: list[str] = []
    rows = converter.heads({"slug": "kosovo", "heads": list(heads)}, coverage)
    return rows, coverage


class TestHeads:
    @pytest.mark.parametrize(
        ("as_of", "said"),
        [
            ({"value": "2009", "precision": "year"}, "in post in 2009"),
            ({"value": "2001-12", "precision": "month"}, "in post in December 2001"),
            (
                {"value": "2025-08-19", "precision": "day", "uncertain": True},
                "in post on 19 August 2025, a date inferred rather than stated",
            ),
        ],
    )
    def test_a_head_seen_on_a_date_not_known_to_the_day_gets_no_known_on(
        self, as_of, said
    ):
        rows, coverage = converted_heads(notebook_head(as_of=as_of))
        assert rows == []
        assert said in coverage[0]

    def test_a_head_seen_on_a_day_is_known_on_that_day(self):
        as_of = {"value": "2024-09-19", "precision": "day"}
        rows, coverage = converted_heads(notebook_head(as_of=as_of))
        assert rows[0]["known_on"] == "2024-09-19"
        assert coverage == []


class TestPrecision:
    def test_a_name_inferred_to_the_day_takes_its_change_s_precision(self):
        rows = [
            {
                "full_name": "Centre",
                "valid_from": "2007-06-21",
                "valid_to": "2015-01-01",
                "valid_to_uncertain": True,
            },
            {
                "full_name": "Programme Office",
                "valid_from": "2015-01-01",
                "valid_from_precision": "day",
                "valid_from_uncertain": True,
            },
        ]
        changes = [
            {
                "type": "transformed",
                "name_after": "Programme Office",
                "adopted": {"value": "2014-12-18", "precision": "day"},
                "effective": {"value": "2015-01", "precision": "month"},
            }
        ]
        osce_dataset.no_finer_than_changes(rows, changes)
        assert rows[1]["valid_from_precision"] == "month"
        assert rows[0]["valid_to_precision"] == "month"

    def test_the_demo_has_no_name_more_precise_than_the_change_that_began_it(self):
        assert osce_dataset.finer_than_sources(DATA) == []

    def test_the_check_finds_a_name_finer_than_its_change(self):
        names = [
            {
                "operation": "x",
                "full_name": "B",
                "change": "renamed",
                "valid_from": "2015-01-01",
            }
        ]
        changes = [
            {
                "operation": "x",
                "kind": "renamed",
                "effective_on": "2015-01-01",
                "effective_on_precision": "month",
            }
        ]
        found = osce_dataset.finer_than_sources({"names": names, "changes": changes})
        assert len(found) == 1


class TestNamesJoin:
    def test_a_name_s_last_day_before_the_next_name_becomes_its_end(self):
        rows = [
            {"valid_from": "2000-12-14", "valid_to": "2006-06-30"},
            {"valid_from": "2006-07-01"},
        ]
        osce_dataset.close_overlapping_names(rows)
        assert rows[0]["valid_to"] == "2006-07-01"

    def test_a_real_gap_or_an_end_known_only_to_the_month_is_kept(self):
        rows = [
            {"valid_from": "2000-01-01", "valid_to": "2003-05-01"},
            {"valid_from": "2003-05-03", "valid_to": "2004-01"},
            {"valid_from": "2004-02-01", "valid_to_precision": "month"},
        ]
        rows[1]["valid_to_precision"] = "month"
        osce_dataset.close_overlapping_names(rows)
        assert [row["valid_to"] for row in rows[:2]] == ["2003-05-01", "2004-01"]

    def test_no_day_falls_between_two_names_of_the_demo(self):
        by_operation: dict[str, list[dict]] = {}
        for name in DATA["names"]:
            by_operation.setdefault(name["operation"], []).append(name)
        joined = 0
        for names in by_operation.values():
            names.sort(key=lambda name: name.get("valid_from") or "")
            for name, after in zip(names, names[1:], strict=False):
                dated = name.get("valid_to") and after.get("valid_from")
                to_the_day = osce_dataset._to_the_day(name, "valid_to")
                if (
                    dated
                    and to_the_day
                    and osce_dataset._to_the_day(after, "valid_from")
                ):
                    assert name["valid_to"] >= after["valid_from"] or (
                        osce_dataset.ONE_DAY
                        < datetime.date.fromisoformat(after["valid_from"])
                        - datetime.date.fromisoformat(name["valid_to"])
                    ), (name["full_name"], after["full_name"])
                    joined += 1
        assert joined > 10


class TestDisputes:
    def test_every_dispute_is_a_claim_pair_in_the_demo(self):
        pairs = [
            (row["operation"], claim["field"])
            for table in ("names", "changes")
            for row in DATA[table]
            for claim in row.get("claims", [])
            if not claim["preferred"]
        ]
        slugs = {slug for slug, *_rest in osce_dataset.DISPUTES}
        assert {slug for slug, _field in pairs} == slugs
        assert ("moldova", "effective_on") in pairs
        assert ("uzbekistan", "kind") in pairs

    def test_the_record_holds_the_preferred_value_at_its_precision(self):
        [georgia] = [
            row
            for row in DATA["changes"]
            if row["operation"] == "georgia" and row["kind"] == "established"
        ]
        assert georgia["adopted_on"] == "1992-11-01"
        assert georgia["adopted_on_precision"] == "month"


class TestDocuments:
    @pytest.mark.parametrize(
        ("text", "day"),
        [
            ("extension of PC Decision No. 861 (19 Aug 2008)", "2008-08-19"),
            ("Note verbale of 3 June 2015", "2015-06-03"),
            ("PC.DEC/243", None),
        ],
    )
    def test_a_day_stated_in_the_decision_s_text_is_read(self, text, day):
        assert osce_dataset.stated_day(text) == day

    def test_a_document_s_adoption_comes_from_its_own_act_or_its_text(self):
        adopted = {row["symbol"]: row.get("adopted_on") for row in DATA["documents"]}
        assert adopted["PC.DEC/861"] == "2008-08-19"  # not its extension's day
        assert adopted["Note verbale of 3 June 2015"] == "2015-06-03"
        assert adopted["PC.DEC/1153"] == "2014-12-18"
        assert adopted["PC.DEC/145"] is None  # no source gives it
