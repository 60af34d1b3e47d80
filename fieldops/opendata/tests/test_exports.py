"""The dataset downloads under /exports/: JSON, CSV tables and ZIP."""

import csv
import datetime
import io
import json
import re
import zipfile
from decimal import Decimal

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fieldops.demo.testing import load_astana_demo
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.opendata.dataset.format import CSV_COLUMNS, CSV_TABLES
from fieldops.opendata.tests.test_csv import NOT_IN_THE_DEMO
from fieldops.operations.models import FieldOperation, FinancialFigure, Mandate
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingLineFactory,
)
from fieldops.recruitment.tests.factories import VacancyFactory

TODAY = timezone.localdate


def parse_csv(body: bytes) -> tuple[list[str], list[dict]]:
    """The header row and the rows of a CSV export, read with csv's defaults."""
    reader = csv.DictReader(io.StringIO(body.decode("utf-8"), newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


class DemoExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()

    def get_json(self, url: str) -> dict:
        response = self.client.get(url)
        assert response.status_code == 200, response.content[:300]
        assert response["Content-Type"] == "application/json"
        return json.loads(response.content)


class JsonExportTests(DemoExportTests):
    def test_meta_states_format_and_provenance(self):
        meta = self.get_json("/exports/all.json")["meta"]
        assert meta["format"] == "fieldops-dataset"
        assert meta["version"] == "2"
        assert meta["source"] == "http://testserver/exports/all.json"
        assert meta["as_of"] == TODAY().isoformat()
        assert meta["licence"] == "CC BY 4.0"
        assert meta["licence_url"].startswith("https://creativecommons.org/")
        assert datetime.datetime.fromisoformat(meta["extracted_at"]).tzinfo

    def test_download_is_an_attachment_named_after_slug_and_day(self):
        response = self.client.get("/exports/field-operations/astana.json")
        day = TODAY().isoformat()
        assert response["Content-Disposition"] == (
            f'attachment; filename="fieldops-astana-{day}.json"'
        )
        response = self.client.get("/exports/all.json?as_of=2010-01-01")
        assert (
            'filename="fieldops-all-2010-01-01.json"'
            in (response["Content-Disposition"])
        )

    def test_every_public_record_of_the_demo_is_there(self):
        data = self.get_json("/exports/field-operations/astana.json")
        counts = {table: len(data[table]) for table in CSV_TABLES if table != "claims"}
        assert counts == {
            "documents": 3,
            "operations": 1,
            "host_state_names": 0,
            "changes": 0,
            "successions": 0,
            "names": 5,
            "places": 2,
            "offices": 2,
            "mandates": 1,
            "people": 1,
            "posts": 1,
            "appointments": 1,
            "staffing": 1,
            "financial_figures": 2,
            "vacancies": 3,
        }
        assert data["operations"][0]["dimensions"] == [
            "politico-military",
            "economic-environmental",
            "human",
        ]
        assert [line["count"] for line in data["staffing"][0]["lines"]] == [6, 29]
        profile = data["profiles"][0]
        assert profile["title"] == "OSCE Programme Office in Astana"
        assert profile["locale"] == "en"
        assert profile["overview"][0] == {
            "type": "heading",
            "value": "What the Office does",
        }

    def test_records_name_each_other_by_natural_keys(self):
        data = self.get_json("/exports/all.json")
        first = data["names"][0]
        assert (first["operation"], first["source"]) == ("astana", "PC.DEC/243")
        assert [o["place"] for o in data["offices"]] == ["Almaty", "Astana"]
        appointment = data["appointments"][0]
        assert (appointment["post"], appointment["person"]) == (
            "Head of Office",
            "Alexey Rogov",
        )
        image = data["images"][0]
        assert appointment["photo"] == image["title"] == "Portrait placeholder"
        assert "not a photograph" in image["description"]
        assert image["url"].startswith("http://testserver/media/")
        assert re.fullmatch(r"images/[0-9]+/portrait-placeholder.*\.png", image["file"])
        assert {v["duty_station"] for v in data["vacancies"]} == {"Astana"}
        assert {v["field_of_expertise"] for v in data["vacancies"]} == {
            f["slug"] for f in data["fields_of_expertise"]
        }

    def test_dates_keep_their_precision_and_amounts_are_exact_text(self):
        data = self.get_json("/exports/all.json")
        nur_sultan = data["names"][3]
        assert (nur_sultan["valid_from"], nur_sultan["valid_from_precision"]) == (
            "2019-01-01",
            "year",
        )
        amounts = [f["amount"] for f in data["financial_figures"]]
        assert sorted(amounts) == ["2232700.00", "646645.00"]
        deadline = datetime.datetime.fromisoformat(data["vacancies"][0]["deadline"])
        assert deadline.tzinfo is not None

    def test_a_past_day_holds_only_what_had_started(self):
        data = self.get_json("/exports/all.json?as_of=2010-01-01")
        assert data["meta"]["as_of"] == "2010-01-01"
        names = [n["full_name"] for n in data["names"]]
        assert names == ["OSCE Centre in Almaty", "OSCE Centre in Astana"]
        assert [d["symbol"] for d in data["documents"]] == ["PC.DEC/243", "PC.DEC/797"]
        astana = data["places"][1]["names"]
        assert [n["name"] for n in astana] == ["Astana"]
        assert data["staffing"] == data["financial_figures"] == []
        assert data["vacancies"] == data["appointments"] == []

    def test_a_day_after_the_figures_holds_them(self):
        data = self.get_json("/exports/all.json?as_of=2025-01-01")
        assert len(data["financial_figures"]) == 2
        assert len(data["names"]) == 5

    def test_unpublished_record_is_left_out(self):
        Mandate.objects.get().unpublish()
        assert self.get_json("/exports/all.json")["mandates"] == []

    def test_bad_day_is_refused_with_a_message(self):
        for value in ("2020-02-30", "yesterday", "2020-6-1"):
            with self.subTest(value=value):
                response = self.client.get(f"/exports/all.json?as_of={value}")
                assert response.status_code == 400
                assert value in json.loads(response.content)["detail"]
        response = self.client.get("/exports/all/names.csv?as_of=never")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert "YYYY-MM-DD" in json.loads(response.content)["detail"]

    def test_a_long_value_is_quoted_back_cut_short(self):
        value = "9" * 5000
        response = self.client.get(f"/exports/all.json?as_of={value}")
        assert response.status_code == 400
        assert len(response.content) < 300
        response = self.client.get(f"/exports/field-operations/{'a' * 1500}.json")
        assert response.status_code == 404
        assert len(response.content) < 300
        # Over FIELDOPS_MAX_URL_LENGTH (2,048 characters), refused before routing.
        response = self.client.get(f"/exports/field-operations/{'a' * 3000}.json")
        assert response.status_code == 400
        assert len(response.content) < 300

    def test_unknown_or_unpublished_operation_is_not_found(self):
        response = self.client.get("/exports/field-operations/nowhere.json")
        assert response.status_code == 404
        assert "nowhere" in json.loads(response.content)["detail"]
        draft = FieldOperationPageFactory(live=False).operation
        for fmt in ("json", "zip"):
            response = self.client.get(f"/exports/field-operations/{draft.slug}.{fmt}")
            assert response.status_code == 404
        response = self.client.get(f"/exports/field-operations/{draft.slug}/names.csv")
        assert response.status_code == 404
        data = self.get_json("/exports/all.json")
        assert [o["slug"] for o in data["operations"]] == ["astana"]

    def test_only_get_and_head_are_answered(self):
        assert self.client.post("/exports/all.json").status_code == 405
        assert self.client.delete("/exports/all/names.csv").status_code == 405
        response = self.client.head("/exports/all.json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"

    def test_unchanged_data_is_answered_304(self):
        response = self.client.get("/exports/all.json")
        etag = response["ETag"]
        assert response["Last-Modified"]
        again = self.client.get("/exports/all.json", headers={"if-none-match": etag})
        assert again.status_code == 304
        assert again.content == b""
        other = self.client.get(
            "/exports/all.json?as_of=2010-01-01", headers={"if-none-match": etag}
        )
        assert other.status_code == 200
        figure = FinancialFigure.objects.get(fund="unified")
        figure.amount = Decimal("1.00")
        # The data version moves when the publishing transaction commits.
        with self.captureOnCommitCallbacks(execute=True):
            figure.save_revision().publish()
        changed = self.client.get("/exports/all.json", headers={"if-none-match": etag})
        assert changed.status_code == 200


class CsvExportTests(DemoExportTests):
    def test_the_header_row_comes_first_and_the_provenance_in_http_headers(self):
        # More in test_csv.py.
        response = self.client.get("/exports/all/names.csv?as_of=2020-06-01")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
        assert response["Content-Disposition"] == (
            'attachment; filename="fieldops-all-names-2020-06-01.csv"'
        )
        assert response["X-Data-As-Of"] == "2020-06-01"
        assert (
            "<http://testserver/exports/all/names.csv-metadata.json?as_of=2020-06-01>"
            in response["Link"]
        )
        header, rows = parse_csv(response.content)
        assert header == list(CSV_COLUMNS["names"])
        assert list(rows[0]) == list(CSV_COLUMNS["names"])
        assert [r["full_name"] for r in rows][-1] == (
            "OSCE Programme Office in Nur-Sultan"
        )

    def test_every_table_has_its_columns(self):
        for table in CSV_TABLES:
            with self.subTest(table=table):
                url = f"/exports/field-operations/astana/{table}.csv"
                response = self.client.get(url)
                assert response.status_code == 200
                header, rows = parse_csv(response.content)
                assert header == list(CSV_COLUMNS[table])
                assert rows or table in NOT_IN_THE_DEMO, table
                assert not rows or list(rows[0]) == list(CSV_COLUMNS[table])

    def test_partial_dates_amounts_and_nested_rows(self):
        _h, names = parse_csv(self.client.get("/exports/all/names.csv").content)
        assert (names[3]["valid_from"], names[3]["valid_from_precision"]) == (
            "2019-01-01",
            "year",
        )
        assert names[0]["known_on"] == ""
        _h, figures = parse_csv(
            self.client.get("/exports/all/financial_figures.csv").content
        )
        assert sorted(f["amount"] for f in figures) == ["2232700.00", "646645.00"]
        _h, places = parse_csv(self.client.get("/exports/all/places.csv").content)
        assert [(p["place"], p["name"]) for p in places] == [
            ("Almaty", "Almaty"),
            ("Astana", "Astana"),
            ("Astana", "Nur-Sultan"),
            ("Astana", "Astana"),
        ]
        _h, staffing = parse_csv(self.client.get("/exports/all/staffing.csv").content)
        assert [(s["category"], s["count"]) for s in staffing] == [
            ("international", "6"),
            ("local", "29"),
        ]
        _h, appointments = parse_csv(
            self.client.get("/exports/all/appointments.csv").content
        )
        assert appointments[0]["photo_url"].startswith("http://testserver/media/")

    def test_text_that_a_spreadsheet_would_run_is_defused(self):
        mandate = Mandate.objects.get()
        mandate.summary = '=HYPERLINK("https://example.org","click")'
        mandate.save_revision().publish()
        _h, rows = parse_csv(self.client.get("/exports/all/mandates.csv").content)
        assert rows[0]["summary"] == "'" + mandate.summary
        data = json.loads(self.client.get("/exports/all.json").content)
        assert data["mandates"][0]["summary"] == mandate.summary

    def test_unknown_table_is_not_found(self):
        response = self.client.get("/exports/all/secrets.csv")
        assert response.status_code == 404
        assert b"names" in response.content
        response = self.client.get("/exports/field-operations/astana/secrets.csv")
        assert response.status_code == 404


class ZipExportTests(DemoExportTests):
    def test_zip_holds_json_csv_popolo_iati_images_and_readme(self):
        response = self.client.get("/exports/field-operations/astana.zip")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        day = TODAY().isoformat()
        assert (
            f'filename="fieldops-astana-{day}.zip"' in (response["Content-Disposition"])
        )
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        data = json.loads(archive.read("dataset.json"))
        photo = data["images"][0]["file"]
        assert re.fullmatch(r"images/[0-9]+/portrait-placeholder.*\.png", photo)
        # IATI has one file per reporting organisation: only the ZIP of all
        # operations holds it (test_iati.py).
        expected = {f"csv/{table}.csv" for table in CSV_TABLES} | {
            "csv/csv-metadata.json",
            "README.txt",
            "dataset.json",
            "popolo.json",
            photo,
        }
        assert set(archive.namelist()) == expected
        assert data["meta"]["source"].endswith("/exports/field-operations/astana.zip")
        assert archive.read(photo).startswith(b"\x89PNG")
        assert json.loads(archive.read("popolo.json"))
        readme = archive.read("README.txt").decode()
        assert "CC BY 4.0" in readme
        assert "https://creativecommons.org/licenses/by/4.0/" in readme
        assert f"As of: {day}" in readme

    def test_popolo_and_iati_downloads(self):
        response = self.client.get("/exports/all.popolo.json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "fieldops-all-" in response["Content-Disposition"]
        with override_settings(FIELDOPS_IATI_ORGANISATION_ID="XI-IATI-EXAMPLE"):
            response = self.client.get("/exports/all.iati.xml")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml"
        assert response["Content-Disposition"].endswith('.iati.xml"')


def operation_with_records(n: int) -> FieldOperation:
    """A published operation with a page and a few records of every kind."""
    document = DocumentFactory()
    page = FieldOperationPageFactory()
    operation = page.operation
    OperationNameFactory(operation=operation, source=document)
    place = PlaceNameFactory(name=f"City {n}").place
    OfficeFactory(operation=operation, place=place, source=document)
    MandateFactory(operation=operation)
    AppointmentFactory(post__operation=operation)
    StaffingLineFactory(snapshot__operation=operation)
    FinancialFigureFactory(operation=operation)
    VacancyFactory(operation=operation)
    return operation


class ExportQueryCountTests(TestCase):
    URLS = [
        "/exports/all.json",
        "/exports/all/offices.csv",
        "/exports/all.json?as_of=2024-12-31",
    ]

    def queries(self) -> dict[str, int]:
        counts = {}
        for url in self.URLS:
            with CaptureQueriesContext(connection) as context:
                response = self.client.get(url)
            assert response.status_code == 200
            counts[url] = len(context.captured_queries)
        return counts

    def test_query_count_does_not_grow_with_the_operations(self):
        operation_with_records(0)
        one = self.queries()
        data = json.loads(self.client.get("/exports/all.json").content)
        assert len(data["vacancies"]) == 1
        for n in range(1, 4):
            operation_with_records(n)
        many = self.queries()
        data = json.loads(self.client.get("/exports/all.json").content)
        assert len(data["operations"]) == 4
        assert len(data["appointments"]) == 4
        assert many == one
        with self.assertNumQueries(one["/exports/all.json"]):
            self.client.get("/exports/all.json")
        assert max(one.values()) <= 20

    def test_one_operation_is_read_once(self):
        # Its slug is looked up for the 404 and the instance read there is the
        # one exported: no more queries than every operation.
        operation = operation_with_records(0)
        operation_with_records(1)
        slug = operation.slug
        for one, every in [
            (f"/exports/field-operations/{slug}.json", "/exports/all.json"),
            (f"/exports/field-operations/{slug}.zip", "/exports/all.zip"),
            (
                f"/exports/field-operations/{slug}.popolo.json",
                "/exports/all.popolo.json",
            ),
            (
                f"/exports/field-operations/{slug}/offices.csv",
                "/exports/all/offices.csv",
            ),
        ]:
            counts = []
            self.client.get(every)  # caches the site's root paths
            for url in (one, every):
                with CaptureQueriesContext(connection) as context:
                    response = self.client.get(url)
                assert response.status_code == 200, url
                counts.append(len(context.captured_queries))
            assert counts[0] <= counts[1], (one, counts)
