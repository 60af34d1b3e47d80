"""Unsourced facts (warnings): a published record without a source document or
link. A source note alone explains the source but does not let a reader check
it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..findings import CheckKind, Finding, Severity
from ..links import admin_edit_url
from ..selectors import CheckedOperation
from .labels import (
    appointment_label,
    figure_label,
    mandate_label,
    name_label,
    office_label,
    snapshot_label,
)


def facts_sourced(checked: CheckedOperation) -> list[Finding]:
    """Every published fact of the operation names its source document or link."""
    labelled = [
        *((name, name_label) for name in checked.records.names),
        *((office, office_label) for office in checked.records.offices),
        *((mandate, mandate_label) for mandate in checked.records.mandates),
        *(
            (appointment, appointment_label)
            for appointment in checked.records.appointments
        ),
        *(
            (snapshot, snapshot_label)
            for snapshot in checked.records.staffing_snapshots
        ),
        *((figure, figure_label) for figure in checked.records.financial_figures),
    ]
    findings = []
    for record, label in labelled:
        if record.is_sourced:
            continue
        if record.source_note.strip():
            code = "source-not-linked"
            text = _(
                "The source is explained in a note but not linked: add the source "
                "document or a link where it can be checked."
            )
        else:
            code = "unsourced"
            text = _("No source document, link or note is given.")
        findings.append(
            Finding(
                CheckKind.UNSOURCED,
                code,
                Severity.WARNING,
                label(record),
                text,
                admin_edit_url(record),
            )
        )
    return findings
