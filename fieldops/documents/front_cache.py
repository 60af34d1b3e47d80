"""Where the register shows documents and the facts resting on them, for the
front cache's purges (fieldops/core/front_cache.py)."""

from __future__ import annotations

from fieldops.core import front_cache

from .models import Claim, Document, Sourced


def documents_addresses(record) -> set[str]:
    """The register's list and every document's page: a document's page lists
    the facts that cite it (and a fact may have moved from one source to another),
    and the list shows each document's title and date."""
    return {f"^/{front_cache.language_prefixes()}/documents/"}


def register_addresses() -> None:
    """Tell the front cache where this app shows what (AppConfig.ready)."""
    for model in (Document, Sourced, Claim):
        front_cache.register(model, documents_addresses)
