"""Reading a dataset export back into the database: `dataset_load` creates the
records that are not there yet, found by their natural keys (see `format`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction

from fieldops.core import data_version
from fieldops.documents.models import Document
from fieldops.operations.models import (
    Dimension,
    FieldOperation,
    HostStateName,
    Mandate,
    Office,
    OperationName,
    Place,
)
from fieldops.operations.services import (
    operation_groups_create,
    record_get_or_create,
)

from . import read_records as records
from .claims import claims_read
from .format import DATASET_FORMAT, READABLE_VERSIONS, DatasetError
from .read_images import images_load
from .rows import (
    DatasetLoad,
    at,
    field_values,
    inline_rows,
    of_operation,
    referenced,
    rows_of,
    stored,
)
from .validation import dataset_validate

NAME_KEY = ("operation", "full_name", "valid_from")
# Offices other than the headquarters may have no dates: their place tells
# them apart.
OFFICE_KEY = ("operation", "role", "place", "valid_from")
MANDATE_KEY = ("operation", "valid_from")

__all__ = ["DatasetError", "DatasetLoad", "dataset_load"]


@transaction.atomic
def dataset_load(*, data: Any, files: dict[str, bytes] | None = None) -> DatasetLoad:
    """Create the records of a dataset export (version 1 or 2) that are not in
    the database yet.

    A record already present (found by its natural key: a document's symbol, an
    operation's slug, a vacancy's number...) is left untouched, with its inline
    rows and claims, so loading twice changes nothing and never undoes an
    editor's change. `files` holds the files of a ZIP export (images/<name> ->
    bytes). The file is checked against the dataset's JSON Schema first, then
    every record is validated as the admin does; the first problems raise
    DatasetError and nothing is stored.
    """
    _check_meta(data)
    dataset_validate(data)
    result = DatasetLoad()
    documents = _load_documents(data, result)
    operations = _load_operations(data, documents, result)
    places = _load_places(data, result)
    _load_dated(data, operations, places, documents, result)
    records.changes_load(data, operations, documents, result)
    records.successions_load(data, operations, documents, result)
    images = images_load(data, files or {}, result)
    records.leadership_load(data, operations, images, documents, result)
    records.figures_load(data, operations, documents, result)
    records.vacancies_load(data, operations, places, result)
    records.profiles_load(data, operations, result)
    # Some rows are written without signals (bulk inserts of inline rows).
    data_version.changed()
    return result


def _check_meta(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise DatasetError(
            f"This is not a {DATASET_FORMAT} file: it has no “meta” object."
        )
    meta = data["meta"]
    if meta.get("format") != DATASET_FORMAT:
        raise DatasetError(
            f"This is not a {DATASET_FORMAT} file: its meta.format is "
            f"“{meta.get('format')}”."
        )
    if str(meta.get("version", "")).split(".")[0] not in READABLE_VERSIONS:
        raise DatasetError(
            f"Version “{meta.get('version')}” of {DATASET_FORMAT} cannot be read; "
            f"this site reads versions {' and '.join(READABLE_VERSIONS)}."
        )


def _load_documents(data: dict, result: DatasetLoad) -> dict[str, Document]:
    documents = {}
    for where, row in rows_of(data, "documents"):
        with at(where):
            values = field_values(Document, row)
            documents[values["symbol"]] = stored(
                result, "documents", Document, ("symbol",), values
            )
    return documents


def _host_state_names(data: dict) -> dict[str, list[tuple[str, dict]]]:
    """The host state names of each operation slug, with where each row is."""
    names = defaultdict(list)
    for where, row in rows_of(data, "host_state_names"):
        with at(where):
            if not isinstance(row, dict):
                raise DatasetError(f"expected an object, got {type(row).__name__}")
            names[row["operation"]].append((where, row))
    return names


def _inline_host_state_names(rows: list[tuple[str, dict]]):
    """What saves the host state names of a new operation, before its first
    revision is published (they are part of it)."""

    def add(operation) -> None:
        for order, (where, row) in enumerate(rows):
            with at(where):
                row = dict(row)
                row.pop("operation")
                name = HostStateName(
                    operation=operation,
                    sort_order=order,
                    **field_values(HostStateName, row),
                )
                name.full_clean()
                name.save()

    return add


def _load_operations(data: dict, documents: dict, result: DatasetLoad) -> dict:
    operations = {}
    dimensions = {d.code: d for d in Dimension.objects.all()}
    host_names = _host_state_names(data)
    for where, row in rows_of(data, "operations"):
        with at(where):
            row = dict(row)
            codes = row.pop("dimensions", [])
            if not isinstance(codes, list):
                raise DatasetError("“dimensions” must be a list of codes")
            missing = [code for code in codes if code not in dimensions]
            if missing:
                raise DatasetError(
                    f"unknown dimension “{missing[0]}” (is the database migrated?)"
                )
            values = field_values(FieldOperation, row)
            values["dimensions"] = [dimensions[code] for code in codes]
            adding = _inline_host_state_names(host_names.pop(values["slug"], []))
            operation = stored(
                result,
                "operations",
                FieldOperation,
                ("slug",),
                values,
                add_children=adding,
            )
            operation_groups_create(operation=operation)
            operations[values["slug"]] = operation
    for rows in host_names.values():
        where, row = rows[0]
        with at(where):
            referenced(operations, row["operation"], "field operation")
    for where, row in rows_of(data, "names"):
        with at(where):
            row, claims = claims_read("names", OperationName, row, documents)
            values = of_operation(OperationName, row, operations, documents)
            stored(result, "names", OperationName, NAME_KEY, values, claims=claims)
    return operations


def _load_places(data: dict, result: DatasetLoad) -> dict[str, Place]:
    """Places by their key: the "key" of the row, else the first of its names."""
    places = {}
    name_model = Place.names.rel.related_model
    for where, row in rows_of(data, "places"):
        with at(where):
            row = dict(row)
            names = row.pop("names")
            key = row.pop("key", None)
            if not isinstance(names, list) or not names:
                raise DatasetError("a place needs at least one name")
            first = field_values(name_model, names[0])
            existing = Place.objects.filter(
                country=row.get("country"),
                names__name=first.get("name"),
                names__valid_from=first.get("valid_from"),
            )
            place, created = record_get_or_create(
                existing=existing,
                values=field_values(Place, row),
                add_children=inline_rows("names", names),
            )
            result.count("places", created)
            places[key or first["name"]] = place
    return places


def _load_dated(data, operations, places, documents, result: DatasetLoad) -> None:
    for where, row in rows_of(data, "offices"):
        with at(where):
            row, claims = claims_read("offices", Office, row, documents)
            place = referenced(places, row.pop("place"), "place")
            values = of_operation(Office, row, operations, documents)
            values["place"] = place
            stored(result, "offices", Office, OFFICE_KEY, values, claims=claims)
    for where, row in rows_of(data, "mandates"):
        with at(where):
            row, claims = claims_read("mandates", Mandate, row, documents)
            values = of_operation(Mandate, row, operations, documents)
            stored(result, "mandates", Mandate, MANDATE_KEY, values, claims=claims)
