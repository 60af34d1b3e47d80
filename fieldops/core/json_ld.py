"""The one writer of schema.org JSON-LD into a page."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# As django.utils.html.json_script (which writes only type="application/json"):
# no "</script>" or "<!--" in a value can close the element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data) -> SafeString:
    """`data` (a dict or list; dates, decimals and lazy strings as Django's JSON
    encoder writes them, other characters unescaped) in a
    <script type="application/ld+json"> element, with "<", ">" and "&" escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_ESCAPES)),  # noqa: S308  (escaped above)
    )
