"""What the register says about a document: the dated facts that rest on it,
and the day it was adopted as the records say."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from fieldops.core.dates import PartialDate
from fieldops.documents.models import Claim, Document

from ..models import (
    Appointment,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationChange,
    OperationName,
    StaffingSnapshot,
    Succession,
)
from .timeline import NAME_CHANGE_TEXT, change_text


@dataclass
class DocumentFact:
    """A dated fact that rests on a document."""

    text: str
    start: PartialDate | None
    operation: FieldOperation
    page: FieldOperationPage | None = None


def _day(value: datetime.date | None) -> PartialDate | None:
    return PartialDate(value, "day") if value else None


def _name(name: OperationName) -> tuple[str, PartialDate | None]:
    return NAME_CHANGE_TEXT[name.change]({"name": name.full_name}), name.start


def _office(office: Office) -> tuple[str, PartialDate | None]:
    place = office.place.nearest_name_on(office.effective_start)[0]
    text = _("%(role)s in %(place)s") % {
        "role": office.get_role_display(),
        "place": place,
    }
    return text, office.start


def _appointment(appointment: Appointment) -> tuple[str, PartialDate | None]:
    text = _("%(post)s: %(person)s") % {
        "post": appointment.post.title,
        "person": appointment.person.name,
    }
    return text, appointment.start or _day(appointment.known_on)


def _figure(figure: FinancialFigure) -> tuple[str, PartialDate | None]:
    text = _("%(measure)s, %(year)s (%(fund)s)") % {
        "measure": figure.get_measure_display(),
        "year": figure.year,
        "fund": figure.get_fund_display(),
    }
    return text[:1].upper() + text[1:], _day(figure.as_of)


def _succession(succession: Succession) -> tuple[str, PartialDate | None]:
    return _("Followed by another operation (%(kind)s)") % {
        "kind": succession.get_kind_display()
    }, None


@dataclass(frozen=True)
class Citation:
    """One way a record cites a document: the model, its foreign key to the
    document, the related objects to read with it, and how the register
    names the record (a text and a date)."""

    model: type[models.Model]
    field: str
    related: tuple[str, ...]
    describe: Callable[[models.Model], tuple[str, PartialDate | None]]
    # The record's operation, from the related objects read with it.
    operation: Callable[[models.Model], FieldOperation] = lambda r: r.operation


# Every foreign key from a published record to the register (a test checks
# that none is missing): a document's facts count each kind that cites it.
CITATIONS = (
    Citation(OperationName, "source", ("operation",), _name),
    Citation(Mandate, "source", ("operation",), lambda m: (_("Mandate"), m.start)),
    Citation(Office, "source", ("operation", "place"), _office),
    Citation(
        OperationChange,
        "decision",
        ("operation",),
        lambda c: (change_text(c), c.date),
    ),
    Citation(
        OperationChange,
        "source",
        ("operation",),
        lambda c: (change_text(c), c.date),
    ),
    Citation(
        Appointment,
        "source",
        ("post__operation", "person"),
        _appointment,
        operation=lambda a: a.post.operation,
    ),
    Citation(
        StaffingSnapshot,
        "source",
        ("operation",),
        lambda s: (_("Staff count"), _day(s.as_of)),
    ),
    Citation(FinancialFigure, "source", ("operation",), _figure),
    Citation(
        Succession,
        "source",
        ("predecessor",),
        _succession,
        operation=lambda s: s.predecessor,
    ),
)


def _read(citation: Citation, **lookup) -> models.QuerySet:
    """The published records of the citation's kind matching `lookup`, with
    what describing them needs (one query, two for offices)."""
    records = citation.model.objects.filter(**lookup)
    if hasattr(records, "live"):
        records = records.live()
    records = records.select_related(*citation.related)
    if citation.model is Office:
        records = records.prefetch_related("place__names")
    return records


def facts_resting_on(document: Document) -> list[DocumentFact]:
    """The published records of every kind that cite `document` (as their
    source or, for a change, as its decision), and the records about which a
    claim cites it, each once, with a link to its operation's profile; in a
    fixed number of queries (one per kind, the claims' records, the pages)."""
    facts: list[DocumentFact] = []
    seen: set[tuple[type, int]] = set()
    for citation in CITATIONS:
        for record in _read(citation, **{citation.field: document}):
            if (citation.model, record.pk) in seen:
                continue
            seen.add((citation.model, record.pk))
            text, start = citation.describe(record)
            facts.append(DocumentFact(text, start, citation.operation(record)))
    facts += _claimed(document, seen)
    pages = FieldOperationPage.objects.live_in_language().filter(
        operation_id__in={f.operation.pk for f in facts}
    )
    by_operation = {page.operation_id: page for page in pages}
    for fact in facts:
        fact.page = by_operation.get(fact.operation.pk)
    return sorted(facts, key=lambda f: f.start.date if f.start else datetime.date.max)


def _claimed(document: Document, seen: set) -> list[DocumentFact]:
    """The records about which a claim citing `document` is made (one query
    for the claims and one per kind of record claimed about)."""
    by_model: dict[type, dict[int, list[Claim]]] = defaultdict(dict)
    for claim in Claim.objects.filter(source=document).select_related("content_type"):
        model = claim.content_type.model_class()
        by_model[model].setdefault(claim.object_id, []).append(claim)
    facts = []
    for citation in CITATIONS:
        claimed = by_model.pop(citation.model, None)
        if not claimed:
            continue
        for record in _read(citation, pk__in=claimed):
            if (citation.model, record.pk) in seen:
                continue
            seen.add((citation.model, record.pk))
            text, start = citation.describe(record)
            values = ", ".join(c.value for c in claimed[record.pk])
            text = _("%(fact)s (a source's claim: %(value)s)") % {
                "fact": text,
                "value": values,
            }
            facts.append(DocumentFact(text, start, citation.operation(record)))
    return facts


def document_adoptions(documents: Iterable[Document]) -> dict[int, PartialDate]:
    """The day each of `documents` was adopted, as the records say, by
    document id: its own adoption date in the register; else the adoption
    date that the published changes citing it as their decision record, when
    they all agree (the same date and precision, for example "December
    1994"). A document that neither says is left out: its adoption is not
    known. One query, none when every document has its own date.

    This is the one rule for a document's adoption on the register's pages."""
    documents = list(documents)
    found = {d.pk: PartialDate(d.adopted_on, "day") for d in documents if d.adopted_on}
    unknown = [d.pk for d in documents if d.pk not in found]
    if not unknown:
        return found
    recorded: dict[int, set[tuple[datetime.date, str]]] = defaultdict(set)
    changes = (
        OperationChange.objects.live()
        .filter(decision_id__in=unknown, adopted_on__isnull=False)
        .values_list("decision_id", "adopted_on", "adopted_on_precision")
    )
    for decision_id, adopted_on, precision in changes:
        recorded[decision_id].add((adopted_on, precision))
    for pk, dates in recorded.items():
        if len(dates) == 1:
            found[pk] = PartialDate(*dates.pop())
    return found
