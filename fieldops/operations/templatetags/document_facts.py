"""The section of a document's page that lists the field operations' facts
resting on it: the documents app shows it without reading operations itself."""

from django import template

from fieldops.operations.selectors import facts_resting_on

register = template.Library()


@register.inclusion_tag("operations/includes/document_facts.html", takes_context=True)
def document_facts(context, document) -> dict:
    """The published names, mandates and offices whose source is `document`,
    each with a link to its operation's profile on that day (four queries)."""
    # The request makes the profiles' addresses relative to the site shown.
    return {"facts": facts_resting_on(document), "request": context.get("request")}
