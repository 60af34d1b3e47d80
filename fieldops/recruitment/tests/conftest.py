"""Fixtures of the recruitment tests (the SMTP server is the root conftest's)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters of one test must not count in the next."""
    cache.clear()
    yield
    cache.clear()
