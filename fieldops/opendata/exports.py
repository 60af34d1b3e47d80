"""The dataset export: every public fact of one or all field operations, as JSON,
as one CSV file per table, and as a ZIP of both with the images.

What is exported (the same records the profile pages show):

- the field operations that are published and have a published profile page;
- their published names, offices, mandates, posts, appointments, staffing
  snapshots (with their lines), financial figures and vacancies (open and closed),
  with the published documents they rest on, the places they name (with every
  name) and the people and photos of the appointments;
- the profile pages' title and overview, so a profile can be rebuilt.

`day` (the `as_of` parameter) gives the data as it stood on that day, with the
rule of the profile's history: a dated record is included once it has started
(its start, else the day it was known to hold, is on or before the day); its end
is kept as recorded, even if it falls after the day. Staffing snapshots and
financial figures are included when their own `as_of` is on or before the day,
vacancies when they were issued or first published on or before it (the issue
date is the duty station's, which may be a day ahead), place names when they had
started (a place keeps at least its first name). The overview text is the current
one: it is not dated.

Records refer to each other by natural keys: a document by its symbol, an
operation by its slug, a place by its "key" (its first name, made unique), a
person by name, a post by its operation and title, an image by its "key" (its
title, made unique: "<title> #<id>" when several images share a title), a field
of expertise by its slug. Each image is one file, under ``images/<id>/<name>`` in
the ZIP: titles and file names repeat, the image's id does not; two appointments
with the same image name the same key and share that one file. Partial dates
are the first day of the period with a `*_precision` of day, month or year.
Amounts are decimal text, never floats. The same shape is read back by
`manage.py load_dataset`.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from fieldops.core.addresses import absolute_url
from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationName,
    Place,
    PlaceName,
    Post,
    StaffingLine,
    StaffingSnapshot,
)
from fieldops.operations.services import DATASET_FORMAT, DATASET_VERSION
from fieldops.recruitment.models import Vacancy

from .formats.iati import iati_organisation, identifier_problem
from .formats.popolo import popolo
from .provenance import Provenance

# The CSV files of an export, one per table, in this order.
CSV_TABLES = (
    "documents",
    "operations",
    "names",
    "places",
    "offices",
    "mandates",
    "people",
    "posts",
    "appointments",
    "staffing",
    "financial_figures",
    "vacancies",
)

TEMPORAL = (
    "valid_from",
    "valid_from_precision",
    "valid_to",
    "valid_to_precision",
    "known_on",
)
SOURCED = ("source", "source_url", "source_note")

# The columns of each CSV file. Nested rows are spread out: one row per place
# name (places), one per staffing line (staffing).
CSV_COLUMNS = {
    "documents": (
        "symbol",
        "issuing_body",
        "kind",
        "number",
        "title",
        "adopted_on",
        "url",
        "summary",
    ),
    "operations": ("slug", "host_country", "dimensions", "title"),
    "names": (
        "operation",
        "full_name",
        "short_name",
        "presence_kind",
        "change",
        "note",
        *TEMPORAL,
        *SOURCED,
    ),
    "places": ("place", "country", "time_zone", "name", *TEMPORAL),
    "offices": ("operation", "place", "role", *TEMPORAL, *SOURCED),
    "mandates": ("operation", "summary", *TEMPORAL, *SOURCED),
    "people": ("name", "sort_name"),
    "posts": ("operation", "title", "role"),
    "appointments": (
        "operation",
        "post",
        "person",
        "honorific",
        "photo",
        "photo_url",
        *TEMPORAL,
        *SOURCED,
    ),
    "staffing": (
        "operation",
        "as_of",
        "note",
        "category",
        "contract_type",
        "funding",
        "count",
        *SOURCED,
    ),
    "financial_figures": (
        "operation",
        "year",
        "fund",
        "measure",
        "basis",
        "based_on",
        "amount",
        "currency",
        "as_of",
        *SOURCED,
    ),
    "vacancies": (
        "operation",
        "number",
        "title",
        "grade",
        "recruitment_type",
        "modality",
        "field_of_expertise",
        "duty_station",
        "posts",
        "issued_on",
        "deadline",
        "description",
        "apply_url",
        "funding",
        "funding_project",
    ),
}

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
# The CSVW datatype of each column that is not plain text.
COLUMN_DATATYPES = {
    "amount": "decimal",
    "count": "integer",
    "year": "integer",
    "posts": "integer",
    "valid_from": "date",
    "valid_to": "date",
    "known_on": "date",
    "adopted_on": "date",
    "as_of": "date",
    "issued_on": "date",
    "deadline": "datetime",
}


@dataclass
class Export:
    """A dataset export: its JSON-ready `data` and the image files it names."""

    data: dict
    images: dict[str, object] = field(default_factory=dict)  # zip path -> Image


def public_operations(slug: str | None = None) -> list[FieldOperation]:
    """Published field operations with a published profile in any language (the
    one of `slug`, if given), with their dimensions: two queries."""
    pages = FieldOperationPage.objects.live().filter(operation=OuterRef("pk"))
    operations = (
        FieldOperation.objects.live()
        .filter(Exists(pages))
        .prefetch_related("dimensions")
        .order_by("slug")
    )
    if slug is not None:
        operations = operations.filter(slug=slug)
    return list(operations)


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _temporal(record) -> dict:
    return {
        "valid_from": _iso(record.valid_from),
        "valid_from_precision": record.valid_from_precision,
        "valid_to": _iso(record.valid_to),
        "valid_to_precision": record.valid_to_precision,
        "known_on": _iso(record.known_on),
    }


class _Builder:
    """Collects the rows of an export; every table is read in one query."""

    def __init__(self, operations, day, request):
        self.operations = list(operations)
        self.slugs = {operation.pk: operation.slug for operation in self.operations}
        self.day = day
        self.request = request
        self.documents = {}
        self.place_ids: set[int] = set()
        self.images: dict[int, object] = {}  # id -> Image, in order of first use

    def sourced(self, record) -> dict:
        source = record.source
        if source is not None and source.live:
            self.documents[source.pk] = source
        else:
            source = None
        return {
            "source": source.symbol if source else None,
            "source_url": record.source_url,
            "source_note": record.source_note,
        }

    def of(self, model, relation="operation"):
        return (
            model.objects.live()
            .filter(**{f"{relation}__in": self.operations})
            .select_related("source")
        )

    def names(self) -> list[dict]:
        names = self.of(OperationName).order_by("operation__slug", "valid_from")
        return [
            {
                "operation": self.slugs[name.operation_id],
                "full_name": name.full_name,
                "short_name": name.short_name,
                "presence_kind": name.presence_kind,
                "change": name.change,
                "note": name.note,
                **_temporal(name),
                **self.sourced(name),
            }
            for name in names
            if name.has_started_by(self.day)
        ]

    def offices(self) -> list[tuple[Office, dict]]:
        offices = self.of(Office).order_by("operation__slug", "role", "valid_from")
        rows = []
        for office in offices:
            if office.has_started_by(self.day):
                self.place_ids.add(office.place_id)
                rows.append(
                    (
                        office,
                        {
                            "operation": self.slugs[office.operation_id],
                            "place": office.place_id,
                            "role": office.role,
                            **_temporal(office),
                            **self.sourced(office),
                        },
                    )
                )
        return rows

    def mandates(self) -> list[dict]:
        mandates = self.of(Mandate).order_by("operation__slug", "valid_from")
        return [
            {
                "operation": self.slugs[mandate.operation_id],
                "summary": mandate.summary,
                **_temporal(mandate),
                **self.sourced(mandate),
            }
            for mandate in mandates
            if mandate.has_started_by(self.day)
        ]

    def leadership(self) -> tuple[list[dict], list[dict], list[dict]]:
        posts = list(
            Post.objects.live()
            .filter(operation__in=self.operations)
            .order_by("operation__slug", "role", "title")
        )
        appointments = (
            self.of(Appointment, "post__operation")
            .filter(post__live=True, person__live=True)
            .select_related("post", "person", "photo")
            .order_by("post__operation__slug", "post__title", "valid_from", "pk")
        )
        people, rows = {}, []
        for appointment in appointments:
            if not appointment.has_started_by(self.day):
                continue
            person = appointment.person
            people[person.pk] = {"name": person.name, "sort_name": person.sort_name}
            rows.append(
                {
                    "operation": self.slugs[appointment.post.operation_id],
                    "post": appointment.post.title,
                    "person": person.name,
                    "honorific": appointment.honorific,
                    "photo": self.photo(appointment.photo),
                    **_temporal(appointment),
                    **self.sourced(appointment),
                }
            )
        post_rows = [
            {
                "operation": self.slugs[post.operation_id],
                "title": post.title,
                "role": post.role,
            }
            for post in posts
        ]
        people_rows = sorted(people.values(), key=lambda p: (p["sort_name"], p["name"]))
        return people_rows, post_rows, rows

    def photo(self, image) -> int | None:
        """The image's id, replaced by its key once every image is known."""
        if image is None:
            return None
        self.images.setdefault(image.pk, image)
        return image.pk

    def images_table(self) -> tuple[list[dict], dict[int, str], dict[str, object]]:
        """The image rows, the key of each image id, and the ZIP path of each file.

        An image is referred to by its title while no other image of the export
        has that title, else by "<title> #<id>"; its file goes under its id, so
        neither equal titles nor equal file names make two images one.
        """
        titles = Counter(image.title for image in self.images.values())
        keys: dict[int, str] = {}
        used = {title for title, count in titles.items() if count == 1}
        for pk, image in self.images.items():
            if titles[image.title] == 1:
                keys[pk] = image.title
            else:
                keys[pk] = _unique(f"{image.title} #{pk}", used)
        rows, files = [], {}
        for pk, image in self.images.items():
            path = f"images/{pk}/{posixpath.basename(image.file.name)}"
            files[path] = image
            url = image.file.url
            row = {"key": keys[pk]} if keys[pk] != image.title else {}
            rows.append(
                row
                | {
                    "title": image.title,
                    "description": image.description,
                    "url": absolute_url(url) if self.request else url,
                    "file": path,
                    "file_hash": image.file_hash,
                }
            )
        return rows, keys, files

    def staffing(self) -> list[dict]:
        snapshots = (
            self.of(StaffingSnapshot)
            .filter(as_of__lte=self.day)
            .prefetch_related(Prefetch("lines", StaffingLine.objects.all()))
            .order_by("operation__slug", "as_of")
        )
        return [
            {
                "operation": self.slugs[snapshot.operation_id],
                "as_of": _iso(snapshot.as_of),
                "note": snapshot.note,
                **self.sourced(snapshot),
                "lines": [
                    {
                        "category": line.category,
                        "contract_type": line.contract_type,
                        "funding": line.funding,
                        "count": line.count,
                    }
                    for line in snapshot.lines.all()
                ],
            }
            for snapshot in snapshots
        ]

    def financial_figures(self) -> list[dict]:
        figures = (
            self.of(FinancialFigure)
            .known_on(self.day)
            .order_by("operation__slug", "year", "fund", "measure", "as_of")
        )
        return [
            {
                "operation": self.slugs[figure.operation_id],
                "year": figure.year,
                "fund": figure.fund,
                "measure": figure.measure,
                "basis": figure.basis,
                "based_on": figure.based_on,
                "amount": f"{figure.amount:f}",
                "currency": figure.currency,
                "as_of": _iso(figure.as_of),
                **self.sourced(figure),
            }
            for figure in figures
        ]

    def vacancies(self) -> tuple[list[dict], list[dict]]:
        vacancies = (
            Vacancy.objects.live()
            .filter(operation__in=self.operations)
            .filter(
                Q(issued_on__lte=self.day) | Q(first_published_at__date__lte=self.day)
            )
            .select_related("field_of_expertise")
            .order_by("operation__slug", "issued_on", "number")
        )
        fields, rows = {}, []
        for vacancy in vacancies:
            expertise = vacancy.field_of_expertise
            fields[expertise.slug] = {"slug": expertise.slug, "name": expertise.name}
            self.place_ids.add(vacancy.duty_station_id)
            rows.append(
                {
                    "operation": self.slugs[vacancy.operation_id],
                    "number": vacancy.number,
                    "title": vacancy.title,
                    "grade": vacancy.grade,
                    "recruitment_type": vacancy.recruitment_type,
                    "modality": vacancy.modality,
                    "field_of_expertise": expertise.slug,
                    "duty_station": vacancy.duty_station_id,
                    "posts": vacancy.posts,
                    "issued_on": _iso(vacancy.issued_on),
                    "deadline": _iso(vacancy.deadline),
                    "description": vacancy.description,
                    "apply_url": vacancy.apply_url,
                    "funding": vacancy.funding,
                    "funding_project": vacancy.funding_project,
                }
            )
        return sorted(fields.values(), key=lambda f: f["slug"]), rows

    def places(self) -> tuple[list[dict], dict[int, str]]:
        """The places named by the export, and the key each is referred to by."""
        places = (
            Place.objects.filter(pk__in=self.place_ids)
            .prefetch_related(Prefetch("names", PlaceName.objects.all()))
            .order_by("pk")
        )
        rows, keys = [], {}
        for place in places:
            names = sorted(place.names.all(), key=lambda n: n.effective_start)
            started = [n for n in names if n.has_started_by(self.day)] or names[:1]
            first = started[0].name if started else ""
            key = first
            if key in keys.values():
                key = f"{first} ({place.country.code})"
            if not key or key in keys.values():
                key = f"{first} #{place.pk}"
            keys[place.pk] = key
            row = {"country": place.country.code, "time_zone": place.time_zone}
            if key != first:
                row = {"key": key, **row}
            row["names"] = [{"name": n.name, **_temporal(n)} for n in started]
            rows.append(row)
        return rows, keys

    def profiles(self) -> list[dict]:
        pages = (
            FieldOperationPage.objects.live()
            .filter(operation__in=self.operations)
            .select_related("locale")
            .order_by("slug", "locale__language_code")
        )
        return [
            {
                "operation": self.slugs[page.operation_id],
                "locale": page.locale.language_code,
                "title": page.title,
                "overview": [
                    {"type": block["type"], "value": block["value"]}
                    for block in page.overview.get_prep_value()
                ],
            }
            for page in pages
        ]

    def documents_rows(self) -> list[dict]:
        documents = sorted(
            self.documents.values(),
            key=lambda d: (d.adopted_on or datetime.date.max, d.symbol),
        )
        return [
            {
                "symbol": document.symbol,
                "issuing_body": document.issuing_body,
                "kind": document.kind,
                "number": document.number,
                "title": document.title,
                "adopted_on": _iso(document.adopted_on),
                "url": document.url,
                "summary": document.summary,
            }
            for document in documents
        ]


