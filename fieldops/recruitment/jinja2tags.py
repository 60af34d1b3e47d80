"""Functions of the profile's vacancies section in Jinja2 (see
core/jinja2tags.py)."""

from __future__ import annotations

from jinja2 import Environment
from jinja2.ext import Extension

from fieldops.operations.models import OperationStatus
from fieldops.recruitment.selectors import operation_open_vacancies
from fieldops.recruitment.templatetags.vacancies import local_deadline


def profile_vacancies(profile) -> dict:
    """What the vacancies section of a field operation's profile (an
    operations Profile) shows: {"shown": False} for a past day; else its open
    vacancies now ("vacancies", one query), "operation_id", and "alerts",
    whether job alerts are offered (only while it works: the alert form offers
    no other)."""
    if not profile.is_today:
        return {"shown": False}
    operation_id = profile.operation.pk
    return {
        "shown": True,
        "alerts": profile.status == OperationStatus.CURRENT,
        "operation_id": operation_id,
        "vacancies": operation_open_vacancies(operation_id),
    }


class VacanciesExtension(Extension):
    """`profile_vacancies(profile)` and the `local_deadline` filter."""

    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.globals["profile_vacancies"] = profile_vacancies
        environment.filters["local_deadline"] = local_deadline
