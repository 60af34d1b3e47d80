"""The labels of a model field's choices in the active language, translated once
per field and language instead of at every display."""

from __future__ import annotations

import functools

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


def choice_label(field: models.Field, value):
    """The label of `value` among `field`'s choices in the active language, as
    Django's get_FOO_display() gives it: a str, or `value` itself when it is not
    one of the choices (None stays None, a str stays as it is).

    Django's own builds and hashes the whole list of choices, translating every
    label, at each call: a profile page makes a few dozen such calls."""
    labels = _labels(field, get_language())
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


@functools.cache
def _labels(field: models.Field, language: str | None) -> dict:
    # The language is part of the key: the labels are translated when the
    # dictionary is built. Fields' choices are fixed when the models load.
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


@receiver(setting_changed)
def _forget_labels(*, setting: str, **kwargs) -> None:
    # Tests may change the languages or the translation catalogues.
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _labels.cache_clear()
