"""Purging the front cache (Varnish, deploy/varnish/fieldops.vcl) when what a
page shows changes.

Which addresses show a record is said once per kind: each app registers, for the
models it shows, a function returning the addresses where it shows them
(`register`); `addresses(instance)` gathers them. An address is either a path
("/en/field-operations/astana/"), which the front cache purges with every query
string it was asked with (?as_of=, filters, pages), or a regular expression
starting with "^" ("^/exports/"), which purges every path it matches.

Every save or deletion of a registered model (publishing, unpublishing and
scheduled publishing all save) purges its addresses once the transaction is
committed: purging earlier would let a request refill the cache with the old
content before the new one is visible. Purging must never make a change fail: a
front cache that is down or slow is logged and left; its copies then expire on
their own (Cache-Control's s-maxage).

FIELDOPS_FRONT_CACHE_URL names the front cache (http://127.0.0.1:6081); empty,
the default, purges nothing and costs nothing.
"""

from __future__ import annotations

import http.client
import logging
import threading
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

# A front cache on this host answers a purge in well under a millisecond.
TIMEOUT_SECONDS = 2
# Saves that only keep Wagtail's draft bookkeeping change nothing a visitor sees.
DRAFT_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "numchild",
    }
)

Finder = Callable[[object], Iterable[str]]
_finders: list[tuple[type, Finder]] = []
_local = threading.local()


def register(model: type, finder: Finder) -> None:
    """Say where instances of `model` (and its subclasses) are shown:
    `finder(instance)` returns paths and "^" regular expressions (see above).
    Registering the same function again for the same model does nothing."""
    if (model, finder) not in _finders:
        _finders.append((model, finder))


def addresses(instance) -> set[str]:
    """Every address that shows `instance`, by every registered finder."""
    found: set[str] = set()
    for model, finder in _finders:
        if isinstance(instance, model):
            found.update(finder(instance))
    return found


def language_prefixes() -> str:
    """The public languages as a regular expression group, "(en|ru)", for
    addresses that begin with the language."""
    return "(" + "|".join(code for code, _ in settings.LANGUAGES) + ")"


def page_paths(page) -> set[str]:
    """The paths of `page` in every language it is translated into ("/en/x/"),
    live or not (an unpublished page is purged from where it was)."""
    paths = set()
    for translation in page.get_translations(inclusive=True):
        parts = translation.get_url_parts()
        if parts is not None:
            paths.add(parts[2])
    return paths


def page_addresses(page) -> set[str]:
    """A Wagtail page is shown at its own address, in the listing of its parent
    and in the sitemap."""
    found = page_paths(page) | {"/sitemap.xml"}
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        found |= page_paths(parent)
    return found


def purge(found: Iterable[str]) -> int:
    """Send one PURGE per address to the front cache now. Returns how many it
    accepted; stops at the first that fails (logged: a cache that is down fails
    them all). Never raises."""
    location = urlsplit(settings.FIELDOPS_FRONT_CACHE_URL)
    done = 0
    for address in sorted(found):
        if address.startswith("^"):
            path, headers = "/", {"X-Purge-Regex": address}
        else:
            path, headers = address, {}
        try:
            connection = http.client.HTTPConnection(
                location.hostname, location.port or 80, timeout=TIMEOUT_SECONDS
            )
            try:
                connection.request("PURGE", path, headers=headers)
                answer = connection.getresponse()
                answer.read()
            finally:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            logger.warning("The front cache did not purge %s: %s", address, error)
            return done
        if answer.status != 200:
            logger.warning(
                "The front cache refused to purge %s: %s", address, answer.status
            )
            continue
        done += 1
    return done


def purge_on_commit(instance) -> None:
    """Purge the addresses that show `instance` once the current transaction
    commits (at once outside one). Errors in a finder are logged, never raised.

    The addresses wait in this thread's pending set, which the first callback
    after a commit sends whole: a transaction that saves a thousand records of
    one operation purges its addresses once. What a rolled-back transaction left
    there goes with the next purge, which is harmless."""
    if not settings.FIELDOPS_FRONT_CACHE_URL:
        return
    try:
        found = addresses(instance)
    except Exception:
        logger.exception("Could not tell which addresses show %r", instance)
        return
    if found:
        _pending().update(found)
        transaction.on_commit(_purge_pending, robust=True)


def _pending() -> set[str]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    return _local.pending


def _purge_pending() -> None:
    found, _local.pending = _pending(), set()
    if found:
        purge(found)


def _saved(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    purge_on_commit(instance)


def _deleted(sender, instance, **kwargs):
    purge_on_commit(instance)


def connect_signals() -> None:
    """Purge on every save and deletion of a registered model (AppConfig.ready)."""
    post_save.connect(_saved, dispatch_uid="fieldops_front_cache_saved")
    post_delete.connect(_deleted, dispatch_uid="fieldops_front_cache_deleted")
