"""The places and images an export names, each with the key the other rows
refer to it by (see `format`): one query for the places, none for the images
(the appointments brought them)."""

from __future__ import annotations

import datetime
import posixpath
from collections import Counter
from collections.abc import Collection

from django.db.models import Prefetch

from fieldops.core.addresses import absolute_url
from fieldops.operations.models import Place, PlaceName


def temporal(record) -> dict:
    """The period of a dated record as the dataset writes it."""
    return {
        "valid_from": iso(record.valid_from),
        "valid_from_precision": record.valid_from_precision,
        "valid_from_uncertain": record.valid_from_uncertain,
        "valid_to": iso(record.valid_to),
        "valid_to_precision": record.valid_to_precision,
        "valid_to_uncertain": record.valid_to_uncertain,
        "known_on": iso(record.known_on),
    }


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def places_table(
    place_ids: Collection[int], day: datetime.date
) -> tuple[list[dict], dict[int, str]]:
    """The rows of the places of `place_ids` with the names they had begun to
    bear by `day` (at least the first), and the key of each place id: its first
    name, else "<name> (<country>)", else "<name> #<id>" when that is taken."""
    places = (
        Place.objects.filter(pk__in=place_ids)
        .prefetch_related(Prefetch("names", PlaceName.objects.all()))
        .order_by("pk")
    )
    rows, keys = [], {}
    for place in places:
        names = sorted(place.names.all(), key=lambda n: n.effective_start)
        started = [n for n in names if n.has_started_by(day)] or names[:1]
        first = started[0].name if started else ""
        key = first
        if key in keys.values():
            key = f"{first} ({place.country.code})"
        if not key or key in keys.values():
            key = f"{first} #{place.pk}"
        keys[place.pk] = key
        row = {"country": place.country.code, "time_zone": place.time_zone}
        if key != first:
            row = {"key": key, **row}
        row["names"] = [{"name": n.name, **temporal(n)} for n in started]
        rows.append(row)
    return rows, keys


def images_table(
    images: dict[int, object], request
) -> tuple[list[dict], dict[int, str], dict[str, object]]:
    """The rows of `images` (id -> Image, in order of first use), the key of each
    image id, and the ZIP path of each file; `request` makes addresses absolute.

    An image is referred to by its title while no other image of the export
    has that title, else by "<title> #<id>"; its file goes under its id, so
    neither equal titles nor equal file names make two images one.
    """
    titles = Counter(image.title for image in images.values())
    keys: dict[int, str] = {}
    used = {title for title, count in titles.items() if count == 1}
    for pk, image in images.items():
        if titles[image.title] == 1:
            keys[pk] = image.title
        else:
            keys[pk] = _unique(f"{image.title} #{pk}", used)
    rows, files = [], {}
    for pk, image in images.items():
        path = f"images/{pk}/{posixpath.basename(image.file.name)}"
        files[path] = image
        url = image.file.url
        row = {"key": keys[pk]} if keys[pk] != image.title else {}
        rows.append(
            row
            | {
                "title": image.title,
                "description": image.description,
                "url": absolute_url(url) if request else url,
                "file": path,
                "file_hash": image.file_hash,
            }
        )
    return rows, keys, files


def _unique(wanted: str, used: set[str]) -> str:
    """`wanted`, or `wanted (2)`, `(3)`... if taken; the result is marked used."""
    key, number = wanted, 1
    while key in used:
        number += 1
        key = f"{wanted} ({number})"
    used.add(key)
    return key
