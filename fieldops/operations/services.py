"""Writes to field operations and their records."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from fieldops.core.models import HomePage, Record
from fieldops.documents.models import Document

from .access import roles
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


# Fields that the admin's drafts, revisions and locks maintain: a dataset never
# sets them, so a loaded record is published like one saved by an editor.
MAINTAINED_FIELDS = frozenset(
    {
        "id",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "sort_order",
    }
)


class DatasetError(ValueError):
    """A dataset that cannot be loaded; the message says where and why."""


def _python(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    """JSON values turned into what the model's fields hold (dates, decimals).

    Only the model's own editable values are accepted; references are resolved
    by the caller, and a datetime must say its offset from UTC.
    """
    if not isinstance(row, dict):
        raise DatasetError(f"expected an object, got {type(row).__name__}")
    values = {}
    for name, value in row.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if (
            field is None
            or field.is_relation
            or not field.concrete
            or not field.editable
            or name in MAINTAINED_FIELDS
        ):
            raise DatasetError(f"unknown field “{name}”")
        value = field.to_python(value)
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            raise DatasetError(f"{name}: give the time with its offset from UTC")
        values[name] = value
    return values


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
def operation_groups_create(*, operation: FieldOperation) -> dict:
    """The editors', HR officers', finance officers' and approvers' groups of
    `operation`, made if missing, with their permissions (also on its profile
    pages); by role. Safe to call again, for example once a profile exists."""
    return roles.ensure_operation_groups(django_apps, operation)


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


DATASET_FORMAT = "fieldops-dataset"
DATASET_VERSION = "1"


@dataclass
class DatasetLoad:
    """What loading a dataset did: records created and already present, per table,
    and notes for the person who ran it (such as a photo left out)."""

    tally: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def count(self, table: str, created: bool) -> None:
        self.tally[CREATED if created else PRESENT] += 1
        if created:
            self.created[table] += 1


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}"
                if name != "__all__"
                else " ".join(messages)
                for name, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    if isinstance(error, KeyError):
        return f"“{error.args[0]}” is missing"
    return str(error)


@contextlib.contextmanager
def _at(where: str):
    """Report any problem with a row as a DatasetError naming the row."""
    try:
        yield
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise DatasetError(f"{where}: {_message(error)}") from error


def _table(data: dict, name: str) -> list[tuple[str, dict]]:
    rows = data.get(name) or []
    if not isinstance(rows, list):
        raise DatasetError(f"“{name}” must be a list")
    return [(f"{name}[{index}]", row) for index, row in enumerate(rows)]


def _ref(known: dict, key: Any, what: str):
    """The record that a row names by its natural key."""
    if key is None:
        return None
    try:
        return known[key]
    except (KeyError, TypeError):
        raise DatasetError(f"no {what} “{key}” in the dataset") from None


@transaction.atomic
def dataset_load(*, data: Any, files: dict[str, bytes] | None = None) -> DatasetLoad:
    """Create the records of a dataset export that are not in the database yet.

    A record already present (found by its natural key: a document's symbol, an
    operation's slug, a vacancy's number...) is left untouched, so loading twice
    changes nothing and never undoes an editor's change. `files` holds the files
    of a ZIP export (images/<name> -> bytes). Every record is validated; the
    first invalid one raises DatasetError and nothing is stored.
    """
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise DatasetError(
            f"This is not a {DATASET_FORMAT} file: it has no “meta” object."
        )
    meta = data["meta"]
    if meta.get("format") != DATASET_FORMAT:
        raise DatasetError(
            f"This is not a {DATASET_FORMAT} file: its meta.format is "
            f"“{meta.get('format')}”."
        )
    if str(meta.get("version", "")).split(".")[0] != DATASET_VERSION:
        raise DatasetError(
            f"Version “{meta.get('version')}” of {DATASET_FORMAT} cannot be read; "
            f"this site reads version {DATASET_VERSION}."
        )
    result = DatasetLoad()
    documents = _load_documents(data, result)
    operations = _load_operations(data, documents, result)
    places = _load_places(data, result)
    _load_dated(data, operations, places, documents, result)
    images = _load_images(data, files or {}, result)
    _load_leadership(data, operations, images, documents, result)
    _load_figures(data, operations, documents, result)
    _load_vacancies(data, operations, places, result)
    _load_profiles(data, operations, result)
    return result


def _stored(result: DatasetLoad, table: str, model, key, values: dict, **kwargs):
    """The record whose `key` fields match `values`, created if missing."""
    existing = model._default_manager.filter(**{name: values.get(name) for name in key})
    record, created = record_get_or_create(existing=existing, values=values, **kwargs)
    result.count(table, created)
    return record


def _sourced(model, row: dict, documents: dict[str, Document]) -> dict[str, Any]:
    """A row's values, its source symbol replaced by the document."""
    row = dict(row)
    symbol = row.pop("source", None)
    return {**_python(model, row), "source": _ref(documents, symbol, "document")}


