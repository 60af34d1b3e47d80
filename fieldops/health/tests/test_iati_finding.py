"""The organisation-wide finding when the IATI file cannot be published: no
organisation identifier, or one that is not of IATI's form."""

import pytest

from fieldops.health.findings import CheckKind, Severity
from fieldops.health.report import data_health
from fieldops.operations.models import FieldOperation

from .test_dashboard import rows, text
from .test_findings import complete_operation

pytestmark = pytest.mark.django_db


def organisation_findings():
    report = data_health()
    organisation = [h for h in report if h.operation is None]
    return organisation[0].findings if organisation else []


class IatiFindingTests:
    @pytest.mark.parametrize("value", ["", "   "])
    def test_a_missing_identifier_is_a_warning_of_the_whole_organisation(
        self, settings, value
    ):
        settings.FIELDOPS_IATI_ORGANISATION_ID = value
        operation = complete_operation()

        (finding,) = organisation_findings()

        assert (finding.kind, finding.code) == (CheckKind.OPEN_DATA, "iati-identifier")
        assert finding.severity == Severity.WARNING
        assert finding.operation is None
        assert "FIELDOPS_IATI_ORGANISATION_ID" in finding.message
        assert "none is configured" in finding.message
        # Only the organisation's own report has it, not an operation's.
        limited = data_health(FieldOperation.objects.filter(pk=operation.pk))
        assert "iati-identifier" not in [f.code for h in limited for f in h.findings]

    @pytest.mark.parametrize("value", ["OSCE", "xm-dac-1", "XM-DAC 47066"])
    def test_an_identifier_not_of_iatis_form_is_a_warning_too(self, settings, value):
        settings.FIELDOPS_IATI_ORGANISATION_ID = value

        (finding,) = organisation_findings()

        assert finding.code == "iati-identifier"
        assert "not of IATI's form" in finding.message

    def test_a_configured_identifier_gives_no_finding(self):
        complete_operation()

        assert organisation_findings() == []

    def test_the_page_shows_it_under_the_whole_organisation(
        self, client, settings, django_user_model
    ):
        from fieldops.accounts.testing import login_verified

        settings.FIELDOPS_IATI_ORGANISATION_ID = ""
        user = django_user_model.objects.create_superuser("admin", "a@x.org", "pw")
        login_verified(client, user)

        html = client.get("/admin/data-health/").content.decode()

        assert '<h2 id="organisation">Whole organisation</h2>' in html
        found = rows(html, "Open data that cannot be published")
        assert "FIELDOPS_IATI_ORGANISATION_ID" in text(str(found))
