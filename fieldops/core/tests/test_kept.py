"""What pages read from the database, kept under the data version
(fieldops/core/kept.py), and the routes of page addresses kept that way
(fieldops/core/routing.py): read once per version, and never after a change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fieldops.core import data_version
from fieldops.core import kept as kept_module
from fieldops.core.kept import forget, kept, request_version
from fieldops.operations.tests.factories import FieldOperationPageFactory

pytestmark = pytest.mark.django_db


class Counted:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


@pytest.fixture
def in_a_request():
    """As SiteMiddleware sets it while a request is answered."""
    reset = request_version.set("7.1.2026-11-30")
    yield
    request_version.reset(reset)


@pytest.mark.usefixtures("in_a_request")
class KeptTests:
    def test_a_value_is_built_once_per_version(self):
        build = Counted(["a", "b"])
        assert kept("letters", build) == ["a", "b"]
        assert kept("letters", build) == ["a", "b"]
        assert build.calls == 1
        request_version.set("8.1.2026-11-30")
        assert kept("letters", build) == ["a", "b"]
        assert build.calls == 2

    def test_values_of_other_names_are_apart(self):
        assert kept("first", Counted(1)) == 1
        assert kept("second", Counted(2)) == 2

    def test_false_and_empty_values_are_kept_but_none_is_not(self):
        for value in (False, [], 0):
            build = Counted(value)
            kept(f"value-{value!r}", build)
            assert kept(f"value-{value!r}", build) == value
            assert build.calls == 1
        build = Counted(None)
        kept("nothing", build)
        kept("nothing", build)
        assert build.calls == 2

    def test_nothing_is_kept_when_switched_off(self, settings):
        settings.FIELDOPS_KEEP = False
        build = Counted("x")
        kept("switched-off", build)
        kept("switched-off", build)
        assert build.calls == 2


@pytest.mark.usefixtures("in_a_request")
class KeptInMemoryTests:
    """What a process read or built is answered from its own memory, not
    unpickled from the cache on every request."""

    def test_a_kept_value_is_the_same_object_without_the_cache(self):
        build = Counted(["a"])
        first = kept("held", build)
        cache.clear()  # the shared copy gone: memory still answers
        assert kept("held", build) is first
        assert build.calls == 1
        forget()
        assert kept("held", build) == ["a"]
        assert build.calls == 2

    def test_a_value_read_from_the_cache_is_held_in_memory_too(self):
        build = Counted(["b"])
        kept("read", build)
        forget()  # as another process, which finds it in the shared cache
        found = kept("read", build)
        cache.clear()
        assert kept("read", build) is found
        assert build.calls == 1

    def test_a_later_version_drops_what_memory_held_of_the_earlier(self):
        build = Counted("x")
        kept("versioned", build)
        request_version.set("8.1.2026-11-30")
        kept("versioned", build)
        assert build.calls == 2
        cache.clear()
        request_version.set("7.1.2026-11-30")
        kept("versioned", build)
        assert build.calls == 3

    def test_memory_holds_at_most_its_number_of_values(self, monkeypatch):
        monkeypatch.setattr(kept_module, "LOCAL_ENTRIES", 2)
        builds = {name: Counted(name) for name in ("one", "two", "three")}
        for name, build in builds.items():
            kept(name, build)
        cache.clear()
        for name, build in reversed(builds.items()):
            kept(name, build)
        # "one" was dropped to make room for "three"; the others were held.
        assert [b.calls for b in builds.values()] == [2, 1, 1]


def test_outside_a_request_nothing_is_kept():
    build = Counted("x")
    kept("outside", build)
    kept("outside", build)
    assert build.calls == 2


class KeptRouteTests:
    def test_a_page_read_again_reads_no_page_and_no_locale(self, client):
        page = FieldOperationPageFactory()
        assert client.get(page.url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        sql = " ".join(query["sql"] for query in captured)
        assert "wagtailcore_page" not in sql
        assert "wagtailcore_locale" not in sql

    def test_an_unpublished_page_is_gone_at_once(
        self, client, django_capture_on_commit_callbacks
    ):
        page = FieldOperationPageFactory()
        url = page.url
        assert client.get(url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            page.unpublish()
        assert client.get(url).status_code == 404

    def test_a_section_given_a_new_address_is_found_there_and_not_at_the_old(
        self, client, django_capture_on_commit_callbacks
    ):
        page = FieldOperationPageFactory()
        old = page.url
        assert client.get(old).status_code == 200
        index = page.get_parent().specific
        index.slug = "operations"
        with django_capture_on_commit_callbacks(execute=True):
            index.save_revision().publish()
        page.refresh_from_db()
        assert page.url != old
        # Wagtail's redirect made on the move, not the old route kept.
        moved = client.get(old)
        assert (moved.status_code, moved["Location"]) == (301, page.url)
        assert client.get(page.url).status_code == 200

    def test_an_address_that_routes_nowhere_is_not_kept(self, client):
        from django.core.cache import cache

        client.get("/en/")
        before = set(cache._cache) if hasattr(cache, "_cache") else None
        for index in range(5):
            assert client.get(f"/en/no-such-page-{index}/").status_code == 404
        if before is not None:  # local memory: its keys can be listed
            assert set(cache._cache) == before

    def test_a_route_changed_by_another_process_is_followed_on_the_next_version(
        self, client
    ):
        from wagtail.models import Page

        page = FieldOperationPageFactory()
        url = page.url
        assert client.get(url).status_code == 200
        # No signal here: as if another process had unpublished it.
        Page.objects.filter(pk=page.pk).update(live=False)
        data_version.bump()
        assert client.get(url).status_code == 404
