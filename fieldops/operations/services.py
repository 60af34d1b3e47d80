"""Writes to field operations and their records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps as django_apps
from django.db import models, transaction
from wagtail.models import Page, Site

from fieldops.core.models import HomePage, Record

from .access import roles
from .models import FieldOperation

CREATED, PRESENT = "created", "present"


@transaction.atomic
def record_get_or_create(
    *,
    existing: models.QuerySet,
    values: dict[str, Any],
    add_children: Callable[[Record], None] | None = None,
) -> tuple[Record, bool]:
    """The first record of `existing`, untouched; else a new one, published.

    A new record is made from `values` and published as its first revision;
    `add_children(record)` saves its inline rows (such as a place's names) first.
    """
    record = existing.first()
    if record is not None:
        return record, False
    record = existing.model(**values)
    record.live = False  # made live by publishing its first revision
    record.full_clean()
    record.save()
    if add_children is not None:
        add_children(record)
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
