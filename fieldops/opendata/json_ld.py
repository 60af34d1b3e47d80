"""schema.org JSON-LD of a profile, built from the profile already loaded: it adds
no database query to the page."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from fieldops.core.models import started_by
from fieldops.operations.selectors import Profile

# As django.utils.html.json_script: no "</script>" or "<!--" can close the element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def profile_json_ld(profile: Profile, *, url: str, canonical_url: str) -> dict:
    """A GovernmentOrganization describing the operation as shown on the page."""
    operation = profile.operation
    name = profile.name.full_name if profile.name else operation.slug
    names = started_by(operation.names.all(), profile.day)
    alternate = [n.full_name for n in names] + [n.short_name for n in names]
    alternate = [n for n in dict.fromkeys(alternate) if n and n != name]
    country = profile.host_country
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": f"{canonical_url}#organization",
        "name": name,
        "url": url,
        "parentOrganization": {
            "@type": "Organization",
            "name": settings.FIELDOPS_ORGANISATION_NAME,
            "alternateName": settings.FIELDOPS_ORGANISATION_ACRONYM,
        },
        "areaServed": {
            "@type": "Country",
            "name": str(country.name),
            "identifier": country.code,
        },
    }
    if alternate:
        data["alternateName"] = alternate
    if profile.established:
        data["foundingDate"] = profile.established.iso()
    if profile.is_closed and profile.name.start:
        data["dissolutionDate"] = profile.name.start.iso()
    if profile.seat:
        place = profile.seat.office.place
        data["location"] = {
            "@type": "Place",
            "name": profile.seat.place_name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": profile.seat.place_name,
                "addressCountry": place.country.code,
            },
        }
    if profile.staffing:
        data["numberOfEmployees"] = {
            "@type": "QuantitativeValue",
            "value": profile.staffing.total,
        }
    if profile.head:
        head = {
            "@type": "Person",
            "name": profile.head.person.name,
            "jobTitle": profile.head.post.title,
        }
        if profile.head.honorific:
            head["honorificPrefix"] = profile.head.honorific
        data["employee"] = head
    return data


def json_ld_script(data: dict) -> SafeString:
    """`data` in a <script type="application/ld+json"> element, escaped safely."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_ESCAPES)),  # noqa: S308  (escaped above)
    )
