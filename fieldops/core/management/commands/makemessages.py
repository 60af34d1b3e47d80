"""Django's makemessages, which also reads the Jinja2 templates
(fieldops/jinja2/: see core/jinja2tags.py).

Django reads every .html file as one of its own templates, where a Jinja2
`{% trans %}` block means nothing: its messages would be left out, and marked
obsolete in the catalogues. Here those templates are read by Jinja2's own
extractor instead, and their messages added to the catalogue template (.pot)
of their locale directory before Django merges it into each language's
catalogue, so `manage.py makemessages -l ru` gives one catalogue for both.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.commands import makemessages
from jinja2.ext import babel_extract

# The functions that mark a message in a Jinja2 template, and the arguments
# that are messages: `{{ _("...") }}` and the `{% trans %}` blocks.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def jinja2_messages(path: Path) -> list[polib.POEntry]:
    """The messages of the Jinja2 template at `path`, as catalogue entries
    (msgid, msgid_plural for a plural, the template's path and line, and the
    python-format flag where a message has `%(name)s`). Raises
    jinja2.TemplateSyntaxError for a template Jinja2 cannot read."""
    entries = []
    with path.open("rb") as template:
        extracted = babel_extract(template, KEYWORDS, [], {"trimmed": "false"})
        for line, _function, message, _comments in extracted:
            # ngettext's are (singular, plural, None for the count).
            singular, plural = (
                message[:2] if isinstance(message, tuple) else (message, "")
            )
            flags = ["python-format"] if "%(" in singular + plural else []
            entries.append(
                polib.POEntry(
                    msgid=singular,
                    msgid_plural=plural,
                    msgstr_plural={0: "", 1: ""} if plural else {},
                    occurrences=[(str(path), str(line))],
                    flags=flags,
                )
            )
    return entries


def jinja2_dirs() -> tuple[str, ...]:
    """The absolute paths of the Jinja2 engines' template directories, each
    ending with a path separator."""
    return tuple(
        os.path.join(os.path.abspath(directory), "")
        for engine in settings.TEMPLATES
        if engine["BACKEND"].endswith(".Jinja2")
        for directory in engine.get("DIRS", [])
    )


class Command(makemessages.Command):
    def find_files(self, root):
        files = super().find_files(root)
        dirs = jinja2_dirs()
        self.jinja2_templates, others = [], []
        for file in files:
            jinja2 = os.path.abspath(file.path).startswith(dirs)
            (self.jinja2_templates if jinja2 else others).append(file)
        return others

    def process_locale_dir(self, locale_dir, files):
        super().process_locale_dir(locale_dir, files)
        if self.domain != "django":
            return
        templates = [f for f in self.jinja2_templates if f.locale_dir == locale_dir]
        if not templates:
            return
        potfile = Path(locale_dir) / f"{self.domain}.pot"
        # msguniq (in build_potfiles) then merges a message found in both
        # kinds of template into one entry.
        with potfile.open("a", encoding="utf-8") as pot:
            for translatable in templates:
                path = Path(os.path.relpath(translatable.path))
                for entry in jinja2_messages(path):
                    pot.write(f"\n{entry}")
