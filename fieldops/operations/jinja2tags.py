"""Functions of the profile's Jinja2 templates (see core/jinja2tags.py)."""

from __future__ import annotations

from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context
from markupsafe import Markup

from fieldops.operations.selectors.profile import PORTRAIT

CLAIMS_TEMPLATE = "operations/includes/other_claims.html"


@pass_context
def claims_beside(context: Context, record) -> Markup | str:
    """The claims of other sources about `record` as the profile shows them
    beside it (CLAIMS_TEMPLATE, given `others`), or "" when there are none or
    no profile in the context. Most facts have none, so the template is
    rendered only for those that do."""
    others = other_claims(record, context.get("profile"))
    if not others:
        return ""
    template = context.environment.get_template(CLAIMS_TEMPLATE)
    html = template.render({**context.get_all(), "others": others})
    return Markup(html)  # noqa: S704  (the engine escapes what it writes)


def other_claims(record, profile) -> list:
    """The claims about `record` that differ from its value, from what the
    profile loaded (no query); none without a profile or a record."""
    if record is None or not profile or not hasattr(profile, "other_claims"):
        return []
    return profile.other_claims(record)


class ProfileExtension(Extension):
    """`claims_beside(record)`, and PORTRAIT, the rendition of a head's photo
    that the profile shows (made in advance: selectors/profile.py)."""

    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.globals.update(claims_beside=claims_beside, PORTRAIT=PORTRAIT)
