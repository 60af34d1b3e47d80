"""The claims of other sources shown beside a fact on the profile."""

from django import template

register = template.Library()


CLAIMS_TEMPLATE = "operations/includes/other_claims.html"


@register.simple_tag(takes_context=True)
def claims_beside(context, record) -> str:
    """The claims of other sources about `record` as the profile shows them
    beside it (CLAIMS_TEMPLATE, given `others`), or "" when there are none or
    no profile in the context. Most facts have none: rendering the template to
    find that out cost about a tenth of a profile's render."""
    others = other_claims(record, context.get("profile"))
    if not others:
        return ""
    template = context.template.engine.get_template(CLAIMS_TEMPLATE)
    with context.push(others=others):
        return template.render(context)


def other_claims(record, profile) -> list:
    """The claims about `record` that differ from its value, from what the
    profile loaded (no query); none without a profile or a record."""
    if record is None or not profile or not hasattr(profile, "other_claims"):
        return []
    return profile.other_claims(record)