def _unique(wanted: str, used: set[str]) -> str:
    """`wanted`, or `wanted (2)`, `(3)`... if taken; the result is marked used."""
    key, number = wanted, 1
    while key in used:
        number += 1
        key = f"{wanted} ({number})"
    used.add(key)
    return key


def dataset_export(
    operations: Sequence[FieldOperation],
    day: datetime.date,
    provenance: Provenance,
    *,
    request=None,
) -> Export:
    """The export of `operations` as they stood on `day`, in a fixed number of
    queries; `request` makes image addresses absolute."""
    builder = _Builder(operations, day, request)
    names = builder.names()
    offices = builder.offices()
    mandates = builder.mandates()
    people, posts, appointments = builder.leadership()
    staffing = builder.staffing()
    figures = builder.financial_figures()
    fields, vacancies = builder.vacancies()
    places, keys = builder.places()
    for _office, row in offices:
        row["place"] = keys[row["place"]]
    for row in vacancies:
        row["duty_station"] = keys[row["duty_station"]]
    images, image_keys, files = builder.images_table()
    for row in appointments:
        if row["photo"] is not None:
            row["photo"] = image_keys[row["photo"]]
    data = {
        "meta": {
            "format": DATASET_FORMAT,
            "version": DATASET_VERSION,
            **provenance.as_dict(),
        },
        "documents": builder.documents_rows(),
        "operations": [
            {
                "slug": operation.slug,
                "host_country": operation.host_country.code,
                "dimensions": [d.code for d in operation.dimensions.all()],
            }
            for operation in builder.operations
        ],
        "names": names,
        "places": places,
        "offices": [row for _office, row in offices],
        "mandates": mandates,
        "people": people,
        "posts": posts,
        "images": images,
        "appointments": appointments,
        "staffing": staffing,
        "financial_figures": figures,
        "fields_of_expertise": fields,
        "vacancies": vacancies,
        "profiles": builder.profiles(),
    }
    return Export(data=data, images=files)


def dataset_json(export: Export) -> bytes:
    """The export as UTF-8 JSON text."""
    text = json.dumps(export.data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    return (text + "\n").encode()


def _csv_rows(data: dict, table: str) -> Iterable[dict]:
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


def _cell(value) -> str:
    """A CSV cell. Text that a spreadsheet would run as a formula (see
    FORMULA_START) gets a leading apostrophe, whatever its column; a plain number
    such as -5 or 12.50 is left as it is."""
    if value is None:
        return ""
    text = str(value)
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
    formula gets a leading apostrophe (`_cell`).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = CSV_COLUMNS[table]
    writer.writerow(columns)
    for row in _csv_rows(export.data, table):
        writer.writerow([_cell(row.get(column)) for column in columns])
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
        archive.writestr("dataset.json", dataset_json(export))
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
