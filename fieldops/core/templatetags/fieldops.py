"""Template filters for money, counts and partial dates in the reader's language
(core/display.py), and the site's addresses."""

from __future__ import annotations

from django import template

from fieldops.core import links
from fieldops.core.display import (
    currency_name,
    iso_date,
    money,
    number,
    partial_date,
    web_site,
)

register = template.Library()

for _filter in (money, number, currency_name, web_site, partial_date, iso_date):
    register.filter(_filter.__name__, _filter)


@register.simple_tag
def url_of(viewname: str, *args, **kwargs) -> str:
    """Django's {% url %}, the address remembered once reversed (core/links.py):
    {% url_of 'documents:detail' slug=document.slug %}, or with `as name`."""
    return links.url_of(viewname, *args, **kwargs)


@register.filter
def startswith(value: str, prefix: str) -> bool:
    """For marking the current section in the navigation."""
    return bool(prefix) and str(value).startswith(prefix)
