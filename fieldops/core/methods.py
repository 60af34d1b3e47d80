"""Which HTTP methods each public address answers, in one place.

A public address answers GET, HEAD and OPTIONS, unless its view declares more
with `allow_methods` (a form that posts) or is one of the few views of Wagtail's
and Django's that take a form (FOREIGN_VIEWS). Any other method answers 405 with
the Allow header and the site's page (JSON under /api/ and /exports/) before the
view, and before the CSRF check, runs; OPTIONS answers 200 with the same Allow
header. The admin keeps Wagtail's and Django's own handling.
"""

from __future__ import annotations

import re
from functools import wraps

from django.http import HttpResponse
from django.utils.translation import gettext as _

from fieldops.core.request_limits import limit_response

READ_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_METHODS = ("GET", "HEAD", "OPTIONS", "POST")

# Views of Wagtail's and Django's that take a POST on the public site: the
# password of a private page or document, the sign-in of a page restricted to
# signed-in readers, the choice of language. By dotted name of the function or
# of the class-based view.
FOREIGN_VIEWS = {
    "wagtail.views.authenticate_with_password": FORM_METHODS,
    "wagtail.documents.views.serve.authenticate_with_password": FORM_METHODS,
    "django.contrib.auth.views.LoginView": FORM_METHODS,
    "django.views.i18n.set_language": FORM_METHODS,
}

# The admin's views keep their own methods (and the CSRF check their own pages).
ADMIN_PATHS = re.compile(r"^/admin(/|$)")


def allow_methods(*methods: str):
    """Declare the methods a public view answers besides GET, HEAD and OPTIONS
    (for example `@allow_methods("POST")`). MethodsMiddleware reads the
    declaration; the view refuses other methods itself too, so that it holds
    when called without the middleware."""
    allowed = tuple(sorted({*READ_METHODS, *(m.upper() for m in methods)}))

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in allowed:
                return not_allowed(request, allowed)
            return view(request, *args, **kwargs)

        wrapped.allowed_methods = allowed
        return wrapped

    return decorator


def allowed_methods(view) -> tuple[str, ...]:
    """The methods `view` (a resolved view function) answers: its declaration,
    FOREIGN_VIEWS, or READ_METHODS."""
    declared = getattr(view, "allowed_methods", None)
    if declared:
        return declared
    target = getattr(view, "view_class", view)
    module = getattr(target, "__module__", "")
    name = getattr(target, "__qualname__", type(target).__qualname__)
    return FOREIGN_VIEWS.get(f"{module}.{name}", READ_METHODS)


def not_allowed(request, allowed: tuple[str, ...]) -> HttpResponse:
    """405 with the Allow header: the site's page, or JSON `{"detail": ...}`
    under /api/ and /exports/, naming the methods the address answers."""
    methods = ", ".join(allowed)
    response = limit_response(
        request,
        status=405,
        title=_("This page cannot be used this way"),
        message=_(
            "This address answers only %(methods)s. Open the page from its link "
            "and use its own buttons and forms."
        )
        % {"methods": methods},
    )
    response["Allow"] = methods
    return response


def options(allowed: tuple[str, ...]) -> HttpResponse:
    """The answer to OPTIONS: 200, no body, the methods in Allow."""
    response = HttpResponse(status=200)
    response["Allow"] = ", ".join(allowed)
    response["Content-Length"] = "0"
    return response


class MethodsMiddleware:
    """Answers a method a public address does not take with 405 (not_allowed)
    and OPTIONS with the truth (options), once the address is resolved and
    before the view. Must be listed before CsrfViewMiddleware, whose 403 would
    otherwise answer a PUT or DELETE, and after LocaleMiddleware, so that the
    page is in the reader's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if ADMIN_PATHS.match(request.path_info):
            return None
        allowed = allowed_methods(view)
        if request.method == "OPTIONS":
            return options(allowed)
        if request.method not in allowed:
            return not_allowed(request, allowed)
        return None
