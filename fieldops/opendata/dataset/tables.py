"""What a dataset export holds: every public fact of one or all field operations,
table by table, as JSON-ready rows (see `format` for the shape).

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
"""

from __future__ import annotations

import datetime
import posixpath
from collections import Counter

from django.db.models import Prefetch, Q, prefetch_related_objects

from fieldops.core.addresses import absolute_url
from fieldops.operations.models import (
    Place,
    PlaceName,
)
from fieldops.operations.selectors import published_records
from fieldops.recruitment.models import Vacancy

# What the export reads of each operation (see published_records).
PARTS = (
    "names",
    "offices",
    "mandates",
    "posts",
    "appointments",
    "lines",
    "figures",
    "pages",
)


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


class ExportTables:
    """Collects the rows of an export of `operations` as they stood on `day`:
    their records through published_records (one query per part), then the
    vacancies, places and photos they name, one query each. A `request` makes
    image addresses absolute."""

    def __init__(self, operations, day, request):
        loaded = published_records(operations, day=day, parts=PARTS)
        self.records = sorted(loaded, key=lambda records: records.operation.slug)
        self.operations = [records.operation for records in self.records]
        prefetch_related_objects(self.operations, "dimensions")
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

    def started(self, part: str) -> list:
        """The records of `part` (an OperationRecords field) of every operation,
        by operation slug, that had begun by the day."""
        return [
            record
            for records in self.records
            for record in getattr(records, part)
            if record.has_started_by(self.day)
        ]

    def names(self) -> list[dict]:
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
            for name in self.started("names")
        ]

    def offices(self) -> list[dict]:
        rows = []
        for office in self.started("offices"):
            self.place_ids.add(office.place_id)
            rows.append(
                {
                    "operation": self.slugs[office.operation_id],
                    "place": office.place_id,
                    "role": office.role,
                    **_temporal(office),
                    **self.sourced(office),
                }
            )
        return rows

    def mandates(self) -> list[dict]:
        return [
            {
                "operation": self.slugs[mandate.operation_id],
                "summary": mandate.summary,
                **_temporal(mandate),
                **self.sourced(mandate),
            }
            for mandate in self.started("mandates")
        ]

    def leadership(self) -> tuple[list[dict], list[dict], list[dict]]:
        people, rows = {}, []
        for appointment in self._appointments():
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
            for records in self.records
            for post in records.posts
        ]
        people_rows = sorted(people.values(), key=lambda p: (p["sort_name"], p["name"]))
        return people_rows, post_rows, rows

    def _appointments(self) -> list:
        """Appointments of published people begun by the day, by operation, then
        post title; within a post in the loader's order (by start)."""
        appointments = []
        for records in self.records:
            begun = [
                appointment
                for appointment in records.appointments
                if appointment.person.live and appointment.has_started_by(self.day)
            ]
            appointments += sorted(begun, key=lambda a: a.post.title)
        return appointments

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
        snapshots = [s for records in self.records for s in records.staffing_snapshots]
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
        figures = [f for records in self.records for f in records.financial_figures]
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
        pages = [page for records in self.records for page in records.pages]
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
