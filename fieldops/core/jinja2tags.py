"""The Jinja2 environment of the templates under fieldops/jinja2/ (the
field operation's profile), and core's filters for it.

The profile is most of what the site renders, and Django's template language
spent about 85% of an uncached render on it; Jinja2 compiles each template to
Python once, and renders the same HTML several times faster (docs/benchmarks.md,
run I). Every other template stays in Django's language (fieldops/templates/).

A template under fieldops/jinja2/ writes what Django's templates would:
- `{{ value }}` is shown as Django shows it (`shown`): dates and numbers in the
  reader's language, a time in the current time zone;
- `{{ _("text") }}` and `{% trans name=value %}...{% endtrans %}` are Django's
  gettext and ngettext, so the strings and their translations are in the
  project's catalogue (fieldops/locale), with the same message ids as
  `{% translate %}` and `{% blocktranslate %}` (`%(name)s` for `{{ name }}`);
  a variable in `{% trans %}` is written as it is given, so a date is passed
  through `|shown` or `|partial_date`;
- each app adds its own filters and functions as a Jinja2 extension in its
  jinja2tags module, listed in settings.TEMPLATES, as Wagtail's are.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import capfirst, linebreaks_filter
from django.templatetags.l10n import unlocalize
from django.utils import translation
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from jinja2 import Environment
from jinja2.ext import Extension
from markupsafe import Markup

from fieldops.core import display, links


def environment(**options) -> Environment:
    """The Environment of settings.TEMPLATES' Jinja2 engine (`options` from
    its OPTIONS: extensions, loader, ...). It always escapes what it writes."""
    options.pop("autoescape", None)
    env = Environment(autoescape=True, finalize=shown, **options)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, translation.ngettext, newstyle=True
    )
    env.globals["_"] = translate
    return env


def gettext(message: str) -> Markup:
    """Django's gettext(message) in the active language, trusted as HTML (as
    `{% translate %}` trusts it): messages_in(language)'s, for a render that
    was not given those (see there)."""
    return messages_in(translation.get_language()).translated(message)


def translate(message: str, **variables) -> Markup:
    """`{{ _("text") }}`: gettext(message), with `variables` put in as
    `%(name)s` (escaped). Jinja2's own `_` does the same through two more
    calls; its message is a format string too, so a "%" is written "%%"."""
    return gettext(message) % variables


class Messages:
    """The messages of one language, each looked up in Django's catalogues
    once and then remembered.

    A profile asks for some hundred and thirty, and each of Django's lookups
    finds the active language (a context-local read) and walks the catalogues
    of every app: after the templates themselves, the largest cost of a render.
    The messages are the templates' own (a bounded set), and a catalogue
    changes only with the settings that forget these (below) or a restart."""

    def __init__(self, language: str | None):
        self.language = language
        self.known: dict[str, Markup] = {}

    def translated(self, message: str) -> Markup:
        """gettext(message) in this language, trusted as HTML."""
        try:
            return self.known[message]
        except KeyError:
            with translation.override(self.language):
                translated = Markup(translation.gettext(message))  # noqa: S704
            self.known[message] = translated
            return translated

    def gettext(self, message: str, **variables) -> Markup:
        """translated(message) with `variables` put in as `%(name)s`
        (escaped): `_` and the `{% trans %}` blocks of a render given these."""
        return self.translated(message) % variables

    def context(self) -> dict:
        """What a render in this language is given, in place of the
        environment's functions that find the language at each message."""
        return {"_": self.gettext, "gettext": self.gettext}


def messages_in(language: str | None) -> Messages:
    """The Messages of `language` (None: untranslated, as under
    translation.override(None))."""
    try:
        return _languages[language]
    except KeyError:
        _languages[language] = messages = Messages(language)
        return messages


_languages: dict[str | None, Messages] = {}


@receiver(setting_changed)
def _forget_translations(*, setting: str, **kwargs) -> None:
    # As Django forgets its own catalogues (django/test/signals.py).
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _languages.clear()


def shown(value):
    """`value` as `{{ value }}` shows it in Django's templates: a date,
    datetime or number in the active language's format (a datetime in the
    current time zone); anything else as it is."""
    if isinstance(value, str):  # most of what a page shows
        return value
    return localize(template_localtime(value))


def linebreaks(value) -> SafeString:
    """Django's |linebreaks: paragraphs and <br> for the line breaks of a
    plain text, the text escaped."""
    return linebreaks_filter(value, autoescape=True)


class CoreExtension(Extension):
    """Core's filters (money, counts, dates, sites: see core/display.py;
    `unlocalize`, a number as a machine reads it, as in Django's l10n), and
    `url_of(viewname, *args, **kwargs)`, the address of a view."""

    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.filters.update(
            money=display.money,
            number=display.number,
            currency_name=display.currency_name,
            web_site=display.web_site,
            partial_date=display.partial_date,
            iso_date=display.iso_date,
            shown=shown,
            unlocalize=unlocalize,
            capfirst=capfirst,
            linebreaks=linebreaks,
        )
        environment.globals["url_of"] = links.url_of
