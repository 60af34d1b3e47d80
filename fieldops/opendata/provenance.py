"""What every export and API answer states about itself: where it comes from,
when it was made, the day it describes and the licence it is under."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from fieldops.core.addresses import absolute_url
from fieldops.operations.time_travel import AsOf, BadDate, parse_as_of


@dataclass(frozen=True)
class Provenance:
    source: str
    publisher: str
    extracted_at: datetime.datetime
    as_of: datetime.date
    licence: str
    licence_url: str

    def as_dict(self) -> dict[str, str]:
        return {
            "source": self.source,
            "publisher": self.publisher,
            "extracted_at": self.extracted_at.isoformat(timespec="seconds"),
            "as_of": self.as_of.isoformat(),
            "licence": self.licence,
            "licence_url": self.licence_url,
        }


def provenance_for(request, day: datetime.date) -> Provenance:
    """The provenance of an answer to `request` describing `day`."""
    return Provenance(
        source=absolute_url(request.get_full_path()),
        publisher=settings.FIELDOPS_ORGANISATION_NAME,
        extracted_at=timezone.now().replace(microsecond=0),
        as_of=day,
        licence=settings.FIELDOPS_DATA_LICENCE_NAME,
        licence_url=settings.FIELDOPS_DATA_LICENCE_URL,
    )


def as_of_from(raw: str | None) -> AsOf:
    """The `as_of` query parameter, read as the pages read it (raises BadDate)."""
    return parse_as_of(raw, timezone.localdate())


__all__ = ["BadDate", "Provenance", "as_of_from", "provenance_for"]
