"""{% jinja2_include %}: a Jinja2 template (fieldops/jinja2/, see
core/jinja2tags.py) in a Django one."""

from django import template
from django.template import engines
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from fieldops.core import jinja2tags

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja2_include(context, name: str, **extra) -> SafeString:
    """The template `name` of the Jinja2 engine (fieldops/jinja2/: see
    core/jinja2tags.py) rendered with this template's variables and `extra`:
    {% jinja2_include "includes/source.html" record=item.record %}. Raises
    TemplateDoesNotExist for a name that engine does not have."""
    # The Jinja2 template itself: this context already holds what the
    # backend's context processors would add.
    template = engines["jinja2"].get_template(name).template
    messages = jinja2tags.messages_in(get_language()).context()
    html = template.render({**context.flatten(), **extra, **messages})
    return mark_safe(html)  # noqa: S308  (the engine escapes what it writes)
