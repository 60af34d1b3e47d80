"""Popolo JSON of field operations (http://www.popoloproject.com/specs/).

Identifiers are stable across exports and do not change with a rename:

- the organisation itself: ``fieldops:organization``
- a field operation: ``fieldops:organization/<slug>``
- a person: ``fieldops:person/<id>``, a post: ``fieldops:post/<id>``
- a membership (one appointment): ``fieldops:membership/<id>``

Dates keep the precision of the record ("1998-06-11", "2019-01", "2019"). Popolo
end dates name the last day a fact held, while a record's ``valid_to`` is the first
day it no longer held: a day-precise end moves back a day, a month- or year-precise
end stays the month or year in which the change fell. An end that falls after the
described day is left out: on that day the fact still held.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.db.models import QuerySet

from fieldops.core.dates import Precision
from fieldops.core.models import started_by
from fieldops.operations.models import FieldOperation, NameChange
from fieldops.operations.selectors import published_records

from ..provenance import Provenance
from .common import document_url, site_url
from .iati import identifier_problem, organisation_identifier

ORGANISATION_ID = "fieldops:organization"


def operation_id(operation: FieldOperation) -> str:
    """The Popolo id of a field operation: its slug, which survives renames."""
    return f"{ORGANISATION_ID}/{operation.slug}"


def start_iso(record) -> str | None:
    """The first day a record held, at its precision."""
    return record.start.iso() if record.start else None


def end_iso(record, day: datetime.date) -> str | None:
    """The last day a record held, at its precision; none while it held on `day`."""
    end = record.end
    if end is None or end.date > day:
        return None
    if end.precision == Precision.DAY:
        return (end.date - datetime.timedelta(days=1)).isoformat()
    return end.iso()


# What Popolo reads of each operation (see published_records).
PARTS = ("names", "posts", "appointments", "page")


def _source(record, provenance: Provenance) -> dict | None:
    if record.source_id and record.source.live:
        return {
            "url": document_url(record.source, provenance),
            "note": record.source.title,
        }
    if record.source_url:
        return {"url": record.source_url, "note": record.source_note}
    return None


def _organisation() -> dict:
    organisation = {
        "id": ORGANISATION_ID,
        "name": settings.FIELDOPS_ORGANISATION_NAME,
        "other_names": [{"name": settings.FIELDOPS_ORGANISATION_ACRONYM}],
        "classification": "international organization",
    }
    # Only the identifier a registration agency issued to the organisation: its
    # field operations have none of their own, and none is made up for them.
    if identifier_problem() is None:
        organisation["identifiers"] = [
            {"scheme": "iati", "identifier": organisation_identifier()}
        ]
    return organisation


def _identifiers(operation: FieldOperation) -> list[dict]:
    return [{"scheme": "fieldops", "identifier": operation.slug}]


def _operation(records, names, day, provenance) -> dict:
    operation = records.operation
    current = operation.last_name_by(day)
    other_names = []
    for name in names:
        if name is current:
            continue
        entry = {"name": name.full_name}
        if start_iso(name):
            entry["start_date"] = start_iso(name)
        if end_iso(name, day):
            entry["end_date"] = end_iso(name, day)
        if name.note:
            entry["note"] = name.note
        other_names.append(entry)
    country = operation.host_country
    organization = {
        "id": operation_id(operation),
        "name": current.full_name,
        "other_names": other_names,
        "classification": current.presence_kind,
        "parent_id": ORGANISATION_ID,
        "area_id": f"iso3166-1:{country.code}",
        "area": {
            "id": f"iso3166-1:{country.code}",
            "name": str(country.name),
            "classification": "country",
            "identifier": country.code,
        },
        "identifiers": _identifiers(operation),
    }
    if names[0].start:
        organization["founding_date"] = names[0].start.iso()
    if current.change == NameChange.CLOSED and current.start:
        organization["dissolution_date"] = current.start.iso()
    url = records.page.get_url() if records.page else None
    links = [{"url": site_url(provenance, url), "note": "profile page"}] if url else []
    links.append(
        {
            "url": site_url(provenance, f"/api/v1/field-operations/{operation.slug}"),
            "note": "API",
        }
    )
    organization["links"] = links
    sources = [s for s in (_source(n, provenance) for n in names) if s]
    organization["sources"] = list({s["url"]: s for s in sources}.values())
    return organization


def _memberships(post: dict, appointments, day, provenance, persons) -> list[dict]:
    """The memberships of the post entry `post`: one per appointment begun by
    `day`, its person added to `persons` (by id)."""
    memberships = []
    for appointment in started_by(appointments, day):
        person = appointment.person
        persons.setdefault(
            person.pk,
            {
                "id": f"fieldops:person/{person.pk}",
                "name": person.name,
                "sort_name": person.sort_name or person.name,
            },
        )
        membership = {
            "id": f"fieldops:membership/{appointment.pk}",
            "person_id": f"fieldops:person/{person.pk}",
            "post_id": post["id"],
            "organization_id": post["organization_id"],
            "role": post["role"],
            "label": post["label"],
        }
        if start_iso(appointment):
            membership["start_date"] = start_iso(appointment)
        if end_iso(appointment, day):
            membership["end_date"] = end_iso(appointment, day)
        source = _source(appointment, provenance)
        membership["sources"] = [source] if source else []
        memberships.append(membership)
    return memberships


def popolo(
    operations: QuerySet[FieldOperation] | Sequence[FieldOperation],
    day: datetime.date,
    provenance: Provenance,
) -> dict:
    """Organizations, persons, posts and memberships as known on `day`, in a
    fixed number of queries (published_records)."""
    organizations = [_organisation()]
    persons: dict[int, dict] = {}
    posts = []
    memberships = []
    for records in published_records(operations, day=day, parts=PARTS):
        names = started_by(records.names, day)
        if not names:
            continue  # not established yet on that day
        organizations.append(_operation(records, names, day, provenance))
        by_post = defaultdict(list)
        for appointment in records.appointments:
            by_post[appointment.post_id].append(appointment)
        for post in records.posts:
            post_entry = {
                "id": f"fieldops:post/{post.pk}",
                "label": post.title,
                "role": str(post.get_role_display()),
                "organization_id": operation_id(records.operation),
            }
            posts.append(post_entry)
            memberships += _memberships(
                post_entry, by_post[post.pk], day, provenance, persons
            )
    return {
        "meta": provenance.as_dict(),
        "organizations": organizations,
        "persons": list(persons.values()),
        "posts": posts,
        "memberships": memberships,
    }
