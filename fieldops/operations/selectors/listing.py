"""The list of field operations as they stood on a day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django_countries.fields import Country

from fieldops.core.dates import PartialDate

from ..models import FieldOperation, FieldOperationPage, OperationName, OperationStatus
from .offices import offices_on
from .records import published_records
from .standing import established_on, status_on


@dataclass
class OperationSummary:
    """One row of the list of field operations."""

    operation: FieldOperation
    name: OperationName | None
    host_country: Country
    established: PartialDate | None
    seat_name: str
    is_closed: bool
    page: FieldOperationPage | None
    url: str | None


def operation_list(day: datetime.date, *, request=None) -> list[OperationSummary]:
    """Every published field operation as it stood on `day`, in a fixed number
    of queries. Give the request for site-relative profile URLs."""
    summaries = []
    loaded = published_records(
        FieldOperation.objects.live(), parts={"names", "places", "page", "changes"}
    )
    for records in loaded:
        operation, page = records.operation, records.page
        # Not established yet on `day`: its latest recorded name.
        name = operation.last_name_by(day) or (records.names or [None])[-1]
        status = status_on(operation, name, day)
        closed = status == OperationStatus.CLOSED
        offices = offices_on(operation, day, closed=closed)
        seat = next((o for o in offices if o.is_headquarters), None)
        summaries.append(
            OperationSummary(
                operation=operation,
                name=name,
                host_country=operation.host_country,
                established=established_on(operation),
                seat_name=seat.place_name if seat else "",
                is_closed=closed,
                page=page,
                # Wagtail caches the site root paths, so this adds no query a row.
                url=page.get_url(request=request) if page else None,
            )
        )
    summaries.sort(key=lambda s: (s.is_closed, s.name.full_name if s.name else ""))
    return summaries
