"""/documents: the register of official documents and the facts resting on each."""

# No "from __future__ import annotations": ninja reads the parameters' types
# through the pagination wrapper, whose globals are not this module's.
import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from fieldops.documents.models import Document
from fieldops.operations.selectors import DocumentFact, facts_resting_on

from .common import (
    ANSWERS,
    ISO_PARTIAL_DATE,
    SLUG_PATTERN,
    DocumentRef,
    Meta,
    Page,
    Precision,
    absolute,
    answer_meta,
    document_ref,
    operation_detail_url,
    partial_date,
    refuse_as_of,
)
from .pagination import PAGE, PAGE_SIZE, NumberedPages

router = Router(tags=["Documents"])


class DocumentItem(DocumentRef):
    issuing_body: str = Field(examples=["Permanent Council"])
    kind: Literal["decision", "journal", "budget", "report", "other"]
    number: str
    adopted_on: datetime.date | None
    summary: str
    file_url: str | None = Field(description="An uploaded copy of the text, if any.")


class DocumentList(Page):
    items: list[DocumentItem]


class OperationRef(Schema):
    slug: str
    detail_url: str


class Fact(Schema):
    """A dated fact that rests on the document."""

    text: str = Field(examples=["Established as OSCE Centre in Almaty"])
    start: str | None = Field(pattern=ISO_PARTIAL_DATE)
    start_precision: Precision | None
    operation: OperationRef
    profile_url: str | None = Field(
        description="The operation's profile as it stood when the fact began."
    )


class DocumentDetail(DocumentItem):
    facts: list[Fact]


class DocumentAnswer(Schema):
    meta: Meta
    data: DocumentDetail


def document_item(document: Document, request) -> dict:
    """A document as the register lists it (see `DocumentItem`)."""
    return {
        **document_ref(document, request),
        "issuing_body": document.issuing_body,
        "kind": document.kind,
        "number": document.number,
        "adopted_on": document.adopted_on,
        "summary": document.summary,
        "file_url": absolute(request, document.file.url) if document.file else None,
    }


def _fact(fact: DocumentFact, request) -> dict:
    start, precision = partial_date(fact.start)
    profile_url = None
    if fact.page:
        query = f"?as_of={fact.start.date.isoformat()}" if fact.start else ""
        profile_url = absolute(request, fact.page.get_url(request=request))
        profile_url += query
    return {
        "text": fact.text,
        "start": start,
        "start_precision": precision,
        "operation": {
            "slug": fact.operation.slug,
            "detail_url": operation_detail_url(fact.operation.slug, request),
        },
        "profile_url": profile_url,
    }


def document_detail(document: Document, facts: list[DocumentFact], request) -> dict:
    """The document and the facts that rest on it (see `DocumentDetail`)."""
    return {
        **document_item(document, request),
        "facts": [_fact(fact, request) for fact in facts],
    }


@router.get(
    "",
    response={200: DocumentList, **ANSWERS},
    summary="List the documents",
    description=(
        "The register of official documents that facts rest on, by adoption date "
        "(unknown dates last), then by symbol."
    ),
    url_name="document_list",
    # Pinned: clients generated from the spec name their methods after it.
    operation_id="fieldops_opendata_api_list_documents",
)
@paginate(NumberedPages, item=document_item)
def list_documents(request, page: int = PAGE, page_size: int = PAGE_SIZE):
    """The register of documents, a page of it."""
    refuse_as_of(request)
    return Document.objects.register().select_related("file")


@router.get(
    "/{slug}",
    response={200: DocumentAnswer, **ANSWERS},
    summary="Show a document",
    description="A document of the register and the dated facts that rest on it.",
    url_name="document_detail",
    operation_id="fieldops_opendata_api_get_document",
)
def get_document(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=100, example="pc-dec-243"),
):
    """One document and the facts that rest on it."""
    day = refuse_as_of(request)
    try:
        document = Document.objects.register().select_related("file").get(slug=slug)
    except Document.DoesNotExist:
        message = _("There is no published document with this slug.")
        raise HttpError(404, message) from None
    data = document_detail(document, facts_resting_on(document), request)
    return {"meta": answer_meta(request, day), "data": data}
