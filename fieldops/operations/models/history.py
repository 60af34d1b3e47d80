"""How a field operation came to be and changed: the decisions and other events
of its life, the operations before and after it, and its host state's names."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from fieldops.core.dates import PartialDate, Precision
from fieldops.core.models import Record, RecordQuerySet, Temporal, TemporalQuerySet
from fieldops.documents.models import Sourced

from .records import FieldOperation


class HostStateName(Orderable, Temporal):
    """The name the host state bore over a period, where it differs from the
    country's name today (e.g. the Federal Republic of Yugoslavia)."""

    operation = ParentalKey(
        FieldOperation, on_delete=models.CASCADE, related_name="host_state_names"
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The host state's name in this period.")
    )

    objects = TemporalQuerySet.as_manager()
    overlap_fields = ("operation",)

    class Meta(Orderable.Meta):
        verbose_name = _("host state's name")
        verbose_name_plural = _("host state's names")

    def __str__(self):
        return self.name


class ChangeKind(models.TextChoices):
    ESTABLISHED = "established", _("established")
    RENAMED = "renamed", _("renamed")
    TRANSFORMED = "transformed", _("transformed")
    REPLACED = "replaced", _("replaced")
    MANDATE_UPDATED = "mandate-updated", _("mandate updated")
    MANDATE_EXTENDED = "mandate-extended", _("mandate extended")
    MANDATE_EXPIRED = "mandate-expired", _("mandate expired")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CLOSED = "closed", _("closed")


class DecidingBody(models.TextChoices):
    PERMANENT_COUNCIL = "permanent-council", _("Permanent Council")
    MINISTERIAL_COUNCIL = "ministerial-council", _("Ministerial Council")
    SUMMIT = "summit", _("Summit")
    COMMITTEE_OF_SENIOR_OFFICIALS = (
        "committee-of-senior-officials",
        _("Committee of Senior Officials"),
    )
    PERMANENT_COMMITTEE = "permanent-committee", _("Permanent Committee")
    CHAIRMANSHIP = "chairmanship", _("Chairmanship")
    HOST_GOVERNMENT = "host-government", _("Host government")


class OperationChange(Record, Sourced):
    """An event in an operation's life: its establishment, a rename, a new
    mandate, a mandate that lapsed, its closure. Who decided it and when the
    decision was adopted are kept apart from the day it took effect; a change
    may have no decision at all (a mandate that lapsed for want of consensus)."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="changes",
        help_text=_("The field operation that changed."),
    )
    kind = models.CharField(
        _("kind of change"),
        max_length=30,
        choices=ChangeKind.choices,
        help_text=_("What happened."),
    )
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=40,
        choices=DecidingBody.choices,
        blank=True,
        help_text=_("Who decided it. Leave empty when nobody did or it is unknown."),
    )
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
        help_text=_("The decision, if one is known, e.g. PC.DEC/243."),
    )
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        help_text=_("The day the decision was adopted, if known."),
    )
    adopted_on_precision = models.CharField(
        _("precision of the adoption"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    effective_on = models.DateField(
        _("took effect on"),
        null=True,
        blank=True,
        help_text=_("The day the change took effect, if known and not the adoption."),
    )
    effective_on_precision = models.CharField(
        _("precision of the effect"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    uncertain = models.BooleanField(
        _("uncertain"),
        default=False,
        help_text=_("Tick when a date or the decision is inferred rather than stated."),
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("What a reader should know, in a short phrase."),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "adopted_on", "effective_on", "pk"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self):
        return f"{self.operation} {self.get_kind_display()} {self.adopted or ''}"

    @property
    def adopted(self) -> PartialDate | None:
        if self.adopted_on is None:
            return None
        return PartialDate(self.adopted_on, self.adopted_on_precision)

    @property
    def effective(self) -> PartialDate | None:
        if self.effective_on is None:
            return None
        return PartialDate(self.effective_on, self.effective_on_precision)

    @property
    def date(self) -> PartialDate | None:
        """Where the history places the change: when it took effect, else when
        it was adopted; None if neither is known. An establishment is placed
        when its decision was adopted (else when it took effect): the decision
        brings the operation into being, and its first name holds from then,
        while the effect is the office opening its doors, often months later.
        The profile's "Established" is this date too (established_on)."""
        if self.kind == ChangeKind.ESTABLISHED:
            return self.adopted or self.effective
        return self.effective or self.adopted

    @property
    def day(self) -> datetime.date | None:
        """The first day of `date`; None if neither date is known."""
        known = self.date
        return known.date if known else None

    def clean(self):
        super().clean()
        if (
            self.adopted_on
            and self.effective_on
            and self.effective_on < self.adopted_on
            and self.effective_on_precision == self.adopted_on_precision == "day"
        ):
            raise ValidationError(
                {"effective_on": _("A change cannot take effect before its adoption.")}
            )


class SuccessionKind(models.TextChoices):
    CONTINUED = "continued", _("continued as")
    REPLACED = "replaced", _("replaced by")
    SPLIT = "split", _("split into")
    MERGED = "merged", _("merged into")


# How the later operation's page names each kind, of the earlier operation.
SUCCESSOR_SIDE = {
    SuccessionKind.CONTINUED: _("continued from it"),
    SuccessionKind.REPLACED: _("replaced it"),
    SuccessionKind.SPLIT: _("split from it"),
    SuccessionKind.MERGED: _("merged from it"),
}


class Succession(Sourced):
    """One operation followed by another: lineage, shown on both profiles."""

    predecessor = models.ForeignKey(
        FieldOperation,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="followed_by",
        help_text=_("The earlier operation."),
    )
    successor = models.ForeignKey(
        FieldOperation,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="follows",
        help_text=_("The later operation."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=SuccessionKind.choices,
        default=SuccessionKind.REPLACED,
        help_text=_("How the later operation followed the earlier one."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="one_succession_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="succession_not_to_itself",
            ),
        ]
        verbose_name = _("succession")
        verbose_name_plural = _("successions")

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"

    @property
    def kind_from_successor(self) -> str:
        """The kind as the later operation's page says it of the earlier one
        (the choices' labels read from the earlier one)."""
        return str(SUCCESSOR_SIDE[self.kind])
