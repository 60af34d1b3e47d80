"""What the register says about a document: the dated facts that rest on it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fieldops.core.dates import PartialDate
from fieldops.documents.models import Document

from ..models import FieldOperation, FieldOperationPage
from .timeline import NAME_CHANGE_TEXT


@dataclass
class DocumentFact:
    """A dated fact that rests on a document."""

    text: str
    start: PartialDate | None
    operation: FieldOperation
    page: FieldOperationPage | None = None


def facts_resting_on(document: Document) -> list[DocumentFact]:
    """The names, mandates and offices whose source is `document`."""
    facts = []
    names = document.operationname_records.live().select_related("operation")
    for name in names:
        text = NAME_CHANGE_TEXT[name.change]({"name": name.full_name})
        facts.append(DocumentFact(text, name.start, name.operation))
    mandates = document.mandate_records.live().select_related("operation")
    for mandate in mandates:
        facts.append(DocumentFact(_("Mandate"), mandate.start, mandate.operation))
    offices = (
        document.office_records.live()
        .select_related("operation", "place")
        .prefetch_related("place__names")
    )
    for office in offices:
        place = office.place.nearest_name_on(office.effective_start)[0]
        text = _("%(role)s in %(place)s") % {
            "role": office.get_role_display(),
            "place": place,
        }
        facts.append(DocumentFact(text, office.start, office.operation))
    pages = FieldOperationPage.objects.live_in_language().filter(
        operation_id__in={f.operation.pk for f in facts}
    )
    by_operation = {page.operation_id: page for page in pages}
    for fact in facts:
        fact.page = by_operation.get(fact.operation.pk)
    return sorted(facts, key=lambda f: f.start.date if f.start else datetime.date.max)
