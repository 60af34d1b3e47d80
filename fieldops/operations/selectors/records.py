"""One loader of the published records of field operations, for every output:
the profile and the list, the API, the open-data exports and the data health."""

from __future__ import annotations

import copy
import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from fieldops.documents.models import Claim

from ..models import (
    Appointment,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    HostStateName,
    Mandate,
    Office,
    OperationChange,
    OperationName,
    PlaceName,
    Post,
    StaffingLine,
    StaffingSnapshot,
    Succession,
)

# What published_records() can load, one query each (see its docstring).
PARTS = frozenset(
    {
        "names",
        "offices",
        "places",
        "mandates",
        "posts",
        "appointments",
        "staffing",
        "lines",
        "figures",
        "page",
        "pages",
        "changes",
        "host_names",
        "successions",
        "claims",
    }
)


@dataclass
class OperationRecords:
    """The published records of one field operation, as published_records()
    loaded them. A part that was not asked for is None.

    The operation's own related managers answer from the same rows without a
    query: `operation.names`, `.offices`, `.mandates`, `.posts`,
    `.staffing_snapshots` and `.financial_figures` (so `operation.name_on()`
    and `operation.last_name_by()` need no query once names are loaded).
    """

    operation: FieldOperation
    # Every published name, earliest first, with its source.
    names: list[OperationName] | None = None
    # Every published office with its place and source (and, with "places",
    # every name of the place: `office.place.nearest_name_on(day)`).
    offices: list[Office] | None = None
    # Every published mandate with its source.
    mandates: list[Mandate] | None = None
    # Every published post.
    posts: list[Post] | None = None
    # Every published appointment to a published post, with its post, person,
    # photo and source (group them with `appointment.post_id`).
    appointments: list[Appointment] | None = None
    # The published staff counts taken on or before the day, earliest first,
    # with their sources (and, with "lines", their lines: `snapshot.total`).
    staffing_snapshots: list[StaffingSnapshot] | None = None
    # The published financial figures reported on or before the day, with their
    # sources, by year, fund, measure and report: every report
    # (FinancialFigure.latest_reports picks the latest of each).
    financial_figures: list[FinancialFigure] | None = None
    # The published profile page in the reader's language, if asked and any.
    page: FieldOperationPage | None = None
    # Every published profile page, with its locale, by language code.
    pages: list[FieldOperationPage] | None = None
    # Every published change (OperationChange) with its source and decision,
    # by the day it took effect (else was adopted), undated ones last.
    changes: list[OperationChange] | None = None
    # Every name of the host state of the time, earliest first.
    host_state_names: list[HostStateName] | None = None
    # The successions in which the operation is the later one (`.predecessor`)
    # and the earlier one (`.successor`), only those whose other operation is
    # published; the other operation comes with its published names
    # (`last_name_by()`) and its published profile pages in the reader's
    # language (`other.page_in_language`, None if it has none).
    preceded_by: list[Succession] | None = None
    followed_by: list[Succession] | None = None
    # The claims about every record loaded for every operation asked (one
    # dict shared by all), from ClaimQuerySet.about(): by (content type id,
    # record id, field name), the preferred claim first. Read it with
    # fieldops.documents.claims.differing_claims(claims, record).
    claims: dict | None = None


