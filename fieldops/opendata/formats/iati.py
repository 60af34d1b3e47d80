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
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fieldops.core.models import started_by
from fieldops.documents.models import Document, DocumentKind
from fieldops.operations.models import FieldOperation
from fieldops.operations.selectors import published_records

from ..provenance import Provenance
from .common import document_url
from .iati_budgets import (
    Line,
    budgets,
    expenditure,
    is_iati_country,
    narrative,
    operation_lines,
)

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What the file reads of each operation (see published_records): the records
# whose documents it links, and the figures reported by the day.
PARTS = ("names", "offices", "mandates", "staffing", "figures")
ORGANISATION_TYPE_MULTILATERAL = "40"
CATEGORY_BY_KIND = {
    DocumentKind.DECISION: "B03",
    DocumentKind.JOURNAL: "B03",
    DocumentKind.BUDGET: "B03",
    DocumentKind.REPORT: "B01",
    DocumentKind.OTHER: "B03",
}
# A registration agency's prefix (country or XI/XM, then the agency), then the
# number that agency issued: XM-DAC-41114, GB-COH-01234567, XI-IATI-EC_DEVCO.
IDENTIFIER_FORM = re.compile(r"[A-Z]{2}-[A-Za-z0-9]+-[A-Za-z0-9_.-]+")


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


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _stamp(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


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
    narrative(ET.SubElement(link, "title"), document.title)
    if document.summary:
        narrative(ET.SubElement(link, "description"), document.summary)
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


@dataclass
class _Contents:
    """What the file holds: the operations established on the day, their budget
    and expense lines, and the documents their facts rest on (by id), with the
    host countries of the operations resting on each."""

    operations: list[FieldOperation] = field(default_factory=list)
    budgets: list[Line] = field(default_factory=list)
    spent: list[Line] = field(default_factory=list)
    documents: dict[int, Document] = field(default_factory=dict)
    countries: defaultdict[int, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )


def _contents(operations, day: datetime.date) -> _Contents:
    contents = _Contents()
    for records in published_records(operations, day=day, parts=PARTS):
        operation = records.operation
        name = operation.last_name_by(day)
        if name is None:
            continue  # not established yet on that day
        contents.operations.append(operation)
        budget, spent = operation_lines(operation, name.full_name)
        contents.budgets += budget
        contents.spent += spent
        for document in _documents(operation, day):
            contents.documents[document.pk] = document
            if is_iati_country(operation.host_country.code):
                contents.countries[document.pk].add(operation.host_country.code)
    return contents


def _organisation(
    root: ET.Element, identifier: str, contents: _Contents, provenance: Provenance
) -> ET.Element:
    """The iati-organisation element, up to its reporting-org."""
    attributes = {
        "last-updated-datetime": _stamp(_last_updated(contents.operations, provenance)),
        XML_LANG: _language(),
    }
    lines = contents.budgets + contents.spent
    currencies = Counter(line.figure.currency for line in lines)
    if currencies:
        attributes["default-currency"] = currencies.most_common(1)[0][0]
    organisation = ET.SubElement(root, "iati-organisation", attributes)
    ET.SubElement(organisation, "organisation-identifier").text = identifier
    narrative(ET.SubElement(organisation, "name"), settings.FIELDOPS_ORGANISATION_NAME)
    reporting = ET.SubElement(
        organisation,
        "reporting-org",
        {"ref": identifier, "type": ORGANISATION_TYPE_MULTILATERAL},
    )
    narrative(reporting, settings.FIELDOPS_ORGANISATION_NAME)
    return organisation


def iati_organisation(
    operations: QuerySet[FieldOperation] | Sequence[FieldOperation],
    day: datetime.date,
    provenance: Provenance,
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
    contents = _contents(operations, day)
    root = ET.Element(
        "iati-organisations",
        {"version": VERSION, "generated-datetime": _stamp(provenance.extracted_at)},
    )
    root.append(_provenance_comment(provenance))
    organisation = _organisation(root, organisation_identifier(), contents, provenance)
    budgets(organisation, contents.budgets)
    expenditure(organisation, contents.spent)
    for document in sorted(
        contents.documents.values(),
        key=lambda d: (d.adopted_on or datetime.date.max, d.symbol),
    ):
        link_countries = contents.countries[document.pk]
        _document_link(organisation, document, link_countries, provenance)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
