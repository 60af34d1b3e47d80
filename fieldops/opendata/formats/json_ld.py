"""schema.org JSON-LD of the profile pages (a GovernmentOrganization), built from
what the page has already loaded, so it adds no database query. Every address in
it is on BASE_URL. A vacancy's JobPosting is built in recruitment/json_ld.py."""

from __future__ import annotations

from django.conf import settings

from fieldops.core.models import started_by
from fieldops.operations.selectors import Profile


def _location(seat) -> dict:
    """The seat (headquarters) as a schema.org Place, under its name of the day."""
    return {
        "@type": "Place",
        "name": seat.place_name,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": seat.place_name,
            "addressCountry": seat.office.place.country.code,
        },
    }


def _person(head) -> dict:
    """The head of office as a schema.org Person with their post as job title."""
    person = {
        "@type": "Person",
        "name": head.person.name,
        "jobTitle": head.post.title,
    }
    if head.honorific:
        person["honorificPrefix"] = head.honorific
    return person


def profile_json_ld(profile: Profile, *, canonical_url: str) -> dict:
    """A GovernmentOrganization describing the operation as shown on the page at
    `canonical_url` (absolute; for a past day, the address naming that day).

    A past day's description has its own @id (the dated address's), so that it
    is never merged with today's, and says which day it describes: it is the
    subject of a WebPage whose temporalCoverage is that day.
    """
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
        "url": canonical_url,
        "parentOrganization": {
            "@type": "Organization",
            "name": settings.FIELDOPS_ORGANISATION_NAME,
            "alternateName": settings.FIELDOPS_ORGANISATION_ACRONYM,
        },
    }
    if country:  # none when the operation has no single host
        data["areaServed"] = {
            "@type": "Country",
            "name": str(country.name),
            "identifier": country.code,
        }
    if alternate:
        data["alternateName"] = alternate
    if profile.established:
        data["foundingDate"] = profile.established.iso()
    if profile.is_closed and profile.closed_on:
        data["dissolutionDate"] = profile.closed_on.iso()
    if profile.seat:
        data["location"] = _location(profile.seat)
    if profile.staffing:
        data["numberOfEmployees"] = {
            "@type": "QuantitativeValue",
            "value": profile.staffing.total,
        }
    if profile.head:
        data["employee"] = _person(profile.head)
    if not profile.is_today:
        data["subjectOf"] = {
            "@type": "WebPage",
            "@id": canonical_url,
            "url": canonical_url,
            "temporalCoverage": profile.day.isoformat(),
        }
    return data
