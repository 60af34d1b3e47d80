"""The security headers of every answer: the Content-Security-Policy (django-csp)
with the policies of the few places that need their own, and the cross-origin
and feature headers Django's SecurityMiddleware does not set."""

from __future__ import annotations

import functools
import re

from csp.constants import HEADER, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings

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

# X-Frame-Options for the frame-ancestors of the policy sent, so that browsers
# that read only the older header are told the same.
FRAME_OPTIONS = {(NONE,): "DENY", (SELF,): "SAMEORIGIN"}

ADMIN_PATHS = re.compile(r"^/admin(/|$)")
STRICT_ADMIN_PATHS = re.compile(r"^/admin/(login/|logout/|password_reset/|2fa/|$)")


def policy_for(path: str) -> dict:
    """The CSP directives (django-csp's form) for a request path."""
    if STRICT_ADMIN_PATHS.match(path):
        return ADMIN_POLICY
    if ADMIN_PATHS.match(path):
        return ADMIN_EDITING_POLICY
    return SITE_POLICY


@functools.lru_cache(maxsize=16)
def frame_options_for(policy: str | None) -> str | None:
    """The X-Frame-Options value that says what the frame-ancestors directive of
    `policy` (a Content-Security-Policy header) says, or None when it has none
    or lists origins the older header cannot name."""
    for directive in (policy or "").split(";"):
        name, *sources = directive.split() or [""]
        if name == "frame-ancestors":
            return FRAME_OPTIONS.get(tuple(sources))
    return None


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by path (policy_for), that
    also sets Permissions-Policy, Cross-Origin-Resource-Policy (cross-origin for
    the CORS-open /api/ and /exports/, same-origin elsewhere) and
    Cross-Origin-Embedder-Policy (require-corp: the pages load nothing from
    another origin). Cross-Origin-Opener-Policy, Referrer-Policy and
    X-Content-Type-Options come from Django's SecurityMiddleware. A header a
    view set itself is kept, except X-Frame-Options, which always says what the
    policy's frame-ancestors says (DENY for 'none', SAMEORIGIN for 'self'; the
    admin's live preview frames admin pages)."""

    # What a view or a template may leave on the answer for django-csp to read:
    # any of them means the policy is built the library's way.
    PER_RESPONSE = tuple(
        f"_csp_{part}{suffix}"
        for part in ("config", "update", "replace", "exempt")
        for suffix in ("", "_ro")
    )

    def __init__(self, get_response):
        super().__init__(get_response)
        self._headers: dict[int, str] = {}

    def process_response(self, request, response):
        header = self._fixed_header(request, response)
        if header is None:
            response = super().process_response(request, response)
        else:
            response.headers.setdefault(HEADER, header)
            # As the library does once the header is written: a nonce asked for
            # now could no longer be in it.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        frame_options = frame_options_for(response.get(HEADER))
        if frame_options:
            response["X-Frame-Options"] = frame_options
        data = DATA_PATHS.match(request.path_info)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if data else "same-origin"
        )
        if not data:
            response.headers.setdefault("Cross-Origin-Embedder-Policy", "require-corp")
        return response

    def _fixed_header(self, request, response) -> str | None:
        """The header of the path's policy, built once per policy, when nothing
        of this request changes it (no nonce used, nothing set by the view, no
        report-only policy or excluded prefix configured); else None. Building
        it on every answer cost a quarter of a page-cache hit."""
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self.PER_RESPONSE)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get(
                "EXCLUDE_URL_PREFIXES"
            )
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return None
        policy = policy_for(request.path_info)
        header = self._headers.get(id(policy))
        if header is None:
            header = self._headers[id(policy)] = build_policy(config=policy)
        return header

    def get_policy_parts(
        self, request, response, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            # A view's own @csp() decorator wins over the path's policy.
            parts.config = policy_for(request.path_info)
        return parts
