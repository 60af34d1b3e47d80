"""The addresses of the site's own views, reversed once per process for each set
of arguments instead of at every link.

A profile page links to some forty addresses (its downloads, its documents, its
vacancies), and Django's reverse() walks the URL patterns' possibilities and
quotes every argument each time: about a tenth of the page's render. What an
address is depends only on the view, its arguments, the active language (the
language prefix), the script prefix and the URL configuration, which are all in
the key of what is remembered here.
"""

from __future__ import annotations

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def url_of(viewname: str, *args: str | int, **kwargs: str | int) -> str:
    """reverse(viewname, args=args, kwargs=kwargs), the path of one of the
    site's views such as "/en/documents/pc-dec-1/", in the active language.

    Arguments are strs or ints (they are part of a key). Raises NoReverseMatch,
    as reverse() does, for a view or arguments that match no address; nothing
    is remembered then."""
    return _reversed(
        viewname,
        args,
        tuple(sorted(kwargs.items())),
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )


@functools.lru_cache(maxsize=8192)
def _reversed(viewname, args, kwargs, language, prefix, urlconf) -> str:
    # Called with the language, prefix and URL configuration of the key active.
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs))


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs) -> None:
    # Tests may change the URL configuration or the languages (as Django's own
    # URL caches are cleared then).
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _reversed.cache_clear()
