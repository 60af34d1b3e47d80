"""What a public page's head tells search engines: its canonical address, on
BASE_URL, and its address in each language of settings.LANGUAGES."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from fieldops.core.addresses import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_links(context, query: str = "", page: int | str = 1) -> SafeString:
    """<link rel="canonical"> for the request's path on BASE_URL, and, once more
    than one language is switched on, a <link rel="alternate" hreflang> for each
    language and one for x-default (LANGUAGE_CODE).

    `query` is the part of the query string that names a different page (such
    as "as_of=2000-01-01" or the vacancy filters), with or without its "?";
    anything else in the request's query string (tracking parameters, a repeated
    page number) is left out, so that the same content has one address. A
    `page` above 1 is added as page=<n>.
    """
    request = context.get("request")
    if request is None:
        return SafeString()
    path = request.path
    params = [part for part in [query.lstrip("?")] if part]
    if str(page).isdigit() and int(page) > 1:
        params.append(f"page={int(page)}")
    suffix = f"?{'&'.join(params)}" if params else ""
    html = format_html('<link rel="canonical" href="{}">', absolute_url(path + suffix))
    if len(settings.LANGUAGES) < 2:
        return html

    def address(language: str) -> str:
        return absolute_url(translate_url(path, language) + suffix)

    alternates = [(code, address(code)) for code, _name in settings.LANGUAGES]
    alternates.append(("x-default", address(settings.LANGUAGE_CODE)))
    return html + format_html_join(
        "", '\n  <link rel="alternate" hreflang="{}" href="{}">', alternates
    )
