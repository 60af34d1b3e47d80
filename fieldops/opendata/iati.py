"""The IATI organisation file, standard 2.03 (https://iatistandard.org/en/iati-standard/203/).

IATI's model is one organisation file per reporting organisation, so there is
one ``iati-organisation``: the organisation itself, reporting on itself. Its
field operations are not organisations of their own in IATI: their money is the
organisation's ``recipient-country-budget`` in their host countries.

Choices, where the standard leaves them to the publisher:

- Identifier: ``FIELDOPS_IATI_ORGANISATION_ID`` as ``organisation-identifier``
  and as ``reporting-org/@ref``. An identifier is only valid once an IATI
  registration agency has issued it, so none is made up: without one (or with
  one that is not of the form ``XX-AGENCY-number``) there is no IATI file
  (`identifier_problem` says why) and the data-health page says so.
- ``reporting-org/@type`` 40 (multilateral): an intergovernmental organisation.
- Budgets come from the "approved" and "available" figures: one budget line per
  field operation, year and fund, "approved" winning over "available" for the
  same fund and year, and of each figure the latest report by the described day.
  A line is committed (status 2) when it rests on an approved budget, else
  indicative (1): a provisional expenditure authorization is spending allowed
  while no budget for the year is adopted, so it is not the year's committed
  budget.
- Amounts are only added up within one currency and one status: ``total-budget``
  per year, currency and status (the sum over every operation), and
  ``recipient-country-budget`` per host country, year, currency and status (the
  sum over the operations in that country). Nothing is converted: a year with
  figures in two currencies has two totals. Each total lists what it adds up as
  ``budget-line`` (one per operation and fund, named in its narrative).
- ``total-expenditure`` per year and currency from the "expenditure" figures,
  one ``expense-line`` per operation and fund.
- The organisation's totals are the sums of its field operations' figures kept
  here; a budget line's narrative names the operation it comes from.
- An operation whose host country has no code in IATI's Country codelist (ISO
  3166-1 alpha-2, plus XK for Kosovo) counts in the totals only.
- Periods are calendar years (a figure's year). ``value-date`` is the day the
  figure was reported, moved into the period when reported before or after it
  (IATI wants it inside the period).
- ``document-link`` for every published document the operations' facts rest on,
  with the host countries of the operations that rest on it. Category B03
  (country strategy paper) for decisions, journals and budget papers: they set up
  a presence in one country and give it its mandate and means, the nearest
  organisation-level code; B01 (annual report) for reports.
"""

from __future__ import annotations

import datetime
import mimetypes
import re
import xml.etree.ElementTree as ET  # noqa: S405  (builds XML, never parses it)
from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal

import pycountry
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
# A registration agency's prefix (country or XI/XM, then the agency), then the
# number that agency issued: XM-DAC-41114, GB-COH-01234567, XI-IATI-EC_DEVCO.
IDENTIFIER_FORM = re.compile(r"[A-Z]{2}-[A-Za-z0-9]+-[A-Za-z0-9_.-]+")
# IATI's Country codelist is ISO 3166-1 alpha-2 with XK (Kosovo) added.
IATI_EXTRA_COUNTRIES = frozenset({"XK"})


class IatiUnavailable(Exception):
    """There is no IATI file to give: the message says why."""


def organisation_identifier() -> str:
    """The organisation's IATI identifier as configured, stripped; may be empty
    or malformed (see `identifier_problem`)."""
    return (settings.FIELDOPS_IATI_ORGANISATION_ID or "").strip()


def identifier_problem() -> str | None:
    """Why no IATI file can be published (a translated sentence), or None when
    `FIELDOPS_IATI_ORGANISATION_ID` holds an identifier of IATI's form."""
    identifier = organisation_identifier()
    if not identifier:
        return _(
            "No IATI file is published: IATI files must name the organisation by "
            "the identifier an IATI registration agency issued to it, and none is "
            "configured (FIELDOPS_IATI_ORGANISATION_ID)."
        )
    if not IDENTIFIER_FORM.fullmatch(identifier):
        return _(
            "No IATI file is published: the configured organisation identifier "
            "(FIELDOPS_IATI_ORGANISATION_ID) is not of IATI's form: an agency "
            "prefix and the number it issued, such as XM-DAC-41114."
        )
    return None


