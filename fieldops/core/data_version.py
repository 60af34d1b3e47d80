"""The version of everything the public sees, and when it last changed.

Every public answer (page, feed, API answer, export) is built from published
records and from today's date, so a cached copy is good for as long as neither
changed. One row (`DataVersion`) holds a counter that goes up after every
transaction that changed something public, and the time of that change:

- the domain apps hand their models to `watch()` in `ready()`: a save, a delete
  or a many-to-many change of any of them bumps the counter, except a save that
  only touches the admin's bookkeeping (a draft, a lock);
- Wagtail's publish, unpublish and move signals bump it (scheduled publishing
  goes through them), and `bump()` is there for writes that send no signal
  (`QuerySet.update()`, bulk loads: `load_dataset`, `load_demo`);
- time alone changes some answers: the day (pages say "as of today"), and the
  moments registered with `register_clock()` (a vacancy's deadline): the first
  read after such a moment bumps the counter.

The counter is bumped once per transaction, after it commits (so a reader that
sees the new version also sees the new data, and no lock is held while the
transaction runs). Reading it is one query by primary key, correct across every
process that shares the database (web workers, the task worker, cron).
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DatabaseError, connections, router, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from .models import DataVersion

logger = logging.getLogger(__name__)
ROW_FIELDS = ("version", "changed_at", "next_change_at")

# Saves that write only these fields change nothing the public sees: Wagtail
# writes them when an editor saves a draft, submits it or locks the record.
ADMIN_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "live_revision",
        "wagtail_admin_comments",
    }
)
# Wagtail's own models whose rows the public pages show or obey.
WAGTAIL_MODELS = (
    "wagtailcore.Page",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.Collection",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailredirects.Redirect",
    "taggit.Tag",
    "taggit.TaggedItem",
)

# Callables (now -> the next moment after now at which a public answer changes
# by itself, or None).
_clocks: list[Callable[[datetime.datetime], datetime.datetime | None]] = []


@dataclass(frozen=True)
class Version:
    """What a cached public answer depends on.

    `token`: a short string, different after any public change and on every new
    day; `last_modified`: the later of the last change and the start of today
    (aware datetime); `day`: today, the day the public pages describe."""

    token: str
    last_modified: datetime.datetime
    day: datetime.date


def current(now: datetime.datetime | None = None) -> Version:
    """The data version now: one query by primary key (a second, and a write,
    only the first time a registered clock moment has passed)."""
    now = now or timezone.now()
    row = _read_row() or _first_row(now)
    if row.next_change_at is not None and row.next_change_at <= now:
        _advance(row, now)
        row = DataVersion.objects.get(pk=1)
    zone = timezone.get_current_timezone()
    return _version(row.version, row.changed_at, timezone.localdate(now, zone), zone)


@functools.lru_cache(maxsize=16)
def _version(
    number: int, changed_at: datetime.datetime, day: datetime.date, zone
) -> Version:
    """The Version of a row's values on `day` in `zone` (a tzinfo): the same for
    every request until the row or the day changes, so made once."""
    midnight = timezone.make_aware(
        datetime.datetime.combine(day, datetime.time()), zone
    )
    # The time of the change too: a database restored from a backup (or a test's
    # flush) takes the counter back, and it must not meet keys made since.
    changed = int(changed_at.timestamp() * 1_000_000)
    return Version(
        token=f"{number}.{changed}.{day.isoformat()}",
        last_modified=max(changed_at, midnight),
        day=day,
    )


def bump(now: datetime.datetime | None = None) -> None:
    """Record that public data changed now. Called after a commit (`changed()`)
    or directly after writes that send no signal."""
    now = now or timezone.now()
    following = next_change_after(now)
    updated = DataVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=now, next_change_at=following
    )
    if not updated:
        DataVersion.objects.get_or_create(
            pk=1, defaults={"changed_at": now, "next_change_at": following}
        )


def changed(**_ignored) -> None:
    """A signal receiver: bump the version once the current transaction commits
    (at once outside a transaction); several changes in one transaction bump it
    once."""
    connection = transaction.get_connection()
    # One per savepoint level (a savepoint rolled back drops its own callbacks).
    level = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        func is _bump_after_commit and sids == level
        for sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_bump_after_commit, robust=True)


def _bump_after_commit() -> None:
    bump()


def register_clock(
    clock: Callable[[datetime.datetime], datetime.datetime | None],
) -> None:
    """Add `clock(now)`: the next moment after `now` at which a public answer
    changes with nothing written (None when there is none). Registering the
    same callable twice keeps one."""
    if clock not in _clocks:
        _clocks.append(clock)


def next_change_after(now: datetime.datetime) -> datetime.datetime | None:
    """The earliest moment after `now` that a registered clock gives, or None."""
    moments = [moment for clock in _clocks if (moment := clock(now)) is not None]
    return min(moments, default=None)


def watch(app_config: AppConfig, *, private: Iterable[str] = ()) -> None:
    """Bump the version on every save, delete or many-to-many change of the
    models of `app_config`, except those named in `private` (model names whose
    rows no public answer shows, such as job alert subscriptions)."""
    left_out = {name.lower() for name in private} | {"dataversion"}
    _connect(m for m in app_config.get_models() if m._meta.model_name not in left_out)


def watch_wagtail() -> None:
    """Bump the version when a page is published, unpublished or moved, and on
    any change of the Wagtail models the public sees (WAGTAIL_MODELS)."""
    _connect(global_apps.get_model(label) for label in WAGTAIL_MODELS)
    for signal in (page_published, page_unpublished, published, unpublished):
        signal.connect(changed, dispatch_uid=f"data_version_{id(signal)}")
    post_page_move.connect(changed, dispatch_uid="data_version_page_move")


def _connect(models) -> None:
    for model in models:
        uid = f"data_version_{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_related, sender=through, dispatch_uid=uid)


def _saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= ADMIN_ONLY_FIELDS:
        return
    changed()


def _related(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        changed()


class _Row(NamedTuple):
    """The row's values, as _read_row() reads them (a model instance cost a
    tenth of a page-cache hit)."""

    version: int
    changed_at: datetime.datetime
    next_change_at: datetime.datetime | None


def _read_row() -> _Row | None:
    """The row, or None, by plain SQL: on a page-cache hit, building the ORM's
    query cost more than running it (about half of the hit, profiled). The
    backend's own converters read the values, as the ORM would."""
    alias = router.db_for_read(DataVersion)
    connection = connections[alias]
    sql, fields = _row_query(alias, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    if values is None:
        return None
    read = []
    for (_name, column, converters), value in zip(fields, values, strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        read.append(value)
    return _Row(*read)


@functools.cache
def _row_query(alias: str, vendor: str) -> tuple[str, list[tuple]]:
    """The SQL that reads the row on the database `alias`, and each field's
    (name, column, converters): the same for every request, so made once per
    alias (`vendor` is part of the key for tests that swap databases). The
    backend's converters are those of the first connection that asked; they
    read only the alias's settings, which every connection of it shares."""
    connection = connections[alias]
    table = DataVersion._meta.db_table
    fields = [DataVersion._meta.get_field(name) for name in ROW_FIELDS]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    pk = connection.ops.quote_name(DataVersion._meta.pk.column)
    # Every name comes from the model's own metadata, quoted by the backend.
    sql = f"SELECT {columns} FROM {connection.ops.quote_name(table)} WHERE {pk} = 1"  # noqa: S608
    converters = []
    for field in fields:
        column = field.get_col(table)
        converters.append(
            (
                field.name,
                column,
                connection.ops.get_db_converters(column)
                + field.get_db_converters(connection),
            )
        )
    return sql, converters


def _first_row(now: datetime.datetime) -> DataVersion:
    row, _created = DataVersion.objects.get_or_create(
        pk=1, defaults={"changed_at": now, "next_change_at": next_change_after(now)}
    )
    return row


def _advance(row: _Row | DataVersion, now: datetime.datetime) -> None:
    """A clock moment has passed: bump the version as of that moment. Several
    processes may see it at once; the update names the version it read, so only
    one of them bumps."""
    DataVersion.objects.filter(pk=1, version=row.version).update(
        version=F("version") + 1,
        changed_at=row.next_change_at,
        next_change_at=next_change_after(now),
    )


def migrated(apps=None, **_ignored) -> None:
    """post_migrate of core (also sent by `flush`, without `apps`): a deploy may
    render the same data otherwise, so answers kept from before it are not used
    after it. Nothing to do where the table is not there (migrated back)."""
    try:
        (apps or global_apps).get_model("core", "DataVersion")
    except LookupError:
        return
    try:
        bump()
    except DatabaseError:
        # Another app migrated back to before its tables: nothing is served then.
        logger.warning("The data version could not be bumped after migrating.")
