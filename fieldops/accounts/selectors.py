"""Who must use two-step verification, and with which device."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from fieldops.operations.access.roles import ORGANISATION_ADMINS


def two_factor_state(user) -> tuple[bool, bool]:
    """(required, enabled) for `user`: required of superusers and organisation
    administrators; enabled once they have confirmed an authenticator app."""
    User = get_user_model()
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            enabled=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            ),
            in_admin_group=Exists(
                User.groups.through.objects.filter(
                    user=OuterRef("pk"), group__name=ORGANISATION_ADMINS
                )
            ),
        )
        .values("enabled", "in_admin_group")
        .first()
    )
    if row is None:
        return user.is_superuser, False
    return user.is_superuser or row["in_admin_group"], row["enabled"]


def two_factor_required(user) -> bool:
    """Whether `user` may not use the admin without two-step verification."""
    return two_factor_state(user)[0]


def confirmed_totp_device(user) -> TOTPDevice | None:
    """The authenticator app `user` confirmed, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp_device(user) -> TOTPDevice | None:
    """The authenticator app `user` began to set up but has not confirmed yet."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def backup_device(user) -> StaticDevice | None:
    """The one-time backup codes of `user`, if any."""
    return (
        StaticDevice.objects.filter(user=user, confirmed=True)
        .prefetch_related("token_set")
        .first()
    )
