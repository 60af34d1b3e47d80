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
    Site.objects.update(is_default_site=False)
    assert site_for("unknown.org", 80) is None
    assert wagtail_s_choice("unknown.org", 80) is None


def test_the_site_and_its_root_page_cost_no_query_once_cached(client):
    client.get("/en/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/")
    sql = " ".join(query["sql"] for query in captured)
    assert "wagtailcore_site" not in sql
    assert "core_homepage" not in sql


def test_a_published_home_page_is_shown_at_once(
    client, django_capture_on_commit_callbacks
):
    client.get("/en/")
    page = HomePage.objects.get(locale__language_code="en")
    page.intro = "Offices across the region, as published."
    # As when the admin's transaction commits: the data version goes up.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "Offices across the region, as published." in text(client.get("/en/"))


def test_a_changed_site_is_used_at_once(client, django_capture_on_commit_callbacks):
    client.get("/en/")
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "example.org", False
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
    # No site answers the test client's host any more.
    assert client.get("/en/").status_code == 404


def test_a_view_restriction_applies_at_once(client):
    from wagtail.models import PageViewRestriction

    from fieldops.core import data_version
    from fieldops.operations.tests.factories import FieldOperationPageFactory

    page = FieldOperationPageFactory()
    url = page.url
    assert client.get(url).status_code == 200  # cached: no page is restricted
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    # What its commit does (the factory's pending bump stands for both here).
    data_version.bump()
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_an_unknown_section_of_the_home_page_is_not_found(client):
    assert client.get("/en/no-such-section/").status_code == 404
    assert client.get("/en/field-operations/").status_code == 200


def test_the_home_page_reads_nothing_but_the_data_version_once_kept(client):
    client.get("/en/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/").status_code == 200
    # The data version, which the HTTP cache reads before every public answer
    # (fieldops/core/http_cache.py); its route is kept (fieldops/core/routing.py).
    queries = [q["sql"] for q in captured if "core_dataversion" not in q["sql"]]
    assert queries == []


def test_a_site_changed_by_another_process_is_used_on_its_next_version(client):
    """Another process's change reaches this one only through the data version
    (the cache may be this process's own memory): no signal here, a bump."""
    from fieldops.core import data_version

    assert client.get("/en/").status_code == 200
    Site.objects.update(hostname="example.org", is_default_site=False)
    data_version.bump()
    assert client.get("/en/").status_code == 404


def test_a_restriction_made_by_another_process_applies_on_its_next_version(client):
    from wagtail.models import PageViewRestriction

    from fieldops.core import data_version
    from fieldops.operations.tests.factories import FieldOperationPageFactory

    page = FieldOperationPageFactory()
    assert client.get(page.url).status_code == 200
    # bulk_create sends no post_save: as if another process had saved it.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=page, restriction_type=PageViewRestriction.LOGIN)]
    )
    data_version.bump()
    assert client.get(page.url).status_code == 302
