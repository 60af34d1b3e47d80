"""The claims of other sources shown beside a fact on the profile."""

from django import template

register = template.Library()


@register.filter
def other_claims(record, profile) -> list:
    """The claims about `record` that differ from its value, from what the
    profile loaded (no query); none without a profile or a record."""
    if record is None or not profile or not hasattr(profile, "other_claims"):
        return []
    return profile.other_claims(record)
