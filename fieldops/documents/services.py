"""Writes of the documents app: choosing which of several claims a fact follows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .claims import precision_field, read_claim_value
from .models import Claim


@transaction.atomic
def claim_prefer(*, claim: Claim) -> Claim:
    """Make `claim` the preferred one of its field (the others of that field no
    longer are) and write its value, and for a partial date its precision, onto
    the record's field, all in one transaction.

    Raises ValidationError with a message for editors when the record no longer
    exists or the value does not fit the field (then nothing is changed)."""
    model = claim.content_type.model_class()
    record = (
        model._default_manager.select_for_update().filter(pk=claim.object_id).first()
        if model is not None
        else None
    )
    if record is None:
        raise ValidationError(_("The record this claim is about no longer exists."))
    read = read_claim_value(model, claim.field, claim.value)
    setattr(record, claim.field, read.value)
    changed = [claim.field]
    precision = precision_field(model, claim.field)
    if precision and read.precision:
        setattr(record, precision, read.precision)
        changed.append(precision)
    record.full_clean()
    record.save(update_fields=changed)
    Claim.objects.filter(
        content_type_id=claim.content_type_id,
        object_id=claim.object_id,
        field=claim.field,
        preferred=True,
    ).exclude(pk=claim.pk).update(preferred=False)
    claim.preferred = True
    claim.save(update_fields=["preferred"])
    return claim
