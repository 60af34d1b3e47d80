"""The records of a field operation on one day, chosen in Python from those
published_records() loaded for every day (the profile keeps those: see
profile.profile_records)."""

from __future__ import annotations

import copy
import datetime
from dataclasses import replace

from django.contrib.contenttypes.models import ContentType

from ..models import FieldOperation
from .records import OperationRecords, _claimable


def records_on(records: OperationRecords, day: datetime.date) -> OperationRecords:
    """`records`, loaded for every day (published_records() without `day`), as
    published_records() loads them for `day`: the staff counts taken and the
    financial figures reported on or before it, and the claims about the records
    begun by then; the operation (a copy) answers `.staffing_snapshots` and
    `.financial_figures` with the same rows. The dated parts (names, offices,
    mandates, appointments, changes) stay whole: choose from them by their own
    rules. No query once the content types are cached."""
    on_day = replace(
        records,
        staffing_snapshots=None
        if records.staffing_snapshots is None
        else [s for s in records.staffing_snapshots if s.as_of <= day],
        financial_figures=None
        if records.financial_figures is None
        else [f for f in records.financial_figures if f.known_from <= day],
    )
    on_day.operation = _with_prefetched(
        records.operation,
        staffing_snapshots=on_day.staffing_snapshots,
        financial_figures=on_day.financial_figures,
    )
    if records.claims:
        begun = _claimable([on_day], day)
        types = ContentType.objects.get_for_models(*{type(r) for r in begun})
        wanted = {(types[type(r)].pk, r.pk) for r in begun}
        on_day.claims = {
            key: claims for key, claims in records.claims.items() if key[:2] in wanted
        }
    return on_day


def _with_prefetched(operation: FieldOperation, **rows: list | None) -> FieldOperation:
    """A copy of `operation` whose prefetched relations named in `rows` answer
    with those rows (None leaves a relation as it is)."""
    operation = copy.copy(operation)
    prefetched = dict(getattr(operation, "_prefetched_objects_cache", {}))
    for name, found in rows.items():
        if found is not None and name in prefetched:
            queryset = copy.copy(prefetched[name])
            queryset._result_cache = found
            prefetched[name] = queryset
    operation._prefetched_objects_cache = prefetched
    return operation
