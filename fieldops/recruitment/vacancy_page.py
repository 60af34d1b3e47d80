"""What a vacancy's public page shows, for the page itself and for its preview in
the admin. It reads only the rows the vacancy has loaded (its operation's and
duty station's names) and imports no model of recruitment, so that the model's
preview can use it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .json_ld import job_posting


def operation_name_on(operation, day: datetime.date) -> str:
    """The name of `operation` (a FieldOperation with its names loaded, oldest
    first) held on `day`, else its last name (a closed operation keeps it), else
    its slug."""
    # Else its latest name, even one still to come: an operation may recruit
    # before it is established.
    name = operation.name_on(day) or (list(operation.names.all()) or [None])[-1]
    return name.full_name if name else operation.slug


def operation_name(vacancy) -> str:
    """The operation's name today (from the names already loaded)."""
    return operation_name_on(vacancy.operation, timezone.localdate())


def duty_station_name(vacancy) -> str:
    """The duty station's name today (from the names already loaded)."""
    return vacancy.duty_station.nearest_name_on(timezone.localdate())[0]


def vacancy_page(vacancy, request) -> dict:
    """The context of the vacancy page (and of its preview in the admin): the
    vacancy, whether it is open, its operation's and duty station's names today
    and its JobPosting (a dict, see json_ld.job_posting)."""
    station = duty_station_name(vacancy)
    return {
        "vacancy": vacancy,
        "is_open": vacancy.is_open,
        "operation_name": operation_name(vacancy),
        "duty_station_name": station,
        "posting": job_posting(vacancy, locality=station),
    }
