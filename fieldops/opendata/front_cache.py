"""Where the API and the exports show records, for the front cache's purges
(fieldops/core/front_cache.py). An export of everything (/exports/all.*) and the
organisation's views hold every operation; an operation's own export and API
answer hold only its facts."""

from __future__ import annotations

import re

from fieldops.core import front_cache
from fieldops.documents.models import Claim, Document
from fieldops.operations.front_cache import OPERATION_OF, SHARED, operations_of
from fieldops.recruitment.models import FieldOfExpertise, Vacancy

# What holds every operation: the open-data page's figures too.
EVERY_OPERATION = {
    "/api/v1/field-operations",
    "^/api/v1/organisation/",
    r"^/exports/(all|comparison)[./]",
}


def fact_addresses(record) -> set[str]:
    """A fact of one operation: its API answer and exports, and everything that
    holds all operations."""
    found = EVERY_OPERATION | {f"^/{front_cache.language_prefixes()}/open-data/"}
    for operation in operations_of(record):
        slug = operation.slug
        found.add(f"/api/v1/field-operations/{slug}")
        found.add(f"^/exports/field-operations/{re.escape(slug)}[./]")
    return found


def shared_addresses(record) -> set[str]:
    """A record any operation may show, a document or a vacancy: every API answer
    and export."""
    return {
        "^/api/v1/",
        "^/exports/",
        f"^/{front_cache.language_prefixes()}/open-data/",
    }


def register_addresses() -> None:
    """Tell the front cache where this app shows what (AppConfig.ready)."""
    for model in OPERATION_OF:
        front_cache.register(model, fact_addresses)
    for model in (*SHARED, Document, Claim, Vacancy, FieldOfExpertise):
        front_cache.register(model, shared_addresses)
