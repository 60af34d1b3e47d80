"""schema.org JSON-LD of a vacancy's page: a JobPosting, built from what the page
has already loaded, so it adds no database query. Every address in it is on
BASE_URL."""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static
from wagtail.rich_text import expand_db_html

from fieldops.core.addresses import absolute_url

# The site's logo, as a static file.
LOGO = "img/favicon.svg"


def organisation_json_ld() -> dict:
    """The organisation itself, as the hiring organisation of its vacancies: its
    name, acronym, logo (the site's logo, absolute) and, when
    FIELDOPS_ORGANISATION_URL is set, its official site as url and sameAs."""
    data = {
        "@type": "Organization",
        "name": settings.FIELDOPS_ORGANISATION_NAME,
        "alternateName": settings.FIELDOPS_ORGANISATION_ACRONYM,
        "logo": absolute_url(static(LOGO)),
    }
    if settings.FIELDOPS_ORGANISATION_URL:
        data["url"] = settings.FIELDOPS_ORGANISATION_URL
        data["sameAs"] = settings.FIELDOPS_ORGANISATION_URL
    return data


# Google's recommended JobPosting properties that fieldops records nothing for,
# and why; they are left out rather than guessed (the test of the JobPosting
# checks that each property is either given or listed here).
JOB_POSTING_NOT_RECORDED = {
    "baseSalary": "Vacancies record the grade, not the salary: the pay of a "
    "seconded post is set by the seconding state.",
    "jobLocation.address.addressRegion": "Places record a city and its country, "
    "not the region within the country.",
    "jobLocation.address.postalCode": "Places record no postal code.",
    "jobLocation.address.streetAddress": "Places record no street address.",
}


def job_posting(vacancy, *, locality: str) -> dict:
    """The vacancy (with its operation and duty station loaded) as a schema.org
    JobPosting, with every property of Google's JobPosting documentation that
    fieldops has data for (see JOB_POSTING_NOT_RECORDED for the others).
    `locality` is the duty station's name today.

    employmentType is FULL_TIME: the organisation's posts, seconded or
    contracted, are full-time assignments; the modality says who employs the
    person, not how much they work. directApply is false: applications go
    through the organisation's application system, not this page.
    """
    url = absolute_url(vacancy.get_absolute_url())
    return {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "@id": f"{url}#job-posting",
        "title": vacancy.title,
        "description": expand_db_html(vacancy.description),
        "identifier": {
            "@type": "PropertyValue",
            "name": settings.FIELDOPS_ORGANISATION_NAME,
            "value": vacancy.number,
        },
        "url": url,
        "datePosted": vacancy.issued_on.isoformat(),
        "validThrough": vacancy.local_deadline.isoformat(),
        "employmentType": "FULL_TIME",
        "totalJobOpenings": vacancy.posts,
        "directApply": False,
        "hiringOrganization": organisation_json_ld(),
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": locality,
                "addressCountry": vacancy.duty_station.country.code,
            },
        },
    }
