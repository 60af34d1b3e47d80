"""The claims of sourced rows, written and read: what each source says about one
field of a row where sources disagree. A row holds the preferred value; its
`claims` list holds every claim about each field it names, the preferred one
too (exactly one per field). Stored as documents.Claim rows on the record."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from fieldops.core.dates import PartialDate
from fieldops.documents.models import Claim

from .format import CLAIM, CSV_COLUMNS, SOURCED, DatasetError
from .rows import at, field_values, referenced

PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
PRECISIONS = {4: "year", 7: "month", 10: "day"}


class ClaimCollector:
    """The claims about the rows of an export: each sourced row gets an empty
    list (`of`), filled by `fill` in one query once every row is known, the
    claims of a row by field, the preferred first, then as stored. `source`
    writes a claim's source columns (and collects its document)."""

    def __init__(self, source: Callable[[models.Model], dict]):
        self.source = source
        self.lists: list[tuple[models.Model, list]] = []

    def of(self, record: models.Model) -> list:
        claims: list[dict] = []
        self.lists.append((record, claims))
        return claims

    def fill(self) -> None:
        found = Claim.objects.about(record for record, _claims in self.lists)
        by_record: dict[tuple[int, int], list[Claim]] = {}
        for (type_id, object_id, _field), claims in sorted(found.items()):
            by_record.setdefault((type_id, object_id), []).extend(claims)
        for record, claims in self.lists:
            type_id = ContentType.objects.get_for_model(type(record)).pk
            claims += [
                {
                    "field": claim.field,
                    "value": claim.value,
                    "preferred": claim.preferred,
                    "note": claim.note,
                    **self.source(claim),
                }
                for claim in by_record.get((type_id, record.pk), [])
            ]


def claimable(table: str) -> tuple[str, ...]:
    """The columns of `table` that a claim may be about: its own facts, not its
    operation or its sources."""
    return tuple(
        column
        for column in CSV_COLUMNS[table]
        if column not in SOURCED and column != "operation"
    )


def claims_read(
    table: str, model: type[models.Model], row: dict, documents: dict
) -> tuple[dict, list[Claim]]:
    """The row without its `claims`, and the claims as unsaved Claims, checked:
    each names a column of the row (`claimable`), a date as 1998, 1998-07 or
    1998-07-23; each field named has one preferred claim, whose value is the
    row's. Raises DatasetError located at the claim (".claims[1]")."""
    if not isinstance(row, dict):
        raise DatasetError(f"expected an object, got {type(row).__name__}")
    row = dict(row)
    items = row.pop("claims", None) or []
    if not isinstance(items, list):
        raise DatasetError("“claims” must be a list")
    claims, preferred = [], Counter()
    for index, item in enumerate(items):
        with at(f".claims[{index}]"):
            claims.append(_claim(table, model, row, item, documents))
            preferred[claims[-1].field] += claims[-1].preferred
    for index, claim in enumerate(claims):
        if preferred[claim.field] != 1:
            raise DatasetError(
                f"field: {preferred[claim.field]} claims about “{claim.field}” are "
                f"preferred; exactly one must be",
                where=f".claims[{index}]",
            )
    return row, claims


def _claim(table: str, model, row: dict, item, documents: dict) -> Claim:
    if not isinstance(item, dict):
        raise DatasetError(f"expected an object, got {type(item).__name__}")
    unknown = set(item) - set(CLAIM)
    if unknown:
        raise DatasetError(f"unknown field “{sorted(unknown)[0]}”")
    item = dict(item)
    source = referenced(documents, item.pop("source", None), "document")
    claim = Claim(**field_values(Claim, item), source=source)
    claim.full_clean(exclude=["content_type", "object_id"])
    if claim.field not in claimable(table):
        raise DatasetError(
            f"field: “{claim.field}” is not a column of {table} a claim may be "
            f"about ({', '.join(claimable(table))})"
        )
    field = _model_field(model, claim.field)
    if isinstance(field, models.DateField):
        _partial_date(claim.value)
    if claim.preferred and not _agrees(field, row, claim):
        raise DatasetError(
            f"value: the preferred claim says “{claim.value}”, but the row's "
            f"{claim.field} is “{_written(field, row, claim.field)}”"
        )
    return claim


def _model_field(model, name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None  # a column of a line, such as a staffing line's count


def _partial_date(value: str) -> None:
    if not PARTIAL_DATE.fullmatch(value):
        raise DatasetError(
            f"value: “{value}” is not a date written as 1998, 1998-07 or 1998-07-23"
        )
    parts = [int(part) for part in value.split("-")] + [1, 1]
    try:
        datetime.date(*parts[:3])
    except ValueError:
        raise DatasetError(f"value: “{value}” is not a real date") from None


def _written(field, row: dict, name: str) -> str:
    """The row's value of `name` as a claim writes it (a date at its precision,
    a reference as its key)."""
    if name in row:
        value = row[name]
    elif field is not None and not field.is_relation:
        value = field.get_default()
    else:
        value = None
    if value is None:
        return ""
    if isinstance(field, models.DateField) and not field.is_relation:
        precision = row.get(f"{name}_precision") or "day"
        return PartialDate(field.to_python(value), precision).iso()
    return str(value)


def _agrees(field, row: dict, claim: Claim) -> bool:
    """Whether the preferred claim's value is the row's (numbers and other typed
    values compared as values: 1000 agrees with 1000.00)."""
    written = _written(field, row, claim.field)
    if written == claim.value or field is None:
        return written == claim.value
    if isinstance(field, models.DateField) or field.is_relation:
        return False
    try:
        return field.to_python(claim.value) == field.to_python(written)
    except ValidationError:  # a value of another type does not agree
        return False
