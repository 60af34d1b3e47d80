"""Setting up, using and removing two-step verification."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import django_otp
from django.db import transaction
from django.middleware.csrf import rotate_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
_TOTP_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Verification:
    """What became of a code: accepted, or refused (and until when further tries
    are refused, after too many wrong ones)."""

    accepted: bool
    locked_until: datetime | None = None
    backup_codes: tuple[str, ...] = ()


def _normalise(code: str) -> str:
    # Apps show "123 456"; backup codes are printed in lower case.
    return re.sub(r"[\s-]", "", code).lower()


def _session_verified(request, device) -> None:
    django_otp.login(request, device)
    # As at sign-in: a session id (or CSRF token) learnt or planted before the
    # second factor must not carry over to the verified session.
    request.session.cycle_key()
    rotate_token(request)


@transaction.atomic
def totp_device_start(*, user) -> TOTPDevice:
    """The unconfirmed authenticator app of `user`, made if there is none, so that
    reloading the set-up page keeps showing the secret already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice(user=user, name="Authenticator app", confirmed=False)
        device.full_clean()
        device.save()
    return device


def _verify(device, code: str) -> Verification:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return Verification(False, (details or {}).get("locked_until"))
    # Locks the row, so that two requests cannot both use one code.
    accepted = django_otp.verify_token(device.user, device.persistent_id, code)
    return Verification(accepted is not None)


@transaction.atomic
def backup_codes_renew(*, user) -> list[str]:
    """Replace the backup codes of `user` with new ones and return them (they are
    shown once, then only their count)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Backup codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


@transaction.atomic
def totp_device_confirm(*, request, device: TOTPDevice, code: str) -> Verification:
    """Confirm `device` with a code from the app, mark the session verified (under
    a new session id) and hand out fresh backup codes."""
    result = _verify(device, _normalise(code))
    if not result.accepted:
        return result
    device.refresh_from_db()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any earlier app is replaced by the one just confirmed.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    _session_verified(request, device)
    return Verification(True, backup_codes=tuple(backup_codes_renew(user=device.user)))


def two_factor_verify(*, request, code: str) -> Verification:
    """Check a code from the app or a backup code for the signed-in user and, when
    it is right, mark the session verified under a new session id."""
    user = request.user
    code = _normalise(code)
    model = TOTPDevice if _TOTP_CODE.match(code) else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return Verification(False)
    result = _verify(device, code)
    if result.accepted:
        device.refresh_from_db()
        _session_verified(request, device)
    return result


@transaction.atomic
def two_factor_disable(*, user) -> None:
    """Remove the authenticator app and backup codes of `user`; the next sign-in
    asks for the password only (or, for an administrator, for a new set-up)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