def is_iati_country(code: str) -> bool:
    """Whether `code` is in IATI's Country codelist (ISO 3166-1 alpha-2 and XK)."""
    if code in IATI_EXTRA_COUNTRIES:
        return True
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


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
            sourced(FinancialFigure, as_of__lte=day).order_by("year", "as_of", "pk"),
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


def _status(figure: FinancialFigure) -> str:
    return BUDGET_COMMITTED if figure.basis == Basis.APPROVED else BUDGET_INDICATIVE


class _Line:
    """One operation's figure, as a line of a total."""

    def __init__(self, operation, name: str, figure: FinancialFigure):
        self.operation = operation
        self.name = name
        self.figure = figure

    @property
    def ref(self) -> str:
        # An internal reference of the line (IATI's budget-line/@ref), not an
        # identifier of any organisation.
        return f"{self.operation.slug}-{self.figure.fund}"

    @property
    def narrative(self) -> str:
        return f"{self.name}: {line_narrative(self.figure)}"


def _grouped(lines: list[_Line], key) -> list[tuple[tuple, list[_Line]]]:
    """The lines grouped by `key(line)`, in key order; within a group by
    operation and fund."""
    groups = defaultdict(list)
    for line in lines:
        groups[key(line)].append(line)
    funds = list(Fund.values)
    return [
        (
            group,
            sorted(
                items, key=lambda li: (li.operation.slug, funds.index(li.figure.fund))
            ),
        )
        for group, items in sorted(groups.items())
    ]


