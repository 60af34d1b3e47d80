"""Two-step verification pages: set-up, verification, backup codes, turning off."""

from base64 import b32encode
from urllib.parse import urlencode

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.views import account as wagtail_account
from wagtail.admin.views.account import password_reset_enabled

from .forms import AppCodeForm, VerificationCodeForm
from .qr import qr_svg
from .selectors import backup_device, confirmed_totp_device, two_factor_state
from .services import (
    backup_codes_renew,
    totp_device_confirm,
    totp_device_start,
    two_factor_disable,
    two_factor_verify,
)


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _refusal(result) -> tuple[str, int]:
    if result.locked_until:
        until = formats.time_format(timezone.localtime(result.locked_until), "H:i:s")
        return (
            _("Too many wrong codes. Try again after %(time)s.") % {"time": until},
            429,
        )
    return (
        _(
            "That code is not right. Check that the clock of your phone is correct "
            "and enter the code the app shows now."
        ),
        400,
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up an authenticator app, or, once there is one, show its state."""
    user = request.user
    next_url = _next_url(request)
    required, enabled = two_factor_state(user)
    if enabled:
        if not user.is_verified():
            return redirect(_with_next("accounts_two_factor_verify", next_url))
        backup = backup_device(user)
        return render(
            request,
            "accounts/two_factor_status.html",
            {
                "required": required,
                "backup_codes_left": len(backup.token_set.all()) if backup else 0,
                "next": next_url,
            },
        )

    device = totp_device_start(user=user)
    form = AppCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = totp_device_confirm(
                request=request, device=device, code=form.cleaned_data["code"]
            )
            if result.accepted:
                return render(
                    request,
                    "accounts/two_factor_backup_codes.html",
                    {"codes": result.backup_codes, "next": next_url, "new": True},
                )
            message, status = _refusal(result)
            form.add_error("code", message)
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "required": required,
            # Drawn by qrcode from the device's own URL: no user input in it.
            "qr_code": mark_safe(qr_svg(device.config_url)),  # noqa: S308
            "secret": _grouped(secret),
            "next": next_url,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for a code from the app (or a backup code) to verify this session."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if confirmed_totp_device(user) is None:
        return redirect(_with_next("accounts_two_factor_setup", next_url))
    form = VerificationCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = two_factor_verify(request=request, code=form.cleaned_data["code"])
            if result.accepted:
                return redirect(next_url)
            message, status = _refusal(result)
            form.add_error("code", message)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=status,
    )


@require_POST
def backup_codes(request):
    """Replace the backup codes with new ones and show them once."""
    if confirmed_totp_device(request.user) is None:
        return redirect("accounts_two_factor_setup")
    codes = backup_codes_renew(user=request.user)
    return render(
        request,
        "accounts/two_factor_backup_codes.html",
        {"codes": codes, "next": reverse("accounts_two_factor_setup"), "new": False},
    )


@require_POST
def disable(request):
    """Turn two-step verification off, for those of whom it is not required."""
    required, _enabled = two_factor_state(request.user)
    if required:
        messages.error(
            request, _("Administrators cannot turn off two-step verification.")
        )
        return redirect("accounts_two_factor_setup")
    two_factor_disable(user=request.user)
    messages.success(request, _("Two-step verification is off."))
    return redirect("wagtailadmin_account")


class LogoutView(wagtail_account.LogoutView):
    """Wagtail's sign-out, by POST only.

    Wagtail's view deletes the session cookie and says "logged out" whatever its
    answer, so a GET (a link on any site) answered 405 still dropped the cookie
    while the session stayed valid on the server. Other methods now get Django's
    answer alone (405; the allowed methods for OPTIONS) and keep the cookie; a
    POST ends the session on the server (Django's logout flushes it) and deletes
    the cookie."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            response = auth_views.LogoutView.dispatch(self, request, *args, **kwargs)
            if response.status_code == 405 and request.method != "HEAD":
                response.content = _(
                    "Signing out is a button in the admin's account menu; "
                    "this address does not sign out when opened as a link."
                )
                response["Content-Type"] = "text/plain; charset=utf-8"
            return response
        return super().dispatch(request, *args, **kwargs)


def lockout(request, original_response=None, credentials=None):
    """The page shown instead of the admin after too many failed sign-ins (axes's
    AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    now = timezone.now()
    return render(
        request,
        "accounts/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "wait": timeuntil(now + cool_off, now) if cool_off else "",
            "show_password_reset": password_reset_enabled(),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
