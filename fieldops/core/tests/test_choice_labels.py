"""get_FOO_display() read from the memo of core.choices gives what Django's own
gives, in each language, for every choice field of the project's models."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from fieldops.core.models import ChoiceLabels
from fieldops.operations.models import FinancialFigure

LANGUAGES = ["en", "ru", None]  # None: translations deactivated


def _choice_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("fieldops."):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def _display(instance, field):
    return getattr(instance, f"get_{field.name}_display")()


def test_every_choice_field_of_the_project_reads_its_labels_from_the_memo():
    missing = sorted(
        f"{model.__name__}.{field.name}"
        for model, field in _choice_fields()
        if not issubclass(model, ChoiceLabels)
    )
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_are_those_django_gives(language):
    checked = 0
    with translation.override(language):
        for model, field in _choice_fields():
            instance = model()
            values = [value for value, _ in field.flatchoices]
            for value in [*values, "not-a-choice", None]:
                setattr(instance, field.attname, value)
                expected = models.Model._get_FIELD_display(instance, field)
                shown = _display(instance, field)
                assert shown == expected, (model, field.name, value)
                assert type(shown) is type(expected)
                checked += 1
    assert checked > 100


def test_the_label_follows_the_active_language():
    figure = FinancialFigure(fund="unified")
    with translation.override("en"):
        english = figure.get_fund_display()
    with translation.override("ru"):
        russian = figure.get_fund_display()
    with translation.override("en"):
        again = figure.get_fund_display()
    assert english == again == "Unified Budget"
    assert russian != english
    assert russian == "Унифицированный бюджет"
