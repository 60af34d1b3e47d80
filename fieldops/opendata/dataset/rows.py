"""Reading a dataset's rows: each value checked and turned into what the model's
field holds, each reference found by its natural key, each problem reported as
a DatasetError naming the row."""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone

from fieldops.core.dates import truncate
from fieldops.documents.models import Document
from fieldops.operations.services import CREATED, PRESENT, record_get_or_create

from .format import DatasetError

# Fields that the admin's drafts, revisions and locks maintain: a dataset never
# sets them, so a loaded record is published like one saved by an editor.
MAINTAINED_FIELDS = frozenset(
    {
        "id",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "sort_order",
    }
)


@dataclass
class DatasetLoad:
    """What loading a dataset did: records created and already present, per table,
    and notes for the person who ran it (such as a photo left out)."""

    tally: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def count(self, table: str, created: bool) -> None:
        self.tally[CREATED if created else PRESENT] += 1
        if created:
            self.created[table] += 1


def field_values(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    """JSON values turned into what the model's fields hold (dates, decimals).

    Only the model's own editable values are accepted; references are resolved
    by the caller, and a datetime must say its offset from UTC. Raises
    DatasetError for anything else."""
    if not isinstance(row, dict):
        raise DatasetError(f"expected an object, got {type(row).__name__}")
    values = {}
    for name, value in row.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if (
            field is None
            or field.is_relation
            or not field.concrete
            or not field.editable
            or name in MAINTAINED_FIELDS
        ):
            raise DatasetError(f"unknown field “{name}”")
        value = field.to_python(value)
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            raise DatasetError(f"{name}: give the time with its offset from UTC")
        values[name] = value
    return values


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}"
                if name != "__all__"
                else " ".join(messages)
                for name, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    if isinstance(error, KeyError):
        return f"“{error.args[0]}” is missing"
    return str(error)


@contextlib.contextmanager
def at(where: str):
    """Report any problem with a row as a DatasetError naming the row: `where`
    is a row ("names[3]") or a part of the row being read (".claims[0]"), which
    an enclosing `at` completes ("names[3].claims[0]"). An error already
    located at a row is passed on as it is."""
    try:
        yield
    except DatasetError as error:
        if error.where is None:
            raise DatasetError(error.detail, where=where) from error
        if error.where.startswith("."):
            raise DatasetError(error.detail, where=where + error.where) from error
        raise
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise DatasetError(_message(error), where=where) from error


def rows_of(data: dict, name: str) -> list[tuple[str, dict]]:
    """The rows of the table `name`, each with where it is ("names[3]"); none for
    a missing table. Raises DatasetError when the table is not a list."""
    rows = data.get(name) or []
    if not isinstance(rows, list):
        raise DatasetError(f"“{name}” must be a list")
    return [(f"{name}[{index}]", row) for index, row in enumerate(rows)]


def referenced(known: dict, key: Any, what: str):
    """The record that a row names by its natural key."""
    if key is None:
        return None
    try:
        return known[key]
    except (KeyError, TypeError):
        raise DatasetError(f"no {what} “{key}” in the dataset") from None


def inline_rows(relation: str, rows: list[dict]):
    """What saves `rows` as the inline `relation` (such as "names") of a new
    record, in their order, before its first revision is published."""

    def add(record) -> None:
        rel = getattr(type(record), relation).rel
        # One by one, so that each row is validated against those saved before it.
        for order, row in enumerate(rows):
            with at(f".{relation}[{order}]"):
                values = field_values(rel.related_model, row)
                child = rel.related_model(
                    **{rel.field.name: record}, sort_order=order, **values
                )
                child.full_clean()
                child.save()

    return add


def key_values(model, key: tuple[str, ...], values: dict) -> dict:
    """The natural key of a row: its `key` fields, a field the row leaves out at
    the model's default, a partial date at the first day of its period (as the
    record stores it)."""
    found = {}
    for name in key:
        field = model._meta.get_field(name)
        value = values[name] if name in values else field.get_default()
        if isinstance(value, datetime.date) and f"{name}_precision" in values:
            value = truncate(value, values[f"{name}_precision"])
        found[name] = value
    return found


def claims_save(record, claims: list) -> None:
    """Store `claims` (unsaved documents.Claim) on `record`, each validated."""
    for index, claim in enumerate(claims):
        with at(f".claims[{index}]"):
            claim.record = record
            claim.full_clean()
            claim.save()


def stored(
    result: DatasetLoad,
    table: str,
    model,
    key,
    values: dict,
    *,
    claims: list = (),
    add_children=None,
):
    """The record whose natural `key` (see key_values) matches `values`, left as
    it is; else created from `values` with its inline rows (`add_children`)
    and its `claims`."""
    existing = model._default_manager.filter(**key_values(model, key, values))
    record, created = record_get_or_create(
        existing=existing, values=values, add_children=add_children
    )
    if created:
        claims_save(record, list(claims))
    result.count(table, created)
    return record


def sourced(model, row: dict, documents: dict[str, Document]) -> dict[str, Any]:
    """A row's values, its source symbol replaced by the document."""
    row = dict(row)
    symbol = row.pop("source", None)
    return {
        **field_values(model, row),
        "source": referenced(documents, symbol, "document"),
    }


def of_operation(model, row: dict, operations: dict, documents: dict) -> dict:
    """A sourced row of one operation, named by its slug."""
    row = dict(row)
    operation = referenced(operations, row.pop("operation"), "field operation")
    return sourced(model, row, documents) | {"operation": operation}
