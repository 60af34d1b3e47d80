"""Writes to field operations and their records."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from fieldops.core.images import portrait_placeholder_png
from fieldops.core.models import HomePage, Record
from fieldops.documents.models import Document

from .models import (
    Appointment,
    Dimension,
    FieldOperation,
    FieldOperationIndexPage,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationName,
    Person,
    Place,
    Post,
    StaffingSnapshot,
)

CREATED, PRESENT = "created", "present"
DEMO_FILE = Path(__file__).resolve().parent / "demo" / "astana.json"


def _python(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    """JSON values turned into what the model's fields hold (dates, decimals)."""
    return {
        name: model._meta.get_field(name).to_python(value)
        for name, value in row.items()
    }


@transaction.atomic
def record_get_or_create(
    *,
    existing: models.QuerySet,
    values: dict[str, Any],
    children: dict[str, list[dict]] | None = None,
) -> tuple[Record, bool]:
    """The first record of `existing`, untouched; else a new one, published.

    A new record is made from `values` and published as its first revision.
    `children` maps an inline relation (such as "names") to its rows, in order.
    """
    record = existing.first()
    if record is not None:
        return record, False
    record = existing.model(**values)
    record.live = False  # made live by publishing its first revision
    record.full_clean()
    record.save()
    for relation, rows in (children or {}).items():
        rel = getattr(type(record), relation).rel
        # One by one, so that each row is validated against those saved before it.
        for order, row in enumerate(rows):
            child = rel.related_model(
                **{rel.field.name: record},
                sort_order=order,
                **_python(rel.related_model, row),
            )
            child.full_clean()
            child.save()
    record.save_revision(clean=False, log_action="wagtail.create").publish()
    record.refresh_from_db()
    return record, True


@transaction.atomic
def page_create_published(*, parent: Page, page: Page) -> Page:
    """Add `page` under `parent` and publish its first revision."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(log_action="wagtail.create").publish()
    page.refresh_from_db()
    return page


@transaction.atomic
def home_intro_set_if_empty(*, home: HomePage, intro: str) -> bool:
    """Publish `intro` on the home page, unless it has one or an unpublished draft."""
    if home.intro or home.has_unpublished_changes:
        return False
    home.intro = intro
    home.save_revision(log_action=True).publish()
    return True


@transaction.atomic
def portrait_placeholder_get_or_create(
    *, title: str, description: str
) -> tuple[Any, bool]:
    """The image titled `title`, untouched; else the generated placeholder portrait."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).order_by("pk").first()
    if image is not None:
        return image, False
    content = portrait_placeholder_png()
    image = image_model(title=title, description=description)
    image.file = ContentFile(content, name="portrait-placeholder.png")
    image.file_size = len(content)
    image.file_hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    image.full_clean()
    image.save()
    return image, True


@transaction.atomic
def site_get_or_create_default(*, root_page: Page) -> tuple[Site, bool]:
    """The default site, so the pages answer on any host name (localhost, 127.0.0.1)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site, False
    site = Site(hostname="localhost", port=80, root_page=root_page)
    site.is_default_site = True
    site.full_clean()
    site.save()
    return site, True


@transaction.atomic
def demo_load(*, path: Path = DEMO_FILE) -> Counter:
    """Create the demo records from `path` once; never change or recreate them.

    Once the demo operation exists the demo counts as loaded: editors may have
    edited, renamed or deleted its records, and putting them back would undo
    their work (or clash with it). Returns how many records were created and how
    many were already present.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    tally: Counter = Counter()
    if FieldOperation.objects.filter(slug=data["operation"]["slug"]).exists():
        return tally
    documents = _demo_documents(data, tally)
    operation = _demo_operation(data, documents, tally)
    _demo_leadership(data, operation, documents, tally)
    _demo_figures(data, operation, documents, tally)
    _demo_pages(data, operation, tally)
    # Imported here: the recruitment demo builds on this module's services.
    from fieldops.recruitment.demo import demo_vacancies_load

    demo_vacancies_load(operation=operation, tally=tally)
    return tally


def _counted(tally: Counter, result: tuple[Any, bool]):
    instance, created = result
    tally[CREATED if created else PRESENT] += 1
    return instance


