"""Administrators reach the admin only after two-step verification."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .selectors import two_factor_state

# What an administrator who has not yet verified may still open: signing in and
# out, the set-up and verification pages, and what those pages load.
LET_THROUGH = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "accounts_two_factor_setup",
        "accounts_two_factor_verify",
    }
)


class TwoFactorMiddleware:
    """Send a signed-in user who has an authenticator app, or must have one, to
    verification or set-up before any other admin page. Needs django-otp's
    OTPMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            not request.path_info.startswith(reverse("wagtailadmin_home"))
            or (match and match.url_name in LET_THROUGH)
            or not request.user.is_authenticated
            or request.user.is_verified()
        ):
            return None
        required, enabled = two_factor_state(request.user)
        if enabled:
            target = "accounts_two_factor_verify"
        elif required:
            target = "accounts_two_factor_setup"
        else:
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")
