"""The security headers of every answer: the Content-Security-Policy (django-csp)
with the policies of the few places that need their own, and the cross-origin
and feature headers Django's SecurityMiddleware does not set."""

from __future__ import annotations

import re

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

from fieldops.core.middleware import DATA_PATHS

# The public pages, the API and the exports: no inline script or style at all, so
# that a page stored whole by a cache holds nothing a later header must match.
SITE_POLICY = {
    "default-src": [NONE],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "manifest-src": [SELF],
    "form-action": [SELF],
    "base-uri": [NONE],
    "frame-ancestors": [NONE],
    "object-src": [NONE],
}

# Wagtail's admin where no form widget of Wagtail's is drawn (sign-in, password
# reset, two-step verification, the dashboard): its own files only, as strict
# as the site; blob: and data: images and itself in frames (the live preview).
ADMIN_POLICY = {
    **SITE_POLICY,
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "worker-src": [SELF],
    "frame-ancestors": [SELF],
}
# The rest of the admin: Wagtail's date inputs and choosers and
# wagtail-localize's editor write inline <script>s and style attributes (see
# wagtail/wagtail#1288), so inline code is allowed there, and only there. Every
# admin page is private and never cached; a sign-in is needed to reach them.
ADMIN_EDITING_POLICY = {
    **ADMIN_POLICY,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}

# Every powerful feature is refused: the site uses none of them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

ADMIN_PATHS = re.compile(r"^/admin(/|$)")
STRICT_ADMIN_PATHS = re.compile(r"^/admin/(login/|logout/|password_reset/|2fa/|$)")


def policy_for(path: str) -> dict:
    """The CSP directives (django-csp's form) for a request path."""
    if STRICT_ADMIN_PATHS.match(path):
        return ADMIN_POLICY
    if ADMIN_PATHS.match(path):
        return ADMIN_EDITING_POLICY
    return SITE_POLICY


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by path (policy_for), that
    also sets Permissions-Policy, Cross-Origin-Resource-Policy (cross-origin for
    the CORS-open /api/ and /exports/, same-origin elsewhere) and
    Cross-Origin-Embedder-Policy (require-corp: the pages load nothing from
    another origin). Cross-Origin-Opener-Policy, Referrer-Policy and
    X-Content-Type-Options come from Django's SecurityMiddleware. A header a
    view set itself is kept."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        data = DATA_PATHS.match(request.path_info)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if data else "same-origin"
        )
        if not data:
            response.headers.setdefault("Cross-Origin-Embedder-Policy", "require-corp")
        return response

    def get_policy_parts(
        self, request, response, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            # A view's own @csp() decorator wins over the path's policy.
            parts.config = policy_for(request.path_info)
        return parts