def _record(tally: Counter, model, key: tuple[str, ...], values: dict, **kwargs):
    """The record whose `key` fields match `values`, created if missing."""
    existing = model._default_manager.filter(**{name: values.get(name) for name in key})
    return _counted(
        tally, record_get_or_create(existing=existing, values=values, **kwargs)
    )


def _sourced(model, row: dict, documents: dict[str, Document]) -> dict[str, Any]:
    """A row's values, its source symbol replaced by the document."""
    row = dict(row)
    symbol = row.pop("source", None)
    return {**_python(model, row), "source": documents.get(symbol)}


def _demo_documents(data: dict, tally: Counter) -> dict[str, Document]:
    return {
        row["symbol"]: _record(tally, Document, ("symbol",), _python(Document, row))
        for row in data["documents"]
    }


def _demo_operation(data: dict, documents: dict, tally: Counter) -> FieldOperation:
    spec = dict(data["operation"])
    spec["dimensions"] = [
        Dimension.objects.get(code=code) for code in spec.pop("dimensions")
    ]
    operation = _record(tally, FieldOperation, ("slug",), spec)
    for row in data["names"]:
        values = _sourced(OperationName, row, documents) | {"operation": operation}
        key = ("operation", "full_name", "valid_from")
        _record(tally, OperationName, key, values)
    places = {}
    for row in data["places"]:
        first = _python(Place.names.rel.related_model, row["names"][0])
        existing = Place.objects.filter(
            country=row["country"],
            names__name=first["name"],
            names__valid_from=first.get("valid_from"),
        )
        values = {"country": row["country"], "time_zone": row["time_zone"]}
        result = record_get_or_create(
            existing=existing, values=values, children={"names": row["names"]}
        )
        places[first["name"]] = _counted(tally, result)
    for row in data["offices"]:
        row = dict(row)
        place = places[row.pop("place")]
        values = _sourced(Office, row, documents) | {
            "operation": operation,
            "place": place,
        }
        _record(tally, Office, ("operation", "role", "valid_from"), values)
    for row in data["mandates"]:
        values = _sourced(Mandate, row, documents) | {"operation": operation}
        _record(tally, Mandate, ("operation", "valid_from"), values)
    return operation


def _demo_leadership(data: dict, operation, documents: dict, tally: Counter) -> None:
    people = {
        row["name"]: _record(tally, Person, ("name",), _python(Person, row))
        for row in data["people"]
    }
    posts = {
        row["title"]: _record(
            tally,
            Post,
            ("operation", "title"),
            _python(Post, row) | {"operation": operation},
        )
        for row in data["posts"]
    }
    images = {
        name: _counted(tally, portrait_placeholder_get_or_create(**spec))
        for name, spec in data["images"].items()
    }
    for row in data["appointments"]:
        row = dict(row)
        post, person = posts[row.pop("post")], people[row.pop("person")]
        photo = images[row.pop("photo")] if "photo" in row else None
        values = _sourced(Appointment, row, documents)
        values |= {"post": post, "person": person, "photo": photo}
        _record(tally, Appointment, ("post", "person"), values)


def _demo_figures(data: dict, operation, documents: dict, tally: Counter) -> None:
    for row in data["staffing"]:
        row = dict(row)
        lines = row.pop("lines")
        values = _sourced(StaffingSnapshot, row, documents) | {"operation": operation}
        key = ("operation", "as_of")
        _record(tally, StaffingSnapshot, key, values, children={"lines": lines})
    for row in data["financial_figures"]:
        values = _sourced(FinancialFigure, row, documents) | {"operation": operation}
        key = ("operation", "year", "fund", "measure", "as_of")
        _record(tally, FinancialFigure, key, values)


def _demo_pages(data: dict, operation: FieldOperation, tally: Counter) -> None:
    index = FieldOperationIndexPage.objects.get(slug="field-operations")
    home = HomePage.objects.ancestor_of(index).get()
    created = home_intro_set_if_empty(home=home, intro=data["home_intro"])
    tally[CREATED if created else PRESENT] += 1
    _counted(tally, site_get_or_create_default(root_page=home))
    if FieldOperationPage.objects.child_of(index).filter(slug=operation.slug).exists():
        tally[PRESENT] += 1
    else:
        page = FieldOperationPage(
            slug=operation.slug, operation=operation, **data["profile"]
        )
        page_create_published(parent=index, page=page)
        tally[CREATED] += 1
