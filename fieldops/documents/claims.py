"""What a claim's value means for the field it is about: read as the field's
own type, compared with the record's value, and shown to readers.

A claim's value is text as the dataset writes it: a date as 1998, 1998-07 or
1998-07-23 (its precision follows from the form, for a date field with a
`<field>_precision` companion), a number as digits, anything else as it is.
"""

from __future__ import annotations

import datetime
import decimal
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from fieldops.core.dates import PartialDate, Precision

from .models import Claim

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class ClaimValue:
    """A claim's value read as its field's type: `value` for the field and, for
    a date with a precision companion, `precision` (else None)."""

    value: object
    precision: str | None = None

    def __str__(self) -> str:
        if isinstance(self.value, datetime.date):
            return str(PartialDate(self.value, self.precision or Precision.DAY))
        return str(self.value)


def precision_field(model, field_name: str) -> str | None:
    """The name of the field that holds `field_name`'s precision, if any."""
    name = f"{field_name}_precision"
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return name


def _partial_date(text: str) -> tuple[datetime.date, str]:
    match = _PARTIAL.match(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day = match.groups()
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return datetime.date(int(year), int(month or 1), int(day or 1)), precision


def read_claim_value(model, field_name: str, text: str) -> ClaimValue:
    """`text` read as the value of `model`'s field `field_name`.

    Raises ValidationError with a message for readers when the field does not
    exist, cannot be claimed (a relation) or the text does not fit it."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        raise ValidationError(
            _("“%(field)s” is not a field of this record.") % {"field": field_name}
        ) from None
    if field.is_relation or not field.concrete:
        raise ValidationError(
            _("“%(field)s” cannot be set from a claim.") % {"field": field_name}
        )
    try:
        if isinstance(field, models.DateField):
            day, precision = _partial_date(text)
            if precision_field(model, field_name):
                return ClaimValue(day, precision)
            if precision != Precision.DAY:
                raise ValueError(text)
            return ClaimValue(day)
        value = field.to_python(text.strip())
        field.run_validators(value)
        if field.choices and value not in {key for key, _label in field.flatchoices}:
            raise ValueError(text)
        return ClaimValue(value)
    except (ValueError, ValidationError, decimal.InvalidOperation):
        raise ValidationError(
            _("“%(value)s” does not fit the field “%(field)s”%(hint)s.")
            % {
                "value": text,
                "field": field.verbose_name,
                "hint": _(": write a date as 1998, 1998-07 or 1998-07-23")
                if isinstance(field, models.DateField)
                else "",
            }
        ) from None


def record_value(record, field_name: str) -> ClaimValue:
    """The record's own value of `field_name`, as a claim's value reads."""
    value = getattr(record, field_name)
    precision = precision_field(type(record), field_name)
    return ClaimValue(value, getattr(record, precision) if precision else None)


def _same(claim_value: ClaimValue, own: ClaimValue) -> bool:
    if isinstance(own.value, datetime.date) and own.precision:
        return PartialDate(claim_value.value, claim_value.precision) == PartialDate(
            own.value, own.precision
        )
    return claim_value == own


@dataclass(frozen=True)
class OtherClaim:
    """A claim about a field of a record that differs from the record's value:
    `field_label` names the field, `value` the claim read for readers."""

    claim: Claim
    field_label: str
    value: str


def differing_claims(found: dict, record) -> list[OtherClaim]:
    """The claims in `found` (ClaimQuerySet.about) about `record` that are not
    preferred and differ from the record's own value, in the order found."""
    if record is None or not found:
        return []
    model = type(record)
    # Cached by Django after the first use: no query.
    wanted = ContentType.objects.get_for_model(model).pk
    others = []
    for (type_id, object_id, field_name), claims in found.items():
        if type_id == wanted and object_id == record.pk:
            others += _differing(model, record, field_name, claims)
    return others


def _differing(model, record, field_name: str, claims: list) -> list[OtherClaim]:
    try:
        label = str(model._meta.get_field(field_name).verbose_name)
        own = record_value(record, field_name)
    except (FieldDoesNotExist, AttributeError):
        return []
    others = []
    for claim in claims:
        if claim.preferred:
            continue
        try:
            value = read_claim_value(model, field_name, claim.value)
        except ValidationError:
            others.append(OtherClaim(claim, label, claim.value))
            continue
        if not _same(value, own):
            others.append(OtherClaim(claim, label, str(value)))
    return others