def _value_date(day: datetime.date, year: int) -> datetime.date:
    """`day` moved into the calendar `year`: IATI wants the value date inside the
    period."""
    return min(max(day, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def _value(parent: ET.Element, amount: Decimal, currency: str, day: datetime.date):
    value = ET.SubElement(
        parent, "value", {"currency": currency, "value-date": day.isoformat()}
    )
    value.text = str(amount)


def _period(parent: ET.Element, year: int) -> None:
    ET.SubElement(parent, "period-start", {"iso-date": f"{year:04d}-01-01"})
    ET.SubElement(parent, "period-end", {"iso-date": f"{year:04d}-12-31"})


def _total(
    parent, element, attributes, year, currency, lines, line_element, country=None
):
    total = ET.SubElement(parent, element, attributes)
    if country:
        ET.SubElement(total, "recipient-country", {"code": country})
    _period(total, year)
    reported = max(line.figure.as_of for line in lines)
    amount = sum((line.figure.amount for line in lines), Decimal(0))
    _value(total, amount, currency, _value_date(reported, year))
    for line in lines:
        item = ET.SubElement(total, line_element, {"ref": line.ref})
        figure = line.figure
        _value(item, figure.amount, currency, _value_date(figure.as_of, year))
        _narrative(item, line.narrative)


def _budgets(parent, lines: list[_Line]) -> None:
    """total-budget, then recipient-country-budget (the schema's order)."""
    for (year, currency, status), group in _grouped(
        lines, lambda li: (li.figure.year, li.figure.currency, _status(li.figure))
    ):
        _total(
            parent,
            "total-budget",
            {"status": status},
            year,
            currency,
            group,
            "budget-line",
        )
    in_countries = [
        li for li in lines if is_iati_country(li.operation.host_country.code)
    ]
    for (country, year, currency, status), group in _grouped(
        in_countries,
        lambda li: (
            li.operation.host_country.code,
            li.figure.year,
            li.figure.currency,
            _status(li.figure),
        ),
    ):
        _total(
            parent,
            "recipient-country-budget",
            {"status": status},
            year,
            currency,
            group,
            "budget-line",
            country=country,
        )


def _expenditure(parent, lines: list[_Line]) -> None:
    for (year, currency), group in _grouped(
        lines, lambda li: (li.figure.year, li.figure.currency)
    ):
        _total(parent, "total-expenditure", {}, year, currency, group, "expense-line")


def _documents(operation, day: datetime.date) -> list[Document]:
    records = [
        *started_by(operation.names.all(), day),
        *started_by(operation.offices.all(), day),
        *started_by(operation.mandates.all(), day),
        *operation.financial_figures.all(),
        *operation.staffing_snapshots.all(),
    ]
    documents = {r.source.pk: r.source for r in records if r.source_id}
    return [d for d in documents.values() if d.live]


def _document_link(parent, document, countries, provenance: Provenance) -> None:
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
    for code in sorted(countries):
        ET.SubElement(link, "recipient-country", {"code": code})


def _last_updated(operations, provenance: Provenance) -> datetime.datetime:
    records = [
        record
        for operation in operations
        for record in (
            operation,
            *operation.names.all(),
            *operation.offices.all(),
            *operation.mandates.all(),
            *operation.financial_figures.all(),
            *operation.staffing_snapshots.all(),
        )
    ]
    moments = [r.last_published_at for r in records if r.last_published_at]
    return max(moments, default=provenance.extracted_at)


def _provenance_comment(provenance: Provenance) -> ET.Element:
    """The provenance every export states, as a comment: IATI has no element for
    the licence or the described day (a comment may not hold "--")."""
    lines = [f"{key}: {value}" for key, value in provenance.as_dict().items()]
    text = "\n".join(line.replace("--", "- -") for line in lines)
    return ET.Comment(f"\n{text}\n")


def iati_organisation(
    operations: Sequence[FieldOperation], day: datetime.date, provenance: Provenance
) -> bytes:
    """The organisation's IATI 2.03 organisation file (UTF-8 XML) with the money
    and documents of `operations` as they stood on `day`, in a fixed number of
    queries. Amounts are in the figures' own currencies, never converted.

    Raises IatiUnavailable (with the reason) when no valid organisation
    identifier is configured: fieldops publishes no identifier it was not given.
    """
    problem = identifier_problem()
    if problem:
        raise IatiUnavailable(problem)
    identifier = organisation_identifier()
    budgets, spent, documents = [], [], {}
    countries = defaultdict(set)
    loaded = []
    for operation in _load(operations, day):
        name = name_on(started_by(operation.names.all(), day), day)
        if name is None:
            continue  # not established yet on that day
        loaded.append(operation)
        figures = _latest_figures(operation.financial_figures.all())
        budgets += [_Line(operation, name.full_name, f) for f in _budget_lines(figures)]
        spent += [
            _Line(operation, name.full_name, f)
            for f in figures
            if f.measure == Measure.EXPENDITURE
        ]
        for document in _documents(operation, day):
            documents[document.pk] = document
            if is_iati_country(operation.host_country.code):
                countries[document.pk].add(operation.host_country.code)

    root = ET.Element(
        "iati-organisations",
        {"version": VERSION, "generated-datetime": _stamp(provenance.extracted_at)},
    )
    root.append(_provenance_comment(provenance))
    attributes = {
        "last-updated-datetime": _stamp(_last_updated(loaded, provenance)),
        XML_LANG: _language(),
    }
    currencies = Counter(line.figure.currency for line in budgets + spent)
    if currencies:
        attributes["default-currency"] = currencies.most_common(1)[0][0]
    organisation = ET.SubElement(root, "iati-organisation", attributes)
    ET.SubElement(organisation, "organisation-identifier").text = identifier
    _narrative(ET.SubElement(organisation, "name"), settings.FIELDOPS_ORGANISATION_NAME)
    reporting = ET.SubElement(
        organisation,
        "reporting-org",
        {"ref": identifier, "type": ORGANISATION_TYPE_MULTILATERAL},
    )
    _narrative(reporting, settings.FIELDOPS_ORGANISATION_NAME)
    _budgets(organisation, budgets)
    _expenditure(organisation, spent)
    for document in sorted(
        documents.values(), key=lambda d: (d.adopted_on or datetime.date.max, d.symbol)
    ):
        _document_link(organisation, document, countries[document.pk], provenance)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
