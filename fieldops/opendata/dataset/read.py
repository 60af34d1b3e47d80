"""Reading a dataset export back into the database: `dataset_load` creates the
records that are not there yet, found by their natural keys (see `format`)."""

from __future__ import annotations

import hashlib
import io
import posixpath
from collections import Counter
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from fieldops.documents.models import Document
from fieldops.operations.models import (
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
from fieldops.operations.services import (
    operation_groups_create,
    page_create_published,
    record_get_or_create,
)
from fieldops.recruitment.models import FieldOfExpertise, Vacancy

from .format import DATASET_FORMAT, DATASET_VERSION, DatasetError
from .rows import (
    DatasetLoad,
    at,
    field_values,
    inline_rows,
    of_operation,
    referenced,
    rows_of,
    sourced,
    stored,
)

__all__ = ["DatasetError", "DatasetLoad", "dataset_load"]


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


def _load_documents(data: dict, result: DatasetLoad) -> dict[str, Document]:
    documents = {}
    for where, row in rows_of(data, "documents"):
        with at(where):
            values = field_values(Document, row)
            documents[values["symbol"]] = stored(
                result, "documents", Document, ("symbol",), values
            )
    return documents


def _load_operations(data: dict, documents: dict, result: DatasetLoad) -> dict:
    operations = {}
    dimensions = {d.code: d for d in Dimension.objects.all()}
    for where, row in rows_of(data, "operations"):
        with at(where):
            row = dict(row)
            codes = row.pop("dimensions", [])
            if not isinstance(codes, list):
                raise DatasetError("“dimensions” must be a list of codes")
            missing = [code for code in codes if code not in dimensions]
            if missing:
                raise DatasetError(
                    f"unknown dimension “{missing[0]}” (is the database migrated?)"
                )
            values = field_values(FieldOperation, row)
            values["dimensions"] = [dimensions[code] for code in codes]
            operation = stored(result, "operations", FieldOperation, ("slug",), values)
            operation_groups_create(operation=operation)
            operations[values["slug"]] = operation
    for where, row in rows_of(data, "names"):
        with at(where):
            values = of_operation(OperationName, row, operations, documents)
            key = ("operation", "full_name", "valid_from")
            stored(result, "names", OperationName, key, values)
    return operations


def _load_places(data: dict, result: DatasetLoad) -> dict[str, Place]:
    """Places by their key: the "key" of the row, else the first of its names."""
    places = {}
    name_model = Place.names.rel.related_model
    for where, row in rows_of(data, "places"):
        with at(where):
            row = dict(row)
            names = row.pop("names")
            key = row.pop("key", None)
            if not isinstance(names, list) or not names:
                raise DatasetError("a place needs at least one name")
            first = field_values(name_model, names[0])
            existing = Place.objects.filter(
                country=row.get("country"),
                names__name=first.get("name"),
                names__valid_from=first.get("valid_from"),
            )
            place, created = record_get_or_create(
                existing=existing,
                values=field_values(Place, row),
                add_children=inline_rows("names", names),
            )
            result.count("places", created)
            places[key or first["name"]] = place
    return places


def _load_dated(data, operations, places, documents, result: DatasetLoad) -> None:
    for where, row in rows_of(data, "offices"):
        with at(where):
            row = dict(row)
            place = referenced(places, row.pop("place"), "place")
            values = of_operation(Office, row, operations, documents)
            values["place"] = place
            key = ("operation", "role", "valid_from")
            stored(result, "offices", Office, key, values)
    for where, row in rows_of(data, "mandates"):
        with at(where):
            values = of_operation(Mandate, row, operations, documents)
            stored(result, "mandates", Mandate, ("operation", "valid_from"), values)


def _load_images(data: dict, files: dict[str, bytes], result: DatasetLoad) -> dict:
    """Images by their key (the row's "key", else its title), each its own image:
    one already stored with the same title and file (SHA-1 of the file in
    `files`, else the row's `file_hash`), else, when no other row has that
    title, one stored under the title, else one made from the file, else None
    (noted). An image stored here is given to one row only, so that two rows
    never share a picture that the export kept apart."""
    image_model = get_image_model()
    rows = rows_of(data, "images")
    titles = Counter(row.get("title") for _where, row in rows if isinstance(row, dict))
    images, taken = {}, set()
    for where, row in rows:
        with at(where):
            title = row["title"]
            key = row.get("key") or title
            if key in images:
                raise DatasetError(f"a second image with the key “{key}”")
            content = files.get(row.get("file"))
            digest = row.get("file_hash") or ""
            if content is not None:
                digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
            same_title = (
                image_model.objects.filter(title=title)
                .exclude(pk__in=taken)
                .order_by("pk")
            )
            image = same_title.filter(file_hash=digest).first() if digest else None
            if image is None and titles[title] == 1:
                image = same_title.first()
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
    for where, row in rows_of(data, "people"):
        with at(where):
            values = field_values(Person, row)
            people[values["name"]] = stored(result, "people", Person, ("name",), values)
    posts = {}
    for where, row in rows_of(data, "posts"):
        with at(where):
            row = dict(row)
            operation = referenced(operations, row.pop("operation"), "field operation")
            values = field_values(Post, row) | {"operation": operation}
            posts[(operation.slug, values["title"])] = stored(
                result, "posts", Post, ("operation", "title"), values
            )
    for where, row in rows_of(data, "appointments"):
        with at(where):
            row = dict(row)
            post = referenced(posts, (row.pop("operation"), row.pop("post")), "post")
            person = referenced(people, row.pop("person"), "person")
            photo = _photo(row.pop("photo", None), images, where, result)
            values = sourced(Appointment, row, documents)
            values |= {"post": post, "person": person, "photo": photo}
            key = ("post", "person", "valid_from")
            stored(result, "appointments", Appointment, key, values)


def _load_figures(data, operations, documents, result: DatasetLoad) -> None:
    for where, row in rows_of(data, "staffing"):
        with at(where):
            row = dict(row)
            lines = row.pop("lines", [])
            if not isinstance(lines, list):
                raise DatasetError("“lines” must be a list")
            values = of_operation(StaffingSnapshot, row, operations, documents)
            key = ("operation", "as_of")
            stored(
                result,
                "staffing",
                StaffingSnapshot,
                key,
                values,
                add_children=inline_rows("lines", lines),
            )
    for where, row in rows_of(data, "financial_figures"):
        with at(where):
            values = of_operation(FinancialFigure, row, operations, documents)
            key = ("operation", "year", "fund", "measure", "as_of")
            stored(result, "financial_figures", FinancialFigure, key, values)


def _load_vacancies(data, operations, places, result: DatasetLoad) -> None:
    fields = {}
    for where, row in rows_of(data, "fields_of_expertise"):
        with at(where):
            values = field_values(FieldOfExpertise, row)
            expertise = FieldOfExpertise.objects.filter(slug=values["slug"]).first()
            result.count("fields_of_expertise", expertise is None)
            if expertise is None:
                expertise = FieldOfExpertise(**values)
                expertise.full_clean()
                expertise.save()
            fields[values["slug"]] = expertise
    for where, row in rows_of(data, "vacancies"):
        with at(where):
            row = dict(row)
            operation = referenced(operations, row.pop("operation"), "field operation")
            expertise = referenced(
                fields, row.pop("field_of_expertise"), "field of expertise"
            )
            station = referenced(places, row.pop("duty_station"), "place")
            values = field_values(Vacancy, row) | {
                "operation": operation,
                "field_of_expertise": expertise,
                "duty_station": station,
            }
            stored(result, "vacancies", Vacancy, ("number",), values)


def _load_profiles(data, operations, result: DatasetLoad) -> None:
    for where, row in rows_of(data, "profiles"):
        with at(where):
            operation = referenced(operations, row["operation"], "field operation")
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
