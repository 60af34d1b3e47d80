"""Writes of the documents app: choosing which of several claims a fact follows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, RevisionMixin

from .claims import precision_field, read_claim_value
from .models import Claim


@transaction.atomic
def claim_prefer(*, claim: Claim, user=None) -> Claim:
    """Make `claim` the preferred one of its field (the others of that field no
    longer are) and write its value, and for a partial date its precision, onto
    the record's field, all in one transaction, as any other edit of the record
    is written: a new revision by `user` (a User or None), published at once
    (the log says "Edited" and "Published", and the pages that show it are
    refreshed); a record without revisions gets an "Edited" log entry.

    Raises ValidationError with a message for editors when the record no longer
    exists, has a draft waiting to be published (which this would overwrite),
    `user` may not publish it, or the value does not fit the field (then
    nothing is changed)."""
    model = claim.content_type.model_class()
    record = (
        model._default_manager.select_for_update().filter(pk=claim.object_id).first()
        if model is not None
        else None
    )
    if record is None:
        raise ValidationError(_("The record this claim is about no longer exists."))
    if isinstance(record, DraftStateMixin) and record.has_unpublished_changes:
        raise ValidationError(
            _(
                "The record this claim is about has a draft waiting: publish or "
                "discard it first, then prefer the claim."
            )
        )
    read = read_claim_value(model, claim.field, claim.value)
    setattr(record, claim.field, read.value)
    changed = [claim.field]
    precision = precision_field(model, claim.field)
    if precision and read.precision:
        setattr(record, precision, read.precision)
        changed.append(precision)
    record.full_clean()
    _record_write(record, changed, user)
    Claim.objects.filter(
        content_type_id=claim.content_type_id,
        object_id=claim.object_id,
        field=claim.field,
        preferred=True,
    ).exclude(pk=claim.pk).update(preferred=False)
    claim.preferred = True
    claim.save(update_fields=["preferred"])
    return claim


def _record_write(record, changed: list[str], user) -> None:
    """Write `changed` fields of `record` the way the admin's edits are kept:
    a revision, published, for a record that has revisions."""
    if isinstance(record, RevisionMixin):
        revision = record.save_revision(user=user, clean=False, log_action=True)
        if isinstance(record, DraftStateMixin):
            try:
                revision.publish(user=user)
            except PublishPermissionError as error:
                # Preferring a claim publishes a new value: only those who may
                # publish the record may do it (the transaction is undone).
                raise ValidationError(
                    _("Only someone who may publish this record may prefer a claim.")
                ) from error
        else:
            record.save(update_fields=changed)
        return
    record.save(update_fields=changed)
    log(instance=record, action="wagtail.edit", user=user)
