"""Template tags for the open-data parts of pages."""

from django import template

from fieldops.core.addresses import absolute_url
from fieldops.core.json_ld import json_ld_script
from fieldops.opendata.formats.json_ld import profile_json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_json_ld_script(context, profile):
    """The profile's schema.org JSON-LD, from the profile already loaded, for the
    page's canonical address (which names the day shown, if it is not today)."""
    path = context["request"].path + as_of_query(profile)
    return json_ld_script(profile_json_ld(profile, canonical_url=absolute_url(path)))


@register.simple_tag
def as_of_query(profile):
    """ "?as_of=<day>" for a profile shown for a past day, so that its downloads
    describe the same day; empty for today."""
    return "" if profile.is_today else f"?as_of={profile.day.isoformat()}"