def published_records(
    operations: QuerySet | Iterable[FieldOperation | int],
    *,
    day: datetime.date | None = None,
    parts: Collection[str] = PARTS,
) -> list[OperationRecords]:
    """The published records of each of `operations`, one OperationRecords each,
    in one query for the operations (none for instances) and one per part,
    whatever the data.

    `operations` is a FieldOperation queryset (its filters, order and prefetches
    are kept), or their ids (their order is kept; unknown ids are left out), or
    FieldOperation instances already read (their order is kept and they are not
    read again: the records are loaded onto copies, so the caller's instances
    are left as they were). The operations themselves may be drafts: only their
    records are filtered to the published ones.

    `day` limits what was counted or reported by then: staffing snapshots and
    financial figures with an `as_of` on or before it (every one when None).
    Dated records (names, offices, mandates, appointments) are loaded whole,
    whatever `day`: choose with `holds_on()`, `has_started_by()`, `started_by()`
    or the models' rules (`name_on()`, `last_name_by()`, `nearest_name_on()`).

    `parts` names what to load (default: all of PARTS): "names", "offices",
    "places" (the names of the offices' places; implies "offices"), "mandates",
    "posts", "appointments", "staffing", "lines" (the lines of the snapshots;
    implies "staffing"), "figures", "page", "pages", "changes", "host_names",
    "successions" (two queries) and "claims" (one query for the records of
    every other part asked, whichever operations they belong to; with `day`,
    only those begun by then).

    Raises ValueError for an unknown part.
    """
    parts = _with_implied(parts)
    loaded = _loaded_with(operations, _prefetches(parts, day))
    ids = [operation.pk for operation in loaded]
    appointments = _appointments(ids) if "appointments" in parts else None
    page = _pages_in_language(ids) if "page" in parts else {}
    all_pages = _all_pages(ids) if "pages" in parts else None
    lineage = _successions(ids) if "successions" in parts else None
    found = [
        _records(operation, parts, appointments, page, all_pages, lineage)
        for operation in loaded
    ]
    if "claims" in parts:
        claims = Claim.objects.about(_claimable(found, day))
        for records in found:
            records.claims = claims
    return found


def _with_implied(parts: Collection[str]) -> frozenset[str]:
    parts = frozenset(parts)
    unknown = parts - PARTS
    if unknown:
        raise ValueError(f"Unknown parts of published_records: {sorted(unknown)}")
    if "places" in parts:
        parts |= {"offices"}
    if "lines" in parts:
        parts |= {"staffing"}
    return parts


def _loaded_with(operations, prefetches: list[Prefetch]) -> list[FieldOperation]:
    if isinstance(operations, QuerySet):
        return list(operations.prefetch_related(*prefetches))
    operations = list(operations)
    if all(isinstance(operation, FieldOperation) for operation in operations):
        # Copies, because a prefetch already on an instance would be kept as it
        # is, though this call may ask for another day or other parts.
        loaded = [copy.copy(operation) for operation in operations]
        for operation in loaded:
            operation.__dict__.pop("_prefetched_objects_cache", None)
        prefetch_related_objects(loaded, *prefetches)
        return loaded
    order = [getattr(operation, "pk", operation) for operation in operations]
    by_pk = {
        operation.pk: operation
        for operation in FieldOperation.objects.filter(pk__in=order).prefetch_related(
            *prefetches
        )
    }
    return [by_pk[pk] for pk in order if pk in by_pk]


def _prefetches(parts: frozenset[str], day: datetime.date | None) -> list[Prefetch]:
    def published(model, **filters):
        return model.objects.live().filter(**filters).select_related("source")

    dated = {} if day is None else {"as_of__lte": day}
    # Each order ends with pk: rows that tie must come out the same way on
    # every database and after every update (PostgreSQL moves updated rows).
    offices = (
        published(Office).select_related("place").order_by("role", "valid_from", "pk")
    )
    if "places" in parts:
        offices = offices.prefetch_related(
            Prefetch("place__names", PlaceName.objects.all())
        )
    snapshots = published(StaffingSnapshot, **dated).order_by("as_of", "meaning", "pk")
    if "lines" in parts:
        snapshots = snapshots.prefetch_related(
            Prefetch("lines", StaffingLine.objects.all())
        )
    prefetches = {
        "names": Prefetch(
            "names", published(OperationName).order_by("valid_from", "pk")
        ),
        "changes": Prefetch(
            "changes", published(OperationChange).select_related("decision")
        ),
        "host_names": Prefetch(
            "host_state_names",
            HostStateName.objects.order_by("sort_order", "valid_from", "pk"),
        ),
        "offices": Prefetch("offices", offices),
        "mandates": Prefetch(
            "mandates", published(Mandate).order_by("valid_from", "pk")
        ),
        "posts": Prefetch("posts", Post.objects.live().order_by("role", "title", "pk")),
        "staffing": Prefetch("staffing_snapshots", snapshots),
        "figures": Prefetch(
            "financial_figures",
            (
                published(FinancialFigure)
                if day is None
                else published(FinancialFigure).known_on(day)
            ).order_by("year", "fund", "measure", "as_of", "pk"),
        ),
    }
    return [prefetch for part, prefetch in prefetches.items() if part in parts]


