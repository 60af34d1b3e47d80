"""Which field operations a user works on."""

from __future__ import annotations

from ..access.roles import ORGANISATION_ADMINS
from ..models import FieldOperation


def operations_of(user):
    """The field operations whose records `user` may see in the admin (a queryset of
    FieldOperation, from the user's role groups); None means every operation
    (superusers and organisation administrators)."""
    if user.is_superuser or user.groups.filter(name=ORGANISATION_ADMINS).exists():
        return None
    return FieldOperation.objects.filter(roles__group__user=user).distinct()
