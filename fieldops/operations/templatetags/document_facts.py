"""The parts of the documents register that read the field operations'
records: the facts resting on a document and the day it was adopted as the
records say. The documents app shows them without reading operations itself."""

import datetime

from django import template

from fieldops.core.dates import PartialDate
from fieldops.operations.selectors import document_adoptions, facts_resting_on

register = template.Library()


@register.inclusion_tag("operations/includes/document_facts.html", takes_context=True)
def document_facts(context, document) -> dict:
    """The published records of every kind that cite `document`, each with a
    link to its operation's profile on that day (a fixed number of queries)."""
    # The request makes the profiles' addresses relative to the site shown.
    return {"facts": facts_resting_on(document), "request": context.get("request")}


@register.simple_tag
def document_adoption(document) -> PartialDate | None:
    """The day `document` was adopted, as the records say (see
    operations.selectors.document_adoptions); None if not known."""
    return document_adoptions([document]).get(document.pk)


@register.simple_tag
def register_rows(documents) -> list[tuple]:
    """The register's `documents`, each as (document, adoption as the records
    say or None), by that adoption, those not known last, then by symbol;
    one query."""
    documents = list(documents)
    adopted = document_adoptions(documents)
    rows = [(document, adopted.get(document.pk)) for document in documents]
    rows.sort(
        key=lambda row: (
            row[1] is None,
            row[1].date if row[1] else datetime.date.max,
            row[0].symbol,
        )
    )
    return rows