def _appointments(ids: list[int]) -> dict[int, list[Appointment]]:
    appointments = (
        Appointment.objects.live()
        .filter(post__operation_id__in=ids, post__live=True)
        .select_related("post", "person", "photo", "source")
        .order_by("post", "valid_from", "known_on", "pk")
    )
    by_operation = defaultdict(list)
    for appointment in appointments:
        by_operation[appointment.post.operation_id].append(appointment)
    return by_operation


def _pages_in_language(ids: list[int]) -> dict[int, FieldOperationPage]:
    pages = FieldOperationPage.objects.live_in_language().filter(operation_id__in=ids)
    by_operation = {}
    for page in pages.order_by("pk"):
        by_operation.setdefault(page.operation_id, page)
    return by_operation


def _all_pages(ids: list[int]) -> dict[int, list[FieldOperationPage]]:
    pages = (
        FieldOperationPage.objects.live()
        .filter(operation_id__in=ids)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    by_operation = defaultdict(list)
    for page in pages:
        by_operation[page.operation_id].append(page)
    return by_operation


def _successions(ids: list[int]) -> dict[int, tuple[list, list]]:
    """By operation id: (the successions it follows, those that follow it)."""
    successions = list(
        Succession.objects.filter(Q(predecessor_id__in=ids) | Q(successor_id__in=ids))
        .filter(predecessor__live=True, successor__live=True)
        .select_related("predecessor", "successor", "source")
        .order_by("pk")
    )
    others = {s.predecessor for s in successions} | {s.successor for s in successions}
    others = [o for o in others if o.pk]
    prefetch_related_objects(
        others, Prefetch("names", OperationName.objects.live().order_by("valid_from"))
    )
    pages = _pages_in_language([o.pk for o in others])
    for other in others:
        other.page_in_language = pages.get(other.pk)
    by_operation: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for succession in successions:
        by_operation[succession.successor_id][0].append(succession)
        by_operation[succession.predecessor_id][1].append(succession)
    return by_operation


def _claimable(found: list[OperationRecords], day: datetime.date | None) -> list:
    """The records whose claims are loaded: with `day`, only those begun by
    then (a claim about a record that did not exist yet is not part of the
    record of that day). Staff counts and figures are already limited to it."""
    records = []
    for each in found:
        for part in (
            each.names,
            each.offices,
            each.mandates,
            each.appointments,
            each.staffing_snapshots,
            each.financial_figures,
        ):
            records += [
                record
                for record in part or []
                if day is None
                or not hasattr(record, "has_started_by")
                or record.has_started_by(day)
            ]
        records += [
            change
            for change in each.changes or []
            if day is None or (change.day is not None and change.day <= day)
        ]
    return records


def _change_order(change: OperationChange) -> tuple:
    day = change.day
    return (day is None, day or datetime.date.min, change.pk)


def _records(
    operation, parts, appointments, page, all_pages, lineage
) -> OperationRecords:
    def loaded(part, manager):
        return list(manager.all()) if part in parts else None

    changes = loaded("changes", operation.changes)
    lineage = None if lineage is None else lineage[operation.pk]
    return OperationRecords(
        operation=operation,
        names=loaded("names", operation.names),
        offices=loaded("offices", operation.offices),
        mandates=loaded("mandates", operation.mandates),
        posts=loaded("posts", operation.posts),
        appointments=None if appointments is None else appointments[operation.pk],
        staffing_snapshots=loaded("staffing", operation.staffing_snapshots),
        financial_figures=loaded("figures", operation.financial_figures),
        page=page.get(operation.pk),
        pages=None if all_pages is None else all_pages[operation.pk],
        changes=None if changes is None else sorted(changes, key=_change_order),
        host_state_names=loaded("host_names", operation.host_state_names),
        preceded_by=None if lineage is None else lineage[0],
        followed_by=None if lineage is None else lineage[1],
    )