def _of_operation(model, row: dict, operations: dict, documents: dict) -> dict:
    """A sourced row of one operation, named by its slug."""
    row = dict(row)
    operation = _ref(operations, row.pop("operation"), "field operation")
    return _sourced(model, row, documents) | {"operation": operation}


def _load_documents(data: dict, result: DatasetLoad) -> dict[str, Document]:
    documents = {}
    for where, row in _table(data, "documents"):
        with _at(where):
            values = _python(Document, row)
            documents[values["symbol"]] = _stored(
                result, "documents", Document, ("symbol",), values
            )
    return documents


def _load_operations(data: dict, documents: dict, result: DatasetLoad) -> dict:
    operations = {}
    dimensions = {d.code: d for d in Dimension.objects.all()}
    for where, row in _table(data, "operations"):
        with _at(where):
            row = dict(row)
            codes = row.pop("dimensions", [])
            if not isinstance(codes, list):
                raise DatasetError("“dimensions” must be a list of codes")
            missing = [code for code in codes if code not in dimensions]
            if missing:
                raise DatasetError(
                    f"unknown dimension “{missing[0]}” (is the database migrated?)"
                )
            values = _python(FieldOperation, row)
            values["dimensions"] = [dimensions[code] for code in codes]
            operation = _stored(result, "operations", FieldOperation, ("slug",), values)
            operation_groups_create(operation=operation)
            operations[values["slug"]] = operation
    for where, row in _table(data, "names"):
        with _at(where):
            values = _of_operation(OperationName, row, operations, documents)
            key = ("operation", "full_name", "valid_from")
            _stored(result, "names", OperationName, key, values)
    return operations


def _load_places(data: dict, result: DatasetLoad) -> dict[str, Place]:
    """Places by their key: the "key" of the row, else the first of its names."""
    places = {}
    name_model = Place.names.rel.related_model
    for where, row in _table(data, "places"):
        with _at(where):
            row = dict(row)
            names = row.pop("names")
            key = row.pop("key", None)
            if not isinstance(names, list) or not names:
                raise DatasetError("a place needs at least one name")
            first = _python(name_model, names[0])
            existing = Place.objects.filter(
                country=row.get("country"),
                names__name=first.get("name"),
                names__valid_from=first.get("valid_from"),
            )
            place, created = record_get_or_create(
                existing=existing,
                values=_python(Place, row),
                children={"names": names},
            )
            result.count("places", created)
            places[key or first["name"]] = place
    return places


def _load_dated(data, operations, places, documents, result: DatasetLoad) -> None:
    for where, row in _table(data, "offices"):
        with _at(where):
            row = dict(row)
            place = _ref(places, row.pop("place"), "place")
            values = _of_operation(Office, row, operations, documents)
            values["place"] = place
            key = ("operation", "role", "valid_from")
            _stored(result, "offices", Office, key, values)
    for where, row in _table(data, "mandates"):
        with _at(where):
            values = _of_operation(Mandate, row, operations, documents)
            _stored(result, "mandates", Mandate, ("operation", "valid_from"), values)


def _load_images(data: dict, files: dict[str, bytes], result: DatasetLoad) -> dict:
    """Images by their key (the row's "key", else its title), each its own image:
    one already stored with the same title and file (SHA-1 of the file in
    `files`, else the row's `file_hash`), else, when no other row has that
    title, one stored under the title, else one made from the file, else None
    (noted). An image stored here is given to one row only, so that two rows
    never share a picture that the export kept apart."""
    image_model = get_image_model()
    rows = _table(data, "images")
    titles = Counter(row.get("title") for _where, row in rows if isinstance(row, dict))
    images, taken = {}, set()
    for where, row in rows:
        with _at(where):
            title = row["title"]
            key = row.get("key") or title
            if key in images:
                raise DatasetError(f"a second image with the key “{key}”")
            content = files.get(row.get("file"))
            digest = row.get("file_hash") or ""
            if content is not None:
                digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
            stored = (
                image_model.objects.filter(title=title)
                .exclude(pk__in=taken)
                .order_by("pk")
            )
            image = stored.filter(file_hash=digest).first() if digest else None
            if image is None and titles[title] == 1:
                image = stored.first()
            if image is not None:
                result.count("images", False)
            elif content is not None:
                image = _image_create(
                    title=title,
                    description=row.get("description") or "",
                    name=posixpath.basename(row["file"]),
                    content=content,
                )
                result.count("images", True)
            if image is not None:
                taken.add(image.pk)
            images[key] = image
    return images


