"""The demo: the organisation's field operations from the public record
(osce.json; where its facts come from is in NOTICE) and example vacancies at one
office, so that a fresh installation has something to show. It sits above every
app and loads through their services."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.db import transaction

from fieldops.core.images import portrait_placeholder_png
from fieldops.core.models import HomePage
from fieldops.opendata.dataset.read import dataset_load
from fieldops.operations.models import FieldOperation, FieldOperationIndexPage
from fieldops.operations.services import (
    CREATED,
    PRESENT,
    home_intro_set_if_empty,
    site_get_or_create_default,
)

from .vacancies import demo_vacancies_load

DEMO_FILE = Path(__file__).resolve().parent / "osce.json"
# The first demo, one operation in version 1 of the format: a small fixture of
# real data for tests whose subject is a single office.
ASTANA_FILE = Path(__file__).resolve().parent / "astana.json"
# The office whose example vacancies the demo publishes.
VACANCIES_AT = "astana"


@transaction.atomic
def demo_load(*, path: Path | None = None) -> Counter:
    """Create the demo records from `path` (default: DEMO_FILE) once; never
    change or recreate them.

    Once the demo operation exists the demo counts as loaded: editors may have
    edited, renamed or deleted its records, and putting them back would undo
    their work (or clash with it). Returns how many records were created and how
    many were already present.
    """
    data = json.loads((path or DEMO_FILE).read_text(encoding="utf-8"))
    slugs = [row["slug"] for row in data["operations"]]
    if FieldOperation.objects.filter(slug__in=slugs).exists():
        return Counter()
    # The demo's portraits are drawn, not photographs kept in the repository.
    files = {row["file"]: portrait_placeholder_png() for row in data["images"]}
    tally = dataset_load(data=data, files=files).tally
    index = FieldOperationIndexPage.objects.get(slug="field-operations")
    home = HomePage.objects.ancestor_of(index).get()
    created = home_intro_set_if_empty(home=home, intro=data["home_intro"])
    tally[CREATED if created else PRESENT] += 1
    site, created = site_get_or_create_default(root_page=home)
    tally[CREATED if created else PRESENT] += 1
    for operation in FieldOperation.objects.filter(slug=VACANCIES_AT):
        demo_vacancies_load(operation=operation, tally=tally)
    return tally
