"""What is known only in part (warnings): facts on which sources disagree,
stretches of more than a year with no head known, and figures whose report
date is not known."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fieldops.core.dates import PartialDate
from fieldops.documents.claims import read_claim_value
from fieldops.operations.selectors import closed_on

from ..findings import CheckKind, Finding, Severity
from ..links import admin_edit_url
from ..selectors import CheckedOperation
from .labels import (
    appointment_label,
    day_label,
    figure_label,
    mandate_label,
    name_label,
    office_label,
    snapshot_label,
    subject,
)

# A stretch without a known head longer than this is reported.
HEAD_UNKNOWN_FOR = datetime.timedelta(days=365)


def _labelled(checked: CheckedOperation) -> list:
    records = checked.records
    return [
        *((name, name_label) for name in records.names),
        *((office, office_label) for office in records.offices),
        *((mandate, mandate_label) for mandate in records.mandates),
        *((a, appointment_label) for a in records.appointments),
        *((s, snapshot_label) for s in records.staffing_snapshots),
        *((f, figure_label) for f in records.financial_figures),
        *(
            (c, lambda c: subject(c, str(c.get_kind_display())))
            for c in records.changes
        ),
    ]


def _shown(model, field: str, value: str) -> str:
    try:
        return str(read_claim_value(model, field, value))
    except ValidationError:  # a value that fits no field is shown as given
        return value


def _claim_text(model, claim) -> str:
    where = (
        claim.source.title
        if claim.source
        else claim.source_url or _("source not given")
    )
    text = _("%(value)s (%(source)s)") % {
        "value": _shown(model, claim.field, claim.value),
        "source": where,
    }
    return _("%(claim)s, preferred") % {"claim": text} if claim.preferred else text


def facts_disputed(checked: CheckedOperation) -> list[Finding]:
    """Every field of a published fact on which two claims differ, with what
    each source says and links to the sources."""
    by_record = defaultdict(list)
    for (kind, object_id, field), claims in (checked.records.claims or {}).items():
        if len({claim.value for claim in claims}) > 1:
            by_record[(kind, object_id)].append((field, claims))
    findings = []
    for record, label in _labelled(checked):
        type_id = ContentType.objects.get_for_model(record).pk
        for field, claims in by_record.get((type_id, record.pk), []):
            findings.append(_disputed(record, label(record), field, claims))
    return findings


def _disputed(record, label: str, field: str, claims: list) -> Finding:
    model = type(record)
    names = {f.name: f for f in model._meta.concrete_fields}
    message = _("Sources disagree on “%(field)s”: %(claims)s.") % {
        "field": names[field].verbose_name if field in names else field,
        "claims": "; ".join(_claim_text(model, c) for c in claims),
    }
    links = tuple(
        (c.source.get_absolute_url(), c.source.title)
        if c.source
        else (c.source_url, c.source_url)
        for c in claims
        if c.source or c.source_url
    )
    return Finding(
        CheckKind.DISPUTED,
        "disputed",
        Severity.WARNING,
        label,
        message,
        admin_edit_url(record),
        links=links,
    )


def _known_spans(heads) -> list[tuple[datetime.date, datetime.date]]:
    spans = []
    for head in heads:
        if head.is_observation:
            spans.append((head.known_on, head.known_on + datetime.timedelta(days=1)))
        else:
            spans.append((head.effective_start, head.effective_end))
    return sorted(spans)


def head_known(checked: CheckedOperation) -> list[Finding]:
    """Where the operation has a head's post: no stretch of more than a year,
    between its establishment and its closure (or today), with no head known
    (appointments known only on one day count for that day only)."""
    start = checked.established_on
    if not checked.head_posts or start is None:
        return []
    closing = closed_on(checked.operation)
    until = closing.date if closing else checked.today
    covered, stretches = start, []
    for span_start, span_end in _known_spans(checked.heads):
        if span_start - covered > HEAD_UNKNOWN_FOR:
            stretches.append((covered, min(span_start, until)))
        covered = max(covered, span_end)
    if until - covered > HEAD_UNKNOWN_FOR:
        stretches.append((covered, until))
    return [
        Finding(
            CheckKind.GAP,
            "head-unknown",
            Severity.WARNING,
            _("Head of the operation"),
            _("No head is known from %(start)s until %(end)s, more than a year.")
            % {"start": day_label(begin), "end": day_label(end)},
            None,
        )
        for begin, end in stretches
        if begin < until
    ]


def figures_dated(checked: CheckedOperation) -> list[Finding]:
    """Every published financial figure says on which day it was reported."""
    return [
        Finding(
            CheckKind.UNDATED,
            "figure-undated",
            Severity.WARNING,
            figure_label(figure),
            _(
                "The date of the report is not known: the figure counts from "
                "%(day)s, the start of its year."
            )
            % {"day": PartialDate(figure.known_from)},
            admin_edit_url(figure),
        )
        for figure in checked.records.financial_figures
        if figure.as_of is None
    ]
