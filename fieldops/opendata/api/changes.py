"""A field operation's recorded changes, the claims of sources that disagree,
and the operations before and after it, as the API gives them."""

from __future__ import annotations

from typing import Literal

from django.contrib.contenttypes.models import ContentType
from ninja import Field, Schema

from fieldops.operations.selectors import Lineage

from .common import (
    ISO_PARTIAL_DATE,
    DocumentRef,
    Precision,
    Source,
    absolute,
    document_ref,
    operation_detail_url,
    partial_date,
    source,
)

ChangeKindName = Literal[
    "established",
    "renamed",
    "transformed",
    "replaced",
    "mandate-updated",
    "mandate-extended",
    "mandate-expired",
    "withdrawn",
    "closed",
]


class ChangeRecord(Schema):
    """An event in the operation's life; adoption and effect are kept apart."""

    kind: ChangeKindName
    deciding_body: str = Field(
        description="Who decided it (a code such as permanent-council); empty "
        "when nobody did or it is unknown.",
        examples=["permanent-council"],
    )
    decision: DocumentRef | None
    adopted_on: str | None = Field(pattern=ISO_PARTIAL_DATE)
    adopted_on_precision: Precision | None
    effective_on: str | None = Field(pattern=ISO_PARTIAL_DATE)
    effective_on_precision: Precision | None
    uncertain: bool = Field(description="A date or the decision is inferred.")
    note: str
    source: Source


def change_record(change, request) -> dict:
    """A recorded change (see `ChangeRecord`)."""
    adopted, adopted_precision = partial_date(change.adopted)
    effective, effective_precision = partial_date(change.effective)
    return {
        "kind": change.kind,
        "deciding_body": change.deciding_body,
        "decision": document_ref(change.decision, request) if change.decision else None,
        "adopted_on": adopted,
        "adopted_on_precision": adopted_precision,
        "effective_on": effective,
        "effective_on_precision": effective_precision,
        "uncertain": change.uncertain,
        "note": change.note,
        "source": source(change, request),
    }


class ClaimRecord(Schema):
    """What one source says about one field of a record."""

    record: str = Field(
        description="The kind of record, e.g. operationname.",
        examples=["operationname"],
    )
    record_id: int
    field: str = Field(examples=["valid_from"])
    value: str = Field(
        description="As the dataset writes it: a date as 1998, 1998-07 or "
        "1998-07-23, a number as digits.",
        examples=["1998-07-23"],
    )
    preferred: bool = Field(description="The claim the record's value follows.")
    note: str
    source: Source


def claim_records(found: dict, request) -> list[dict]:
    """Every claim in `found` (ClaimQuerySet.about) where its field has more
    than one claim, by record and field (see `ClaimRecord`)."""
    rows = []
    for claims in found.values():
        if len(claims) < 2:
            continue
        for claim in claims:
            rows.append(
                {
                    "record": ContentType.objects.get_for_id(
                        claim.content_type_id
                    ).model,
                    "record_id": claim.object_id,
                    "field": claim.field,
                    "value": claim.value,
                    "preferred": claim.preferred,
                    "note": claim.note,
                    "source": source(claim, request),
                }
            )
    return rows


class LineageItem(Schema):
    """Another operation this one followed, or was followed by."""

    slug: str
    name: str = Field(description="Its name on the day, or the last before.")
    kind: Literal["continued", "replaced", "split", "merged"]
    source: Source
    profile_url: str | None
    detail_url: str


def lineage_item(item: Lineage, request) -> dict:
    """One operation of the lineage (see `LineageItem`)."""
    page = item.page
    return {
        "slug": item.operation.slug,
        "name": item.label,
        "kind": item.succession.kind,
        "source": source(item.succession, request),
        "profile_url": absolute(request, page.get_url(request=request))
        if page
        else None,
        "detail_url": operation_detail_url(item.operation.slug, request),
    }
