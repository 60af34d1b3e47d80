"""Where field operations and their facts are shown, for the front cache's purges
(fieldops/core/front_cache.py): an operation's profile in every language, with all
its ?as_of= days, and the organisation's views of all operations."""

from __future__ import annotations

from fieldops.core import front_cache
from fieldops.documents.models import Claim, Document

from .models import (
    Appointment,
    Dimension,
    FieldOperation,
    FieldOperationIndexPage,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationChange,
    OperationName,
    Person,
    Place,
    Post,
    StaffingSnapshot,
    Succession,
)

# Facts of one operation, and how to reach it from each. The rows a record holds
# (a snapshot's staffing lines, an operation's host names, a place's names) are
# saved with it, which purges.
OPERATION_OF = {
    FieldOperation: lambda record: [record],
    OperationName: lambda record: [record.operation],
    Office: lambda record: [record.operation],
    Mandate: lambda record: [record.operation],
    Post: lambda record: [record.operation],
    Appointment: lambda record: [record.post.operation],
    StaffingSnapshot: lambda record: [record.operation],
    FinancialFigure: lambda record: [record.operation],
    OperationChange: lambda record: [record.operation],
    Succession: lambda record: [record.predecessor, record.successor],
}
# Shown on the profiles of any number of operations: a city, a
# person, a dimension, a document a fact rests on, a source's claim.
SHARED = (Place, Person, Dimension, Document, Claim)


def operations_of(record) -> list[FieldOperation]:
    """The operations whose profiles show `record` (one of OPERATION_OF's kinds)."""
    for model, reach in OPERATION_OF.items():
        if isinstance(record, model):
            return [operation for operation in reach(record) if operation is not None]
    return []


def profile_paths(operation: FieldOperation) -> set[str]:
    """The operation's profile in every language ("/en/field-operations/astana/");
    each path stands for all its ?as_of= days."""
    paths = set()
    for page in FieldOperationPage.objects.filter(operation=operation):
        paths |= front_cache.page_paths(page)
    return paths


def organisation_paths() -> set[str]:
    """The views of all operations: the list, the timeline and the comparison,
    in every language, and the home pages that lead to them."""
    paths = set()
    for index in FieldOperationIndexPage.objects.all():
        for path in front_cache.page_paths(index):
            paths |= {path, path + "timeline/", path + "comparison/"}
        parent = index.get_parent()
        if parent is not None and parent.depth > 1:
            paths |= front_cache.page_paths(parent)
    return paths


def fact_addresses(record) -> set[str]:
    """A fact of one operation (or the operation itself): its profiles and the
    organisation's views."""
    found = organisation_paths()
    for operation in operations_of(record):
        found |= profile_paths(operation)
    return found


def shared_addresses(record) -> set[str]:
    """A record shown on any number of profiles: every profile and view."""
    return organisation_paths() | {
        f"^/{front_cache.language_prefixes()}/field-operations/"
    }


def register_addresses() -> None:
    """Tell the front cache where this app shows what (AppConfig.ready)."""
    for model in OPERATION_OF:
        front_cache.register(model, fact_addresses)
    for model in SHARED:
        front_cache.register(model, shared_addresses)
    # The profile page's own text: its organisation views list it too.
    front_cache.register(FieldOperationPage, fact_addresses_of_page)


def fact_addresses_of_page(page: FieldOperationPage) -> set[str]:
    return organisation_paths()
