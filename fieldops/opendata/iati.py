"""IATI organisation files, standard 2.03 (https://iatistandard.org/en/iati-standard/203/).

One ``iati-organisation`` per field operation, reported by the organisation itself.

Choices, where the standard leaves them to the publisher:

- Identifier: ``FIELDOPS_IATI_ORGANISATION_ID`` + "-" + the operation's slug, and the
  organisation's own identifier as ``reporting-org/@ref``. With no identifier
  configured, both are left empty: the file still validates against the schema,
  but an identifier is only valid once the IATI registration agencies have issued
  it, so none is made up. Set the setting before publishing to the IATI Registry.
- ``reporting-org/@type`` 40 (multilateral): an intergovernmental organisation.
- ``total-budget`` per year and currency from the "approved" and "available"
  figures (one ``budget-line`` per fund; "approved" wins over "available" for the
  same fund and year). Its status is 2 (committed) when every line rests on an
  approved budget, else 1 (indicative): a provisional expenditure authorization is
  spending allowed while no budget for the year is adopted, following an earlier
  year's budget, so it is not the year's committed budget.
- ``total-expenditure`` per year and currency from the "expenditure" figures, one
  ``expense-line`` per fund.
- Only figures reported by the described day count, and of each (year, fund,
  measure) the latest report.
- ``document-link`` for every published document the operation's facts rest on.
  Category B03 (country strategy paper) for decisions, journals and budget papers:
  they set up a presence in one country and give it its mandate and means, the
  nearest organisation-level code; B01 (annual report) for reports.
- An empty list of operations still gives a valid file: the organisation itself
  is then its only ``iati-organisation`` (the schema requires one).
"""

from __future__ import annotations

import datetime
import mimetypes
import xml.etree.ElementTree as ET  # noqa: S405  (builds XML, never parses it)
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fieldops.core.models import started_by
from fieldops.documents.models import Document, DocumentKind
from fieldops.operations.models import (
    Basis,
    FieldOperation,
    FinancialFigure,
    Fund,
    Mandate,
    Measure,
    Office,
    OperationName,
    StaffingSnapshot,
)

from .popolo import document_url, name_on
from .provenance import Provenance

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORGANISATION_TYPE_MULTILATERAL = "40"
BUDGET_INDICATIVE = "1"
BUDGET_COMMITTED = "2"
CATEGORY_BY_KIND = {
    DocumentKind.DECISION: "B03",
    DocumentKind.JOURNAL: "B03",
    DocumentKind.BUDGET: "B03",
    DocumentKind.REPORT: "B01",
    DocumentKind.OTHER: "B03",
}
BUDGET_MEASURES = (Measure.APPROVED, Measure.AVAILABLE)


def organisation_identifier(operation: FieldOperation | None = None) -> str:
    """The IATI identifier of an operation (or of the organisation): empty when
    the organisation has none configured."""
    base = settings.FIELDOPS_IATI_ORGANISATION_ID
    if not base or operation is None:
        return base
    return f"{base}-{operation.slug}"


def _load(operations: Sequence[FieldOperation], day: datetime.date):
    def sourced(model, **filters):
        return model.objects.live().filter(**filters).select_related("source")

    loaded = FieldOperation.objects.filter(
        pk__in=[o.pk for o in operations]
    ).prefetch_related(
        Prefetch("names", sourced(OperationName).order_by("valid_from")),
        Prefetch("offices", sourced(Office)),
        Prefetch("mandates", sourced(Mandate)),
        Prefetch(
            "financial_figures",
            sourced(FinancialFigure, as_of__lte=day).order_by("year", "as_of"),
        ),
        Prefetch("staffing_snapshots", sourced(StaffingSnapshot, as_of__lte=day)),
    )
    by_pk = {operation.pk: operation for operation in loaded}
    return [by_pk[o.pk] for o in operations if o.pk in by_pk]


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _narrative(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, "narrative").text = text


