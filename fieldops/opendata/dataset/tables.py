"""What a dataset export holds: every public fact of one or all field operations,
table by table, as JSON-ready rows (see `format` for the shape).

What is exported (the same records the profile pages show):

- the field operations that are published and have a published profile page,
  with their host state's names;
- their published names, offices, mandates, changes, posts, appointments,
  staffing snapshots (with their lines), financial figures and vacancies (open
  and closed), with the published documents they rest on or were decided by,
  the places they name (with every name) and the people and photos of the
  appointments; the claims about each sourced row;
- the successions between two exported operations;
- the profile pages' title and overview, so a profile can be rebuilt.

`day` (the `as_of` parameter) gives the data as it stood on that day, with the
rule of the profile's history: a dated record is included once it has started
(its start, else the day it was known to hold, is on or before the day); its end
is kept as recorded, even if it falls after the day. Staffing snapshots and
financial figures are included when their own `as_of` is on or before the day
(a figure without one from the start of its year), changes when they took
effect or were adopted on or before it (or neither day is known), vacancies when
they were issued or first published on or before it (the issue date is the duty
station's, which may be a day ahead), place and host state names when they had
started (a place keeps at least its first name). Successions are not dated. The
overview text is the current one: it is not dated.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Prefetch, Q, prefetch_related_objects

from fieldops.operations.models import HostStateName, OperationChange, Succession
from fieldops.operations.selectors import published_records
from fieldops.recruitment.models import Vacancy

from .claims import ClaimCollector
from .references import iso as _iso
from .references import temporal as _temporal

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


class ExportTables:
    """Collects the rows of an export of `operations` as they stood on `day`:
    their records through published_records (one query per part), then the
    vacancies, places and photos they name, one query each. A `request` makes
    image addresses absolute."""

    def __init__(self, operations, day, request):
        loaded = published_records(operations, day=day, parts=PARTS)
        self.records = sorted(loaded, key=lambda records: records.operation.slug)
        self.operations = [records.operation for records in self.records]
        # published_records has no part for these yet: each is one query more.
        prefetch_related_objects(
            self.operations,
            "dimensions",
            Prefetch("host_state_names", HostStateName.objects.all()),
        )
        self.slugs = {operation.pk: operation.slug for operation in self.operations}
        self.day = day
        self.request = request
        self.documents = {}
        self.place_ids: set[int] = set()
        self.images: dict[int, object] = {}  # id -> Image, in order of first use
        self.claims = ClaimCollector(self.source)

    def document(self, document) -> str | None:
        """The symbol of a published document, which joins the documents table;
        None for none or a draft."""
        if document is None or not document.live:
            return None
        self.documents[document.pk] = document
        return document.symbol

    def source(self, record) -> dict:
        """The source columns of a sourced record (or claim)."""
        return {
            "source": self.document(record.source),
            "source_url": record.source_url,
            "source_note": record.source_note,
            "further_source_urls": list(record.further_source_urls or []),
        }

    def sourced(self, record) -> dict:
        """The source columns and the claims of a sourced row (the claims are
        filled in by `self.claims.fill()`, once every row is known)."""
        return self.source(record) | {"claims": self.claims.of(record)}

    def operations_rows(self) -> list[dict]:
        return [
            {
                "slug": operation.slug,
                "host_country": operation.host_country.code or "",
                "region": operation.region,
                "status": operation.status,
                "official_url": operation.official_url,
                "coverage": operation.coverage,
                "coverage_note": operation.coverage_note,
                "dimensions": [d.code for d in operation.dimensions.all()],
            }
            for operation in self.operations
        ]

    def host_state_names(self) -> list[dict]:
        return [
            {"operation": operation.slug, "name": name.name, **_temporal(name)}
            for operation in self.operations
            for name in sorted(
                operation.host_state_names.all(), key=lambda n: n.effective_start
            )
            if name.has_started_by(self.day)
        ]

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
                    "name": office.name,
                    "note": office.note,
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

    def changes(self) -> list[dict]:
        changes = (
            OperationChange.objects.live()
            .filter(operation__in=self.operations)
            .select_related("decision", "source")
            .order_by(
                "operation__slug",
                F("adopted_on").asc(nulls_first=True),
                F("effective_on").asc(nulls_first=True),
                "kind",
                "pk",
            )
        )
        return [
            {
                "operation": self.slugs[change.operation_id],
                "kind": change.kind,
                "deciding_body": change.deciding_body,
                "decision": self.document(change.decision),
                "adopted_on": _iso(change.adopted_on),
                "adopted_on_precision": change.adopted_on_precision,
                "effective_on": _iso(change.effective_on),
                "effective_on_precision": change.effective_on_precision,
                "uncertain": change.uncertain,
                "note": change.note,
                **self.sourced(change),
            }
            for change in changes
            if change.day is None or change.day <= self.day
        ]

    def successions(self) -> list[dict]:
        """The successions whose both operations are exported."""
        successions = (
            Succession.objects.filter(
                predecessor__in=self.operations, successor__in=self.operations
            )
            .select_related("source")
            .order_by("predecessor__slug", "successor__slug")
        )
        return [
            {
                "predecessor": self.slugs[succession.predecessor_id],
                "successor": self.slugs[succession.successor_id],
                "kind": succession.kind,
                **self.sourced(succession),
            }
            for succession in successions
        ]

    def leadership(self) -> tuple[list[dict], list[dict], list[dict]]:
        people, rows = {}, []
        for appointment in self._appointments():
            person = appointment.person
            people[person.pk] = {"name": person.name, "sort_name": person.sort_name}
            if appointment.photo is not None:
                self.images.setdefault(appointment.photo.pk, appointment.photo)
            rows.append(
                {
                    "operation": self.slugs[appointment.post.operation_id],
                    "post": appointment.post.title,
                    "person": person.name,
                    "honorific": appointment.honorific,
                    "photo": appointment.photo_id,
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

    def staffing(self) -> list[dict]:
        snapshots = [s for records in self.records for s in records.staffing_snapshots]
        return [
            {
                "operation": self.slugs[snapshot.operation_id],
                "as_of": _iso(snapshot.as_of),
                "meaning": snapshot.meaning,
                "approximate": snapshot.approximate,
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
                "approximate": figure.approximate,
                "note": figure.note,
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
