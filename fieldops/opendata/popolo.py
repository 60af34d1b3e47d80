"""Popolo JSON of field operations (placeholder until it lands)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from fieldops.operations.models import FieldOperation

from .provenance import Provenance


def popolo(
    operations: Sequence[FieldOperation], day: datetime.date, provenance: Provenance
) -> dict:
    """Organizations, persons, posts and memberships as known on `day`."""
    raise NotImplementedError
