"""Writing a dataset export: as JSON, as one CSV file per table (RFC 4180, with
W3C CSV on the Web metadata), and as a ZIP of everything with the Popolo and
IATI files and the images."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from fieldops.operations.models import FieldOperation

from ..formats.iati import iati_organisation, identifier_problem
from ..formats.popolo import popolo
from ..provenance import Provenance
from .export import Export
from .format import (
    COLUMN_DATATYPES,
    CSV_COLUMNS,
    CSV_TABLES,
    DATASET_ENTRY,
    RECORD_LABEL,
    SOURCED_TABLES,
)

# What a spreadsheet may run as a formula when a cell starts with it: the
# ASCII signs, tab and line breaks, and the full-width signs that spreadsheets in
# East Asian locales read as the ASCII ones.
FORMULA_START = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
CSV_MEDIA_TYPE = "text/csv; charset=utf-8; header=present"
CSVW_MEDIA_TYPE = "application/csvm+json"
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"


def dataset_json(export: Export) -> bytes:
    """The export as UTF-8 JSON text."""
    text = json.dumps(export.data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    return (text + "\n").encode()


def _csv_rows(data: dict, table: str) -> Iterable[dict]:
    if table == "claims":
        yield from _claim_rows(data)
        return
    rows = data[table]
    if table == "places":
        for place in rows:
            key = place.get("key") or (
                place["names"][0]["name"] if place["names"] else ""
            )
            for name in place["names"]:
                yield {"place": key, **place, **name}
    elif table == "staffing":
        for snapshot in rows:
            for line in snapshot["lines"] or [{}]:
                yield {**snapshot, **line}
    elif table == "operations":
        titles = {}
        for profile in data["profiles"]:
            titles.setdefault(profile["operation"], profile["title"])
        for operation in rows:
            yield {
                **operation,
                "dimensions": " ".join(operation["dimensions"]),
                "title": titles.get(operation["slug"], ""),
            }
    elif table == "appointments":
        urls = {
            image.get("key") or image["title"]: image["url"] for image in data["images"]
        }
        for appointment in rows:
            yield {**appointment, "photo_url": urls.get(appointment["photo"])}
    else:
        yield from rows


def _claim_rows(data: dict) -> Iterable[dict]:
    """Every claim of every sourced row, with the row's table, operation and a
    readable label of the row (its natural key)."""
    for table in SOURCED_TABLES:
        for row in data[table]:
            label = " ".join(
                str(row[column])
                for column in RECORD_LABEL[table]
                if row.get(column) not in (None, "")
            )
            operation = row.get("operation") or row.get("predecessor")
            for claim in row.get("claims") or []:
                yield {"table": table, "operation": operation, "record": label, **claim}


def csv_cell(value) -> str:
    """A CSV cell. Text that a spreadsheet would run as a formula (see
    FORMULA_START) gets a leading apostrophe, whatever its column; a plain number
    such as -5 or 12.50 is left as it is. A list (of links) is joined by spaces,
    a yes or no is written true or false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = " ".join(value) if isinstance(value, list) else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def dataset_csv(export: Export, table: str) -> str:
    """One table of the export as CSV text (`table` is one of CSV_TABLES).

    RFC 4180: the header row (CSV_COLUMNS[table]) is the first line, then one
    row per record, lines ending in CRLF, to be sent as UTF-8 without a byte
    order mark, so that any CSV reader takes it with its defaults. The
    provenance is not in the file: it is in the CSVW metadata (`csv_metadata`)
    and the HTTP headers (`csv_headers`). Dates are ISO 8601 text, with a
    `*_precision` column where they may be partial; amounts are decimal text;
    references are natural keys. A text cell that a spreadsheet would run as a
    formula gets a leading apostrophe (`csv_cell`).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = CSV_COLUMNS[table]
    writer.writerow(columns)
    for row in _csv_rows(export.data, table):
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return out.getvalue()


def _columns(table: str) -> list[dict]:
    return [
        {
            "name": column,
            "titles": column,
            "datatype": COLUMN_DATATYPES.get(column, "string"),
        }
        for column in CSV_COLUMNS[table]
    ]


def _described(provenance: Provenance) -> dict:
    """The provenance as CSVW common properties (Dublin Core terms)."""
    meta = provenance.as_dict()
    return {
        "dc:source": meta["source"],
        "dc:publisher": meta["publisher"],
        "dc:created": {"@value": meta["extracted_at"], "@type": "xsd:dateTime"},
        "dc:temporal": {"@value": meta["as_of"], "@type": "xsd:date"},
        "dc:license": {"@id": meta["licence_url"], "schema:name": meta["licence"]},
        "rdfs:comment": _(
            "A text cell that would start with =, +, -, @, a tab or a line break "
            "(or a full-width =, +, - or @) is written with a leading apostrophe, "
            "so that spreadsheets show it instead of running it as a formula."
        ),
    }


def csv_metadata(table: str, url: str, provenance: Provenance) -> dict:
    """The W3C CSVW metadata ("CSV on the Web", http://www.w3.org/ns/csvw) of one
    table, served beside it as `<table>.csv-metadata.json`: `url` is the table's
    absolute address (with its as_of), the columns are the CSV's header in order,
    with their datatypes; the provenance is in Dublin Core terms (dc:source,
    dc:publisher, dc:created = extracted at, dc:temporal = as_of, dc:license)."""
    return {
        "@context": CSVW_CONTEXT,
        "url": url,
        "dc:title": table,
        **_described(provenance),
        "dialect": {"header": True, "encoding": "utf-8"},
        "tableSchema": {"columns": _columns(table)},
    }


def csv_table_group(provenance: Provenance) -> dict:
    """The CSVW metadata of every table at once, as `csv/csv-metadata.json` of the
    ZIP (the name CSVW looks for beside the tables): each table's url is its file
    name, relative to the metadata file."""
    return {
        "@context": CSVW_CONTEXT,
        **_described(provenance),
        "dialect": {"header": True, "encoding": "utf-8"},
        "tables": [
            {
                "url": f"{table}.csv",
                "dc:title": table,
                "tableSchema": {"columns": _columns(table)},
            }
            for table in CSV_TABLES
        ],
    }


def csv_headers(provenance: Provenance, metadata_url: str) -> dict[str, str]:
    """The HTTP headers that carry a CSV table's provenance, since the file holds
    only its header and rows: a `Link` to its CSVW metadata (rel="describedby",
    as CSVW looks for it) and to its licence (rel="license"), and the day it
    describes and when it was made (`X-Data-As-Of`, `X-Data-Extracted-At`). The
    address it came from is the request's own; the publisher is in the metadata."""
    meta = provenance.as_dict()
    return {
        "Link": (
            f'<{metadata_url}>; rel="describedby"; type="{CSVW_MEDIA_TYPE}", '
            f'<{meta["licence_url"]}>; rel="license"'
        ),
        "X-Data-As-Of": meta["as_of"],
        "X-Data-Extracted-At": meta["extracted_at"],
    }


def _readme(provenance: Provenance, with_iati: bool) -> str:
    lines = [
        _("Field operations: open data export"),
        "",
        _("Source: %(source)s") % {"source": provenance.source},
        _("Publisher: %(publisher)s") % {"publisher": provenance.publisher},
        _("Extracted at: %(moment)s")
        % {"moment": provenance.extracted_at.isoformat(timespec="seconds")},
        _("As of: %(day)s") % {"day": provenance.as_of.isoformat()},
        _("Licence: %(licence)s (%(url)s)")
        % {"licence": provenance.licence, "url": provenance.licence_url},
        "",
        _("Contents:"),
        _(
            "dataset.json: every record, with references by natural keys; "
            "load it with `manage.py load_dataset` (this ZIP file also loads, "
            "with its images)."
        ),
        _(
            "csv/<table>.csv: one table per file, the header row first (RFC 4180, "
            "UTF-8); csv/csv-metadata.json describes them (W3C CSV on the Web) "
            "with this provenance."
        ),
        _("popolo.json: organisations, people, posts and memberships (Popolo)."),
    ]
    if with_iati:
        lines.append(_("iati.xml: the organisation file in the IATI standard 2.03."))
    lines += [
        _("images/<id>/<name>: the photos of the appointments, one folder each."),
        "",
        _(
            "Reuse the data freely under the licence above, naming the publisher "
            "as the source."
        ),
    ]
    return "\r\n".join(lines) + "\r\n"


def dataset_zip(
    export: Export,
    operations: Sequence[FieldOperation],
    day: datetime.date,
    provenance: Provenance,
    *,
    whole_organisation: bool = False,
) -> bytes:
    """The export as a ZIP: the JSON, every CSV with their CSVW metadata,
    Popolo, images and a README; and the IATI organisation file when the ZIP is
    of the `whole_organisation` (IATI has one file per reporting organisation,
    none per field operation) and an IATI identifier is configured."""
    with_iati = whole_organisation and identifier_problem() is None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(provenance, with_iati))
        archive.writestr(DATASET_ENTRY, dataset_json(export))
        for table in CSV_TABLES:
            archive.writestr(f"csv/{table}.csv", dataset_csv(export, table))
        archive.writestr(
            "csv/csv-metadata.json",
            json.dumps(csv_table_group(provenance), ensure_ascii=False, indent=2),
        )
        people = popolo(operations, day, provenance)
        archive.writestr(
            "popolo.json",
            json.dumps(people, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        )
        if with_iati:
            archive.writestr("iati.xml", iati_organisation(operations, day, provenance))
        for path, image in export.images.items():
            with image.open_file() as file:
                archive.writestr(path, file.read())
    return buffer.getvalue()
