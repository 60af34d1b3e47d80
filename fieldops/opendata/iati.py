"""IATI organisation files, standard 2.03 (placeholder until it lands)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from fieldops.operations.models import FieldOperation

from .provenance import Provenance


def iati_organisations(
    operations: Sequence[FieldOperation], day: datetime.date, provenance: Provenance
) -> bytes:
    """One iati-organisations XML document with an iati-organisation per operation."""
    raise NotImplementedError
