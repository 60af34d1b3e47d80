"""The site's addresses remembered once reversed (fieldops/core/links.py): the
same as Django's reverse() in every language, and reversed once."""

from unittest import mock

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from fieldops.core import links
from fieldops.core.links import url_of

ADDRESSES = [
    ("documents:detail", (), {"slug": "pc-dec-1"}),
    ("exports:operation_csv", (), {"slug": "astana", "table": "offices"}),
    ("exports:comparison", ("csv",), {}),
    ("wagtail_serve", ("field-operations/",), {}),
    ("recruitment:list", (), {}),
]


@pytest.fixture(autouse=True)
def nothing_remembered():
    links._reversed.cache_clear()
    yield
    links._reversed.cache_clear()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_address_is_the_one_reverse_gives(language):
    with translation.override(language):
        for name, args, kwargs in ADDRESSES:
            assert url_of(name, *args, **kwargs) == reverse(
                name, args=args, kwargs=kwargs
            )


def test_an_address_is_reversed_once_per_language():
    with mock.patch.object(links, "reverse", wraps=reverse) as reversing:
        with translation.override("en"):
            english = [url_of("documents:detail", slug="a") for _ in range(3)]
        with translation.override("ru"):
            russian = url_of("documents:detail", slug="a")
    assert english == ["/en/documents/a/"] * 3
    assert russian == "/ru/documents/a/"
    assert reversing.call_count == 2


def test_the_script_prefix_is_part_of_the_address():
    with translation.override("en"):
        try:
            set_script_prefix("/site/")
            prefixed = url_of("documents:detail", slug="a")
        finally:
            set_script_prefix("/")
        assert prefixed == "/site/en/documents/a/"
        assert url_of("documents:detail", slug="a") == "/en/documents/a/"


def test_an_address_that_matches_nothing_raises_and_is_not_remembered():
    with mock.patch.object(links, "reverse", wraps=reverse) as reversing:
        for _ in range(2):
            with pytest.raises(NoReverseMatch):
                url_of("documents:detail", slug="not a slug!")
    assert reversing.call_count == 2


def test_another_url_configuration_is_followed():
    with translation.override("en"):
        assert url_of("recruitment:list") == "/en/vacancies/"
        with override_settings(ROOT_URLCONF="fieldops.core.tests.urls_elsewhere"):
            assert url_of("recruitment:list") == "/elsewhere/vacancies/"
        assert url_of("recruitment:list") == "/en/vacancies/"


def test_the_template_tag_gives_the_address_and_names_it():
    template = engines["django"].from_string(
        "{% load fieldops %}{% url_of 'documents:detail' slug=slug %}"
        "|{% url_of 'exports:comparison' 'csv' as csv %}{{ csv }}"
    )
    with translation.override("en"):
        assert template.render({"slug": "a"}) == (
            "/en/documents/a/|/exports/comparison.csv"
        )