def _stamp(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _latest_figures(figures) -> list[FinancialFigure]:
    """Of each (year, fund, measure), the latest report (figures come by as_of)."""
    latest = {}
    for figure in figures:
        latest[(figure.year, figure.fund, figure.measure)] = figure
    return list(latest.values())


def _budget_lines(figures: list[FinancialFigure]) -> list[FinancialFigure]:
    """One budget figure per year and fund: the approved budget if there is one."""
    chosen: dict[tuple[int, str], FinancialFigure] = {}
    for figure in figures:
        if figure.measure not in BUDGET_MEASURES:
            continue
        key = (figure.year, figure.fund)
        if key not in chosen or figure.measure == Measure.APPROVED:
            chosen[key] = figure
    return list(chosen.values())


def line_narrative(figure: FinancialFigure) -> str:
    """What a budget or expense line is, in words: fund, measure and basis."""
    basis = str(figure.get_basis_display())
    if figure.based_on:
        basis = _("%(basis)s following the %(budget)s") % {
            "basis": basis,
            "budget": figure.based_on,
        }
    if figure.measure == Measure.EXPENDITURE:
        text = _("%(fund)s: %(basis)s") % {
            "fund": figure.get_fund_display(),
            "basis": basis,
        }
    else:
        text = _("%(fund)s, %(measure)s: %(basis)s") % {
            "fund": figure.get_fund_display(),
            "measure": figure.get_measure_display(),
            "basis": basis,
        }
    return text[:1].upper() + text[1:]


def _by_year_and_currency(figures):
    groups = defaultdict(list)
    for figure in figures:
        groups[(figure.year, figure.currency)].append(figure)
    funds = list(Fund.values)
    return [
        (year, currency, sorted(lines, key=lambda f: funds.index(f.fund)))
        for (year, currency), lines in sorted(groups.items())
    ]


def _value(parent: ET.Element, amount: Decimal, currency: str, day: datetime.date):
    value = ET.SubElement(
        parent, "value", {"currency": currency, "value-date": day.isoformat()}
    )
    value.text = str(amount)


def _period(parent: ET.Element, year: int) -> None:
    ET.SubElement(parent, "period-start", {"iso-date": f"{year:04d}-01-01"})
    ET.SubElement(parent, "period-end", {"iso-date": f"{year:04d}-12-31"})


def _totals(parent, figures, element: str, line_element: str, status=None) -> None:
    for year, currency, lines in _by_year_and_currency(figures):
        attributes = {}
        if status:
            committed = all(f.basis == Basis.APPROVED for f in lines)
            attributes["status"] = BUDGET_COMMITTED if committed else BUDGET_INDICATIVE
        total = ET.SubElement(parent, element, attributes)
        _period(total, year)
        as_of = max(f.as_of for f in lines)
        _value(total, sum((f.amount for f in lines), Decimal(0)), currency, as_of)
        for figure in lines:
            line = ET.SubElement(total, line_element, {"ref": figure.fund})
            _value(line, figure.amount, figure.currency, figure.as_of)
            _narrative(line, line_narrative(figure))


def _documents(operation, day: datetime.date) -> list[Document]:
    records = [
        *started_by(operation.names.all(), day),
        *started_by(operation.offices.all(), day),
        *started_by(operation.mandates.all(), day),
        *operation.financial_figures.all(),
        *operation.staffing_snapshots.all(),
    ]
    documents = {r.source.pk: r.source for r in records if r.source_id}
    found = [d for d in documents.values() if d.live]
    return sorted(found, key=lambda d: (d.adopted_on or datetime.date.max, d.symbol))


def _document_link(parent, document: Document, provenance: Provenance) -> None:
    url = document_url(document, provenance)
    mime = "text/html"
    if document.url:
        mime = mimetypes.guess_type(document.url)[0] or mime
    link = ET.SubElement(parent, "document-link", {"url": url, "format": mime})
    _narrative(ET.SubElement(link, "title"), document.title)
    if document.summary:
        _narrative(ET.SubElement(link, "description"), document.summary)
    ET.SubElement(link, "category", {"code": CATEGORY_BY_KIND[document.kind]})
    ET.SubElement(link, "language", {"code": _language()})
    if document.adopted_on:
        ET.SubElement(
            link, "document-date", {"iso-date": document.adopted_on.isoformat()}
        )


def _last_updated(operation, provenance: Provenance) -> datetime.datetime:
    records = [
        operation,
        *operation.names.all(),
        *operation.offices.all(),
        *operation.mandates.all(),
        *operation.financial_figures.all(),
        *operation.staffing_snapshots.all(),
    ]
    moments = [r.last_published_at for r in records if r.last_published_at]
    return max(moments, default=provenance.extracted_at)


def _reporting_org(parent: ET.Element) -> None:
    reporting = ET.SubElement(
        parent,
        "reporting-org",
        {"ref": organisation_identifier(), "type": ORGANISATION_TYPE_MULTILATERAL},
    )
    _narrative(reporting, settings.FIELDOPS_ORGANISATION_NAME)


def _organisation_element(root, identifier, name, updated, currency=None):
    attributes = {"last-updated-datetime": _stamp(updated), XML_LANG: _language()}
    if currency:
        attributes["default-currency"] = currency
    organisation = ET.SubElement(root, "iati-organisation", attributes)
    ET.SubElement(organisation, "organisation-identifier").text = identifier
    _narrative(ET.SubElement(organisation, "name"), name)
    _reporting_org(organisation)
    return organisation


def _provenance_comment(provenance: Provenance) -> ET.Element:
    """The provenance every export states, as a comment: IATI has no element for
    the licence or the described day (a comment may not hold "--")."""
    lines = [f"{key}: {value}" for key, value in provenance.as_dict().items()]
    text = "\n".join(line.replace("--", "- -") for line in lines)
    return ET.Comment(f"\n{text}\n")


def iati_organisations(
    operations: Sequence[FieldOperation], day: datetime.date, provenance: Provenance
) -> bytes:
    """One iati-organisations XML document with an iati-organisation per operation."""
    root = ET.Element(
        "iati-organisations",
        {"version": VERSION, "generated-datetime": _stamp(provenance.extracted_at)},
    )
    for operation in _load(operations, day):
        name = name_on(started_by(operation.names.all(), day), day)
        if name is None:
            continue  # not established yet on that day
        figures = _latest_figures(operation.financial_figures.all())
        currencies = [f.currency for f in figures]
        organisation = _organisation_element(
            root,
            organisation_identifier(operation),
            name.full_name,
            _last_updated(operation, provenance),
            max(set(currencies), key=currencies.count) if currencies else None,
        )
        # The schema fixes the order: budgets, then expenditure, then documents.
        _totals(organisation, _budget_lines(figures), "total-budget", "budget-line", 1)
        spent = [f for f in figures if f.measure == Measure.EXPENDITURE]
        _totals(organisation, spent, "total-expenditure", "expense-line")
        for document in _documents(operation, day):
            _document_link(organisation, document, provenance)
    if not len(root):
        _organisation_element(
            root,
            organisation_identifier(),
            settings.FIELDOPS_ORGANISATION_NAME,
            provenance.extracted_at,
        )
    root.insert(0, _provenance_comment(provenance))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
