"""Fixtures of the recruitment tests (the SMTP server is the root conftest's)."""

import pytest
from django.core.cache import cache, caches


def _commits(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _empty_cache(request, django_db_blocker):
    """Rate-limit counters of one test must not count in the next. The limits'
    database cache is rolled back with a test's transaction; a test that commits
    leaves its counts in the table, which the flush after it does not empty."""
    cache.clear()
    yield
    cache.clear()
    if _commits(request):
        with django_db_blocker.unblock():
            caches["limits"].clear()
