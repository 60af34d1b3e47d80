"""The sites kept in the cache (fieldops/core/sites.py): found by Wagtail's own
rules, and dropped as soon as a site or a page changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from fieldops.core.models import HomePage
from fieldops.core.sites import site_for
from fieldops.core.tests.html import text

pytestmark = pytest.mark.django_db


def wagtail_s_choice(hostname: str, port: int):
    try:
        return get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        return None


def test_the_site_is_the_one_wagtail_would_choose():
    root = Page.objects.get(depth=1)
    Site.objects.create(hostname="example.org", port=80, root_page=root)
    Site.objects.create(hostname="example.org", port=8080, root_page=root)
    Site.objects.create(hostname="other.org", port=443, root_page=root)
    for hostname in ("localhost", "example.org", "other.org", "unknown.org"):
        for port in (80, 443, 8080, 9000):
            chosen = site_for(hostname, port)
            assert (chosen and chosen.pk) == wagtail_s_choice(hostname, port), (
                hostname,
                port,
            )


def test_without_a_default_site_an_unknown_host_has_none():
    Site.objects.update(is_default_site=False)  # no signal: forget it by hand
    from fieldops.core.sites import forget_sites

    forget_sites()
    assert site_for("unknown.org", 80) is None
    assert wagtail_s_choice("unknown.org", 80) is None


def test_the_site_and_its_root_page_cost_no_query_once_cached(client):
    client.get("/en/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/")
    sql = " ".join(query["sql"] for query in captured)
    assert "wagtailcore_site" not in sql
    assert "core_homepage" not in sql


def test_a_published_home_page_is_shown_at_once(client):
    client.get("/en/")
    page = HomePage.objects.get(locale__language_code="en")
    page.intro = "Offices across the region, as published."
    page.save_revision().publish()
    assert "Offices across the region, as published." in text(client.get("/en/"))


def test_a_changed_site_is_used_at_once(client):
    client.get("/en/")
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "example.org", False
    site.save()
    # No site answers the test client's host any more.
    assert client.get("/en/").status_code == 404


def test_a_view_restriction_applies_at_once(client):
    from wagtail.models import PageViewRestriction

    from fieldops.operations.tests.factories import FieldOperationPageFactory

    page = FieldOperationPageFactory()
    url = page.url
    assert client.get(url).status_code == 200  # cached: no page is restricted
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_an_unknown_section_of_the_home_page_is_not_found(client):
    assert client.get("/en/no-such-section/").status_code == 404
    assert client.get("/en/field-operations/").status_code == 200


def test_the_home_page_reads_only_the_locale_once_cached(client):
    client.get("/en/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/").status_code == 200
    # Besides the data version, which the HTTP cache reads before every public
    # answer (fieldops/core/http_cache.py).
    queries = [q["sql"] for q in captured if "core_dataversion" not in q["sql"]]
    assert len(queries) == 1, queries
