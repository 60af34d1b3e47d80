"""Lighthouse's SEO category scores 100 on every public page type of the demo.

Lighthouse (node_modules/, from package.json) drives Debian's Chromium; neither is
downloaded by the test. Without them the test is skipped, except with CI=true.
"""

import pytest

from fieldops.demo.testing import load_astana_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# One address of each public page type.
PAGE_TYPES = {
    "home": "/en/",
    "field operations": "/en/field-operations/",
    "profile": "/en/field-operations/astana/",
    "profile on a past day": "/en/field-operations/astana/?as_of=2000-01-01",
    "documents": "/en/documents/",
    "a document": "/en/documents/pc-dec-243/",
    "vacancies": "/en/vacancies/",
    "filtered vacancies": "/en/vacancies/?grade=P3",
    "a vacancy": "/en/vacancies/EXAMPLE-AST-001/",
    "job alerts": "/en/job-alerts/",
    "open data": "/en/open-data/",
}


def failures(report: dict) -> list[str]:
    """The SEO audits that did not pass (manual and not-applicable ones aside)."""
    audits = report["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']]['title']}"
        for ref in report["categories"]["seo"]["auditRefs"]
        if audits[ref["id"]]["score"] not in (1, None)
    ]


def test_every_public_page_type_scores_100(live_server, settings, lighthouse):
    load_astana_demo()
    # Canonical links and the like name BASE_URL, which is this server here.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    urls = [live_server.url + path for path in PAGE_TYPES.values()]
    reports = lighthouse(urls, "seo")
    assert [report["requestedUrl"] for report in reports] == urls
    below = {}
    for name, report in zip(PAGE_TYPES, reports, strict=True):
        if report["categories"]["seo"]["score"] != 1:
            below[name] = (report["categories"]["seo"]["score"], failures(report))
    assert below == {}
