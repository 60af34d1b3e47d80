"""The offices of a field operation on a day, from records already loaded
by published_records() (parts "offices" and "places")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..models import FieldOperation, Office, OfficeRole


@dataclass
class OfficeOnDay:
    """An office that is open on the shown day, with its city's name of that day."""

    office: Office
    place_name: str
    # The city's name changed around the day at a date not known exactly.
    approximate: bool
    # The office opened or closed around the day at a date known only to the
    # month or year, or marked uncertain.
    period_approximate: bool = False

    @property
    def is_headquarters(self) -> bool:
        return self.office.role == OfficeRole.HEADQUARTERS

    @property
    def label(self) -> str:
        """Its own name, else its kind: "Field Office in Osh", "Field office"."""
        return self.office.name or str(self.office.get_role_display())


def _undated(office) -> bool:
    return office.valid_from is None and office.known_on is None


def offices_on(
    operation: FieldOperation, day: datetime.date, *, closed: bool = False
) -> list[OfficeOnDay]:
    """The offices open on `day` (offices and places loaded), headquarters
    first. None once the operation is `closed` on `day` (an office does not
    outlive its operation), and never one whose start is not recorded: that
    one is not known to be open on any given day (see undated_offices)."""
    if closed:
        return []
    offices = []
    for office in operation.offices.all():
        if office.holds_on(day) and not _undated(office):
            place_name, approximate = office.place.nearest_name_on(day)
            offices.append(
                OfficeOnDay(office, place_name, approximate, office.approximate_on(day))
            )
    offices.sort(key=lambda o: (not o.is_headquarters, o.place_name))
    return offices


def undated_offices(operation: FieldOperation, day: datetime.date) -> list[OfficeOnDay]:
    """The offices recorded without a start (nor a day they were known to
    be open), not known to have ended by `day`: shown apart, never as open on
    the day; named as the city is named on `day`."""
    offices = []
    for office in operation.offices.all():
        if _undated(office) and not (office.valid_to and office.valid_to <= day):
            place_name, approximate = office.place.nearest_name_on(day)
            offices.append(OfficeOnDay(office, place_name, approximate))
    offices.sort(key=lambda o: (not o.is_headquarters, o.place_name))
    return offices
