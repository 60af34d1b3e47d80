"""A dataset export: the tables of the public field operations put together,
each reference written as its natural key (see `format`)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from fieldops.operations.models import FieldOperation, FieldOperationPage

from ..provenance import Provenance
from .format import DATASET_FORMAT, DATASET_VERSION
from .references import images_table, places_table
from .tables import ExportTables


@dataclass
class Export:
    """A dataset export: its JSON-ready `data` and the image files it names."""

    data: dict
    images: dict[str, object] = field(default_factory=dict)  # zip path -> Image


def public_operations(slug: str | None = None) -> QuerySet[FieldOperation]:
    """Published field operations with a published profile in any language (the
    one of `slug`, if given), by slug; read by the export that uses them."""
    pages = FieldOperationPage.objects.live().filter(operation=OuterRef("pk"))
    operations = FieldOperation.objects.live().filter(Exists(pages)).order_by("slug")
    if slug is not None:
        operations = operations.filter(slug=slug)
    return operations


def dataset_export(
    operations: QuerySet[FieldOperation] | Sequence[FieldOperation],
    day: datetime.date,
    provenance: Provenance,
    *,
    request=None,
) -> Export:
    """The export of `operations` as they stood on `day`, in a fixed number of
    queries (their records through published_records, then one query for each
    other table and one for the claims); `request` makes image addresses
    absolute."""
    tables = ExportTables(operations, day, request)
    names = tables.names()
    offices = tables.offices()
    mandates = tables.mandates()
    changes = tables.changes()
    successions = tables.successions()
    people, posts, appointments = tables.leadership()
    staffing = tables.staffing()
    figures = tables.financial_figures()
    fields, vacancies = tables.vacancies()
    places, keys = places_table(tables.place_ids, day)
    for row in offices:
        row["place"] = keys[row["place"]]
    for row in vacancies:
        row["duty_station"] = keys[row["duty_station"]]
    images, image_keys, files = images_table(tables.images, request)
    for row in appointments:
        if row["photo"] is not None:
            row["photo"] = image_keys[row["photo"]]
    # Last: the claims' documents join the documents table.
    tables.claims.fill()
    data = {
        "meta": {
            "format": DATASET_FORMAT,
            "version": DATASET_VERSION,
            **provenance.as_dict(),
        },
        "documents": tables.documents_rows(),
        "operations": tables.operations_rows(),
        "host_state_names": tables.host_state_names(),
        "names": names,
        "places": places,
        "offices": offices,
        "mandates": mandates,
        "changes": changes,
        "successions": successions,
        "people": people,
        "posts": posts,
        "images": images,
        "appointments": appointments,
        "staffing": staffing,
        "financial_figures": figures,
        "fields_of_expertise": fields,
        "vacancies": vacancies,
        "profiles": tables.profiles(),
    }
    return Export(data=data, images=files)
