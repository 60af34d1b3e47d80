"""The profile's Jinja2 templates (fieldops/jinja2/, core/jinja2tags.py): they
write what Django's templates would, their messages are in the catalogue, and
makemessages keeps them there."""

import shutil
from pathlib import Path

import polib
from django.core.management import call_command
from django.template import Context, Template, engines
from django.test import override_settings
from django.utils import translation

from conftest import unavailable
from fieldops.core import jinja2tags
from fieldops.core.management.commands.makemessages import jinja2_messages

PROJECT = Path(__file__).resolve().parents[2]
JINJA2_DIR = PROJECT / "jinja2"
PO_FILE = PROJECT / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def templates_messages() -> list[polib.POEntry]:
    return [
        e for path in sorted(JINJA2_DIR.rglob("*.html")) for e in jinja2_messages(path)
    ]


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


class CatalogueTests:
    def test_the_templates_have_messages(self):
        messages = {(e.msgid, e.msgid_plural) for e in templates_messages()}
        assert ("Source not given", "") in messages
        assert ("%(counter)s office", "%(counter)s offices") in messages
        # A {% trans %} block's variables are named as blocktranslate names them.
        assert ('Adopted <time datetime="%(iso)s">%(day)s</time>', "") in messages

    def test_every_message_of_the_templates_is_translated(self):
        catalogue = polib.pofile(str(PO_FILE))
        missing = []
        for message in templates_messages():
            entry = catalogue.find(message.msgid)
            if (
                entry is None
                or not entry.translated()
                or entry.msgid_plural != message.msgid_plural
            ):
                missing.append(message.msgid)
        assert missing == []


class EnvironmentTests:
    def test_dates_and_numbers_are_written_as_django_writes_them(self):
        import datetime

        day = datetime.date(1998, 6, 11)
        with translation.override("en"):
            context = {"day": day, "n": 1.5}
            django = Template("{{ day }} {{ n }}").render(Context(context))
            assert (
                render("{{ day }} {{ n }}", **context) == django == "11 June 1998 1.5"
            )
        with translation.override("ru"):
            django = Template("{{ day }} {{ n }}").render(Context(context))
            assert render("{{ day }} {{ n }}", **context) == django
            assert django.endswith("1,5")

    def test_what_is_written_is_escaped(self):
        assert render("{{ text }}", text="<b>&") == "&lt;b&gt;&amp;"
        assert render("{{ _(text) }}", text="<b>") == "<b>"  # a message is trusted

    def test_a_trans_block_escapes_its_variables(self):
        html = render(
            "{% trans name=name %}Portrait of {{ name }}{% endtrans %}", name="<i>"
        )
        assert html == "Portrait of &lt;i&gt;"

    def test_messages_are_in_the_active_language(self):
        with translation.override("ru"):
            assert render('{{ _("Source not given") }}') != "Source not given"
            assert render("{{ _('Source not given') }}") == translation.gettext(
                "Source not given"
            )
        with translation.override("en"):
            assert render('{{ _("Source not given") }}') == "Source not given"

    def test_remembered_messages_are_forgotten_with_the_languages(self):
        with translation.override("ru"):
            jinja2tags.gettext("Source not given")
        assert jinja2tags._languages
        with override_settings(LANGUAGES=[("en", "English"), ("ru", "Russian")]):
            assert not jinja2tags._languages

    def test_an_included_jinja2_template_speaks_the_active_language(self):
        template = Template(
            "{% load jinja2_templates %}"
            '{% jinja2_include "includes/stale.html" stale=True %}'
        )
        for language in ("ru", "en", "ru"):
            with translation.override(language):
                html = template.render(Context({"STALE_AFTER_MONTHS": 12}))
                label = translation.gettext("May be out of date:")
            assert f'<strong class="stale__label">{label}</strong>' in html
        assert label != "May be out of date:"

    def test_a_django_template_includes_a_jinja2_one(self):
        template = Template(
            "{% load jinja2_templates %}"
            '<p>{% jinja2_include "includes/stale.html" stale=True %}</p>'
        )
        html = template.render(Context({"STALE_AFTER_MONTHS": 12}))
        assert html.startswith('<p><p class="stale">')
        assert "more than 12 months older" in html


class MakeMessagesTests:
    def test_the_jinja2_templates_messages_stay_in_the_catalogue(
        self, tmp_path, settings, monkeypatch
    ):
        if not shutil.which("xgettext") or not shutil.which("msgmerge"):
            unavailable("GNU gettext (xgettext, msgmerge) is not installed.")
        shutil.copytree(JINJA2_DIR, tmp_path / "jinja2")
        shutil.copytree(PROJECT / "locale", tmp_path / "locale")
        (tmp_path / "templates").mkdir()
        (tmp_path / "templates" / "page.html").write_text(
            '{% load i18n %}{% translate "Source not given" %}'
            '{% translate "Only in a Django template" %}'
        )
        settings.LOCALE_PATHS = [tmp_path / "locale"]
        settings.TEMPLATES = [
            settings.TEMPLATES[0],
            {**settings.TEMPLATES[1], "DIRS": [tmp_path / "jinja2"]},
        ]
        monkeypatch.chdir(tmp_path)
        call_command("makemessages", locale=["ru"], verbosity=0)

        catalogue = polib.pofile(str(tmp_path / "locale/ru/LC_MESSAGES/django.po"))
        kept = {e.msgid: e for e in catalogue if not e.obsolete}
        for message in templates_messages():
            entry = kept[message.msgid]
            assert entry.translated(), message.msgid
            assert entry.msgid_plural == message.msgid_plural
        assert "Only in a Django template" in kept
        # Found in both kinds of template: one entry, both places named.
        places = {path for path, _line in kept["Source not given"].occurrences}
        assert "templates/page.html" in places
        assert any(path.startswith("jinja2/") for path in places)
