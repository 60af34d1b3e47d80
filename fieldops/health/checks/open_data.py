"""Open data that cannot be published (a warning of the whole organisation): the
IATI organisation file, without a valid ``FIELDOPS_IATI_ORGANISATION_ID``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fieldops.opendata.formats.iati import identifier_problem

from ..findings import CheckKind, Finding, Severity
from ..selectors import CheckedOrganisation


def iati_identifier_valid(organisation: CheckedOrganisation) -> list[Finding]:
    """The organisation's IATI identifier is configured and of IATI's form."""
    problem = identifier_problem()
    if problem is None:
        return []
    message = (
        problem
        + " "
        + _(
            "Set it to the identifier the organisation was issued (see "
            "docs/open-data.md); until then the open-data page does not offer "
            "the IATI download."
        )
    )
    return [
        Finding(
            CheckKind.OPEN_DATA,
            "iati-identifier",
            Severity.WARNING,
            _("IATI organisation file"),
            message,
            None,
        )
    ]
