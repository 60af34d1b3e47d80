"""`?as_of=YYYY-MM-DD` where it means nothing. The profiles, the organisation's
list, timeline and comparison, the exports and the API's field operations
answer as things stood on that day; every other public page and endpoint is
the same on every day, and says so with a 400 rather than ignore the day
asked for (a reader would take today's answer for that day's)."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

AS_OF_REFUSED = _(
    "This page is the same on every day, so it does not take “as_of”: leave it "
    "out. The profiles of the field operations, their list, timeline and "
    "comparison, and their open data show a past day."
)

AS_OF_REFUSED_DATA = _(
    "This answer is the same on every day, so it does not take “as_of”: leave it out."
)


def as_of_asked(request) -> bool:
    """Whether the query string asks for a day (an empty as_of asks for none)."""
    return bool(request.GET.get("as_of"))


def refused_as_of_page(request):
    """The 400 page that says `as_of` is not taken here."""
    context = {"bad_query": [str(AS_OF_REFUSED)]}
    return render(request, "400.html", context, status=400)


def refuses_as_of(view):
    """Decorates a view that is the same on every day: a request with a
    non-empty `as_of` gets refused_as_of_page() (400) instead."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if as_of_asked(request):
            return refused_as_of_page(request)
        return view(request, *args, **kwargs)

    return wrapped