def _image_create(*, title: str, description: str, name: str, content: bytes):
    try:
        with PillowImage.open(io.BytesIO(content)) as picture:
            picture.verify()
    except (OSError, SyntaxError, ValueError):
        raise DatasetError(
            f"the file {name} of image “{title}” is not a picture"
        ) from None
    image = get_image_model()(title=title, description=description)
    image.file = ContentFile(content, name=name)
    image.file_size = len(content)
    image.file_hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    if not image.width or not image.height:
        raise DatasetError(f"the file {name} of image “{title}” is not a picture")
    image.full_clean()
    image.save()
    return image


def _photo(title, images: dict, where: str, result: DatasetLoad):
    if title is None:
        return None
    if title not in images:
        images[title] = (
            get_image_model().objects.filter(title=title).order_by("pk").first()
        )
    if images[title] is None:
        result.notes.append(
            f"{where}: no image titled “{title}” is stored here and the file has "
            f"no copy of it, so the appointment is loaded without a photo."
        )
    return images[title]


def _load_leadership(data, operations, images, documents, result) -> None:
    people = {}
    for where, row in _table(data, "people"):
        with _at(where):
            values = _python(Person, row)
            people[values["name"]] = _stored(
                result, "people", Person, ("name",), values
            )
    posts = {}
    for where, row in _table(data, "posts"):
        with _at(where):
            row = dict(row)
            operation = _ref(operations, row.pop("operation"), "field operation")
            values = _python(Post, row) | {"operation": operation}
            posts[(operation.slug, values["title"])] = _stored(
                result, "posts", Post, ("operation", "title"), values
            )
    for where, row in _table(data, "appointments"):
        with _at(where):
            row = dict(row)
            post = _ref(posts, (row.pop("operation"), row.pop("post")), "post")
            person = _ref(people, row.pop("person"), "person")
            photo = _photo(row.pop("photo", None), images, where, result)
            values = _sourced(Appointment, row, documents)
            values |= {"post": post, "person": person, "photo": photo}
            key = ("post", "person", "valid_from")
            _stored(result, "appointments", Appointment, key, values)


def _load_figures(data, operations, documents, result: DatasetLoad) -> None:
    for where, row in _table(data, "staffing"):
        with _at(where):
            row = dict(row)
            lines = row.pop("lines", [])
            if not isinstance(lines, list):
                raise DatasetError("“lines” must be a list")
            values = _of_operation(StaffingSnapshot, row, operations, documents)
            key = ("operation", "as_of")
            _stored(
                result,
                "staffing",
                StaffingSnapshot,
                key,
                values,
                children={"lines": lines},
            )
    for where, row in _table(data, "financial_figures"):
        with _at(where):
            values = _of_operation(FinancialFigure, row, operations, documents)
            key = ("operation", "year", "fund", "measure", "as_of")
            _stored(result, "financial_figures", FinancialFigure, key, values)


def _load_vacancies(data, operations, places, result: DatasetLoad) -> None:
    # Imported here: recruitment builds on this module's services.
    from fieldops.recruitment.models import FieldOfExpertise, Vacancy

    fields = {}
    for where, row in _table(data, "fields_of_expertise"):
        with _at(where):
            values = _python(FieldOfExpertise, row)
            expertise = FieldOfExpertise.objects.filter(slug=values["slug"]).first()
            result.count("fields_of_expertise", expertise is None)
            if expertise is None:
                expertise = FieldOfExpertise(**values)
                expertise.full_clean()
                expertise.save()
            fields[values["slug"]] = expertise
    for where, row in _table(data, "vacancies"):
        with _at(where):
            row = dict(row)
            operation = _ref(operations, row.pop("operation"), "field operation")
            expertise = _ref(
                fields, row.pop("field_of_expertise"), "field of expertise"
            )
            station = _ref(places, row.pop("duty_station"), "place")
            values = _python(Vacancy, row) | {
                "operation": operation,
                "field_of_expertise": expertise,
                "duty_station": station,
            }
            _stored(result, "vacancies", Vacancy, ("number",), values)


def _load_profiles(data, operations, result: DatasetLoad) -> None:
    for where, row in _table(data, "profiles"):
        with _at(where):
            operation = _ref(operations, row["operation"], "field operation")
            language = row.get("locale") or "en"
            index = FieldOperationIndexPage.objects.filter(
                locale__language_code=language
            ).first()
            if index is None:
                result.notes.append(
                    f"{where}: this site has no field operations index in "
                    f"“{language}”, so the profile was not loaded."
                )
                continue
            twins = FieldOperationPage.objects.child_of(index)
            if twins.filter(slug=operation.slug).exists():
                result.count("profiles", False)
                continue
            page = FieldOperationPage(
                slug=operation.slug,
                operation=operation,
                title=row["title"],
                overview=row.get("overview") or [],
            )
            page_create_published(parent=index, page=page)
            operation_groups_create(operation=operation)
            result.count("profiles", True)
