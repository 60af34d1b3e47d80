"""Every data-health test runs with an IATI organisation identifier configured,
so that the organisation-wide finding about a missing one shows only where a
test removes it (test_iati_finding.py)."""

import pytest

EXAMPLE_IATI_ID = "XI-IATI-EXAMPLE"


@pytest.fixture(autouse=True)
def iati_identifier(settings):
    settings.FIELDOPS_IATI_ORGANISATION_ID = EXAMPLE_IATI_ID
