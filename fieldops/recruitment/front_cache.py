"""Where vacancies are shown, for the front cache's purges
(fieldops/core/front_cache.py)."""

from __future__ import annotations

from fieldops.core import front_cache
from fieldops.operations.front_cache import profile_paths

from .models import FieldOfExpertise, Vacancy


def vacancy_addresses(vacancy: Vacancy) -> set[str]:
    """The vacancies' list, feeds and pages, the profile of the operation that
    recruits (its vacancies section) and the sitemap."""
    found = {f"^/{front_cache.language_prefixes()}/vacancies/", "/sitemap.xml"}
    if vacancy.operation_id:
        found |= profile_paths(vacancy.operation)
    return found


def vacancies_addresses(record) -> set[str]:
    """A field of expertise is named on any vacancy."""
    return {f"^/{front_cache.language_prefixes()}/vacancies/"}


def register_addresses() -> None:
    """Tell the front cache where this app shows what (AppConfig.ready)."""
    front_cache.register(Vacancy, vacancy_addresses)
    front_cache.register(FieldOfExpertise, vacancies_addresses)
