"""Reading the images of a dataset: each row its own image, found or made from
the ZIP's file, and the photo each appointment names."""

from __future__ import annotations

import hashlib
import io
import posixpath
from collections import Counter

from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from .format import DatasetError
from .rows import DatasetLoad, at, rows_of


def images_load(data: dict, files: dict[str, bytes], result: DatasetLoad) -> dict:
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


def photo_of(title, images: dict, where: str, result: DatasetLoad):
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
