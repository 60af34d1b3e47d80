"""CSV tables that any reader takes with its defaults: the header row first, rows
after it (RFC 4180, UTF-8, CRLF), the provenance in HTTP headers and in a W3C
CSVW metadata file beside each table, and no cell a spreadsheet would run as a
formula, whatever the data or the request hold."""

import csv
import datetime
import io
import json
import posixpath
import zipfile
from decimal import Decimal
from urllib.parse import urlsplit

from django.test import TestCase

from fieldops.demo.testing import load_astana_demo
from fieldops.opendata.dataset.format import COLUMN_DATATYPES, CSV_COLUMNS, CSV_TABLES
from fieldops.opendata.dataset.write import FORMULA_START, PLAIN_NUMBER
from fieldops.operations.models import Mandate, OperationName

try:
    import pandas
except ImportError:  # not a dependency: used when it happens to be installed
    pandas = None

CSVW = "http://www.w3.org/ns/csvw"
HOSTILE = [
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1+2",
    "\r=1+2",
    "\n=1+2",
    "＝1+2",
    "＋1",
    "－1+2",
    "＠SUM(A1)",
    '=HYPERLINK("https://example.org","click")',
]


def read(body: bytes, table: str) -> list[dict]:
    """The rows of a CSV file, checked to be what any reader expects: UTF-8
    without a byte order mark, CRLF line ends, the header row first."""
    assert not body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8")
    assert text.endswith("\r\n")
    assert text.split("\r\n", 1)[0] == ",".join(CSV_COLUMNS[table])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    assert reader.fieldnames == list(CSV_COLUMNS[table])
    if pandas is not None:
        frame = pandas.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)
        assert list(frame.columns) == list(CSV_COLUMNS[table])
        assert len(frame) == len(rows)
    return rows


# Tables the demo leaves empty; test_dataset_v2.py fills them.
NOT_IN_THE_DEMO = {"host_state_names", "changes", "successions", "claims"}


def assert_no_formula(rows: list[dict]) -> None:
    for row in rows:
        for column, cell in row.items():
            if cell.startswith(FORMULA_START):
                assert PLAIN_NUMBER.fullmatch(cell), (column, cell)


def assert_datatypes(rows: list[dict]) -> None:
    """Each non-empty cell reads as the datatype the metadata states."""
    parse = {
        "integer": int,
        "decimal": Decimal,
        "date": datetime.date.fromisoformat,
        "datetime": datetime.datetime.fromisoformat,
        "boolean": {"true": True, "false": False}.__getitem__,
    }
    for row in rows:
        for column, cell in row.items():
            if cell and column in COLUMN_DATATYPES:
                parse[COLUMN_DATATYPES[column]](cell)


def assert_metadata(metadata: dict, header: list[str]) -> None:
    columns = metadata["tableSchema"]["columns"]
    assert [c["name"] for c in columns] == header
    assert [c["titles"] for c in columns] == header
    for column in columns:
        assert column["datatype"] == COLUMN_DATATYPES.get(column["name"], "string")


class CsvFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()

    def get(self, url: str):
        response = self.client.get(url)
        assert response.status_code == 200, response.content[:300]
        return response

    def test_every_table_is_its_header_then_its_rows(self):
        for base in ("/exports/all", "/exports/field-operations/astana"):
            for table in CSV_TABLES:
                with self.subTest(base=base, table=table):
                    response = self.get(f"{base}/{table}.csv")
                    assert response["Content-Type"] == (
                        "text/csv; charset=utf-8; header=present"
                    )
                    rows = read(response.content, table)
                    assert rows or table in NOT_IN_THE_DEMO
                    assert_no_formula(rows)
                    assert_datatypes(rows)

    def test_the_provenance_is_in_the_http_headers(self):
        response = self.get("/exports/all/names.csv?as_of=2020-06-01")
        links = response["Link"]
        assert (
            "<http://testserver/exports/all/names.csv-metadata.json?as_of=2020-06-01>"
            '; rel="describedby"; type="application/csvm+json"'
        ) in links
        assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in links
        assert response["X-Data-As-Of"] == "2020-06-01"
        extracted = datetime.datetime.fromisoformat(response["X-Data-Extracted-At"])
        assert extracted.tzinfo is not None
        assert response["Last-Modified"]
        today = self.get("/exports/field-operations/astana/offices.csv")
        assert (
            "<http://testserver/exports/field-operations/astana/offices.csv-metadata"
            '.json>; rel="describedby"'
        ) in today["Link"]

    def test_cross_origin_readers_may_see_the_provenance_headers(self):
        response = self.client.get(
            "/exports/all/names.csv", headers={"origin": "https://elsewhere.example"}
        )
        exposed = response["Access-Control-Expose-Headers"].lower()
        for header in ("link", "x-data-as-of", "x-data-extracted-at"):
            assert header in exposed

    def test_the_csvw_metadata_describes_the_table_beside_it(self):
        for base in ("/exports/all", "/exports/field-operations/astana"):
            for table in CSV_TABLES:
                with self.subTest(base=base, table=table):
                    table_url = f"http://testserver{base}/{table}.csv?as_of=2025-01-01"
                    response = self.get(
                        f"{base}/{table}.csv-metadata.json?as_of=2025-01-01"
                    )
                    assert response["Content-Type"] == "application/csvm+json"
                    metadata = json.loads(response.content)
                    assert metadata["@context"] == CSVW
                    assert metadata["url"] == table_url
                    assert metadata["dc:title"] == table
                    assert metadata["dc:temporal"]["@value"] == "2025-01-01"
                    assert metadata["dc:license"]["@id"] == (
                        "https://creativecommons.org/licenses/by/4.0/"
                    )
                    assert metadata["dc:created"]["@type"] == "xsd:dateTime"
                    assert datetime.datetime.fromisoformat(
                        metadata["dc:created"]["@value"]
                    )
                    assert metadata["dc:publisher"]
                    # Its url resolves to the table, whose header it lists.
                    parts = urlsplit(metadata["url"])
                    body = self.get(f"{parts.path}?{parts.query}").content
                    header = next(csv.reader(io.StringIO(body.decode(), newline="")))
                    assert_metadata(metadata, header)

    def test_without_a_day_the_metadata_is_at_csvws_default_place(self):
        # CSV on the Web looks for {+url}-metadata.json first.
        metadata = json.loads(
            self.get("/exports/all/mandates.csv-metadata.json").content
        )
        assert metadata["url"] == "http://testserver/exports/all/mandates.csv"

    def test_unknown_tables_and_days_get_the_usual_errors(self):
        response = self.client.get("/exports/all/secrets.csv-metadata.json")
        assert response.status_code == 404
        assert json.loads(response.content)["detail"]
        response = self.client.get("/exports/all/names.csv-metadata.json?as_of=x")
        assert response.status_code == 400
        response = self.client.get(
            "/exports/field-operations/nowhere/names.csv-metadata.json"
        )
        assert response.status_code == 404

    def test_no_cell_can_run_as_a_formula_whatever_the_data_or_the_request(self):
        mandate = Mandate.objects.get()
        for value in HOSTILE:
            mandate.summary = value
            mandate.save_revision().publish()
            name = OperationName.objects.order_by("valid_from").first()
            name.note = value
            name.save_revision().publish()
            with self.subTest(value=value):
                response = self.get("/exports/all/mandates.csv?x=a,=1+2&y=@cmd")
                rows = read(response.content, "mandates")
                assert rows[0]["summary"] == "'" + value
                assert_no_formula(rows)
                assert b"=1+2&" not in response.content
                rows = read(self.get("/exports/all/names.csv").content, "names")
                assert rows[0]["note"] == "'" + value
        # The JSON keeps the text as it is.
        data = json.loads(self.get("/exports/all.json").content)
        assert data["mandates"][0]["summary"] == HOSTILE[-1]

    def test_plain_numbers_are_left_as_they_are(self):
        name = OperationName.objects.order_by("valid_from").first()
        name.note = "-5"
        name.save_revision().publish()
        rows = read(self.get("/exports/all/names.csv").content, "names")
        assert rows[0]["note"] == "-5"
        rows = read(
            self.get("/exports/all/financial_figures.csv").content, "financial_figures"
        )
        assert sorted(r["amount"] for r in rows) == ["2232700.00", "646645.00"]

    def test_the_zip_holds_the_tables_and_their_csvw_metadata(self):
        archive = zipfile.ZipFile(io.BytesIO(self.get("/exports/all.zip").content))
        group = json.loads(archive.read("csv/csv-metadata.json"))
        assert group["@context"] == CSVW
        assert group["dc:source"] == "http://testserver/exports/all.zip"
        assert [t["url"] for t in group["tables"]] == [f"{t}.csv" for t in CSV_TABLES]
        for table, described in zip(CSV_TABLES, group["tables"], strict=True):
            # A table's url is relative to the metadata file.
            path = posixpath.join("csv", described["url"])
            rows = read(archive.read(path), table)
            assert_no_formula(rows)
            assert_metadata(described, list(CSV_COLUMNS[table]))
        readme = archive.read("README.txt").decode()
        assert "csv-metadata.json" in readme
