"""A field operation and its dated facts: names, places, offices and mandates."""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from fieldops.core.models import (
    ChoiceLabels,
    Record,
    RecordQuerySet,
    Temporal,
    TemporalQuerySet,
    started_by,
)
from fieldops.documents.models import Sourced

from .choices import (
    Coverage,
    NameChange,
    OfficeRole,
    OperationStatus,
    PresenceKind,
    Region,
)


class Dimension(ChoiceLabels):
    """One of the dimensions of the organisation's work (created by a migration)."""

    class Code(models.TextChoices):
        POLITICO_MILITARY = "politico-military", _("Politico-military")
        ECONOMIC_ENVIRONMENTAL = (
            "economic-environmental",
            _("Economic and environmental"),
        )
        HUMAN = "human", _("Human")

    code = models.CharField(
        _("code"),
        max_length=30,
        choices=Code.choices,
        unique=True,
        help_text=_("Which dimension this is."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self):
        return str(self.get_code_display())


class FieldOperationQuerySet(RecordQuerySet):
    def working(self):
        """Published operations that work today: status current and no
        published name recording their closure (closed and unknown are out)."""
        closed = OperationName.objects.live().filter(change=NameChange.CLOSED)
        return (
            self.live()
            .filter(status=OperationStatus.CURRENT)
            .exclude(pk__in=closed.values("operation_id"))
        )


class FieldOperation(Record, ClusterableModel):
    """An office the organisation keeps, or kept, in a host country."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_(
            "The stable part of its web address, for example “astana”. It does not "
            "change when the operation is renamed."
        ),
    )
    host_country = CountryField(
        _("host country"),
        blank=True,
        help_text=_(
            "The country that hosts the operation (or hosted it last). Leave empty "
            "when there is no single host. Its name at a past time, if different, "
            "goes under the host's names."
        ),
    )
    region = models.CharField(
        _("region"),
        max_length=30,
        choices=Region.choices,
        blank=True,
        help_text=_("The part of the organisation's area it works in."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OperationStatus.choices,
        default=OperationStatus.CURRENT,
        help_text=_(
            "Whether it works today. Its closing day is the end of its last name; "
            "choose “unknown” when no source says whether it still works."
        ),
    )
    official_url = models.URLField(
        _("official page"),
        max_length=500,
        blank=True,
        help_text=_("The operation's own public “About us” page, if there is one."),
    )
    coverage = models.CharField(
        _("coverage"),
        max_length=10,
        choices=Coverage.choices,
        default=Coverage.PARTIAL,
        help_text=_("How complete its record here is."),
    )
    coverage_note = models.TextField(
        _("coverage note"),
        blank=True,
        help_text=_("What is missing from its record, or known only in part."),
    )
    dimensions = ParentalManyToManyField(
        Dimension,
        verbose_name=_("dimensions"),
        blank=True,
        help_text=_("The dimensions of the organisation's work it takes part in."),
    )

    objects = FieldOperationQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("field operation")
        verbose_name_plural = _("field operations")

    def __str__(self):
        return self.slug

    # Both rules read the names already loaded (published_records prefetches the
    # published ones, earliest first); drafts never count.
    def name_on(self, day: datetime.date) -> OperationName | None:
        """The name held on `day` only: None before the establishment, in a gap
        between two names, or after the last name ended."""
        return next((n for n in self.names.all() if n.live and n.holds_on(day)), None)

    def last_name_by(self, day: datetime.date) -> OperationName | None:
        """The name held on `day`, else the latest one begun before it (a closed
        operation keeps its last name); None before the establishment."""
        begun = started_by([n for n in self.names.all() if n.live], day)
        return self.name_on(day) or (begun[-1] if begun else None)


class OperationNameQuerySet(TemporalQuerySet):
    pass


class OperationName(Record, Temporal, Sourced):
    """The name an operation bears over a period, and the change that began it."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="names",
        help_text=_("The field operation that bears this name."),
    )
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        help_text=_(
            "The official name, for example “OSCE Programme Office in Astana”."
        ),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("A shorter form for tight spaces, if there is a usual one."),
    )
    presence_kind = models.CharField(
        _("kind of presence"),
        max_length=30,
        choices=PresenceKind.choices,
        help_text=_("What sort of field presence the operation is under this name."),
    )
    change = models.CharField(
        _("kind of change"),
        max_length=20,
        choices=NameChange.choices,
        help_text=_(
            "What began this period: the establishment, a rename, a transformation "
            "into another kind of presence, or the closure (then give the name it "
            "had last)."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_(
            "Why the change happened, in a short phrase, shown in the history."
        ),
    )

    objects = OperationNameQuerySet.as_manager()
    overlap_fields = ("operation",)

    class Meta:
        ordering = ["operation", "valid_from"]
        verbose_name = _("operation name")
        verbose_name_plural = _("operation names")

    def __str__(self):
        return self.full_name


class Place(Record, ClusterableModel):
    """A city or town; its own name may change over time."""

    country = CountryField(_("country"), help_text=_("The country the place is in."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("The IANA time zone, for example Asia/Almaty."),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        names = list(self.names.all())
        return names[-1].name if names else f"#{self.pk}"

    def name_on(self, day: datetime.date) -> PlaceName | None:
        """The place's name held on `day`, from the names already loaded."""
        held = [name for name in self.names.all() if name.holds_on(day)]
        return held[0] if held else None

    def nearest_name_on(self, day: datetime.date) -> tuple[str, bool]:
        """The place's name on `day` and whether a boundary around it is
        imprecise, from the names already loaded (prefetch them).

        Outside every recorded period the nearest name is used rather than none:
        the latest begun before `day`, else the first; it is never approximate.
        ("", False) for a place without names.
        """
        names = sorted(self.names.all(), key=lambda n: n.effective_start)
        for name in names:
            if name.holds_on(day):
                return name.name, name.approximate_on(day)
        earlier = [n for n in names if n.has_started_by(day)]
        nearest = earlier[-1] if earlier else (names[0] if names else None)
        return (nearest.name, False) if nearest else ("", False)

    def clean(self):
        super().clean()
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise ValidationError(
                {"time_zone": _("Enter an IANA time zone such as Asia/Almaty.")}
            ) from None


class PlaceName(Orderable, Temporal):
    """What a place is called over a period."""

    place = ParentalKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The place's name in this period.")
    )

    objects = TemporalQuerySet.as_manager()
    overlap_fields = ("place",)

    class Meta(Orderable.Meta):
        verbose_name = _("place name")
        verbose_name_plural = _("place names")

    def __str__(self):
        return self.name


class Office(Record, Temporal, Sourced):
    """Premises of an operation in a place, over a period."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="offices",
        help_text=_("The field operation that keeps this office."),
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="offices",
        help_text=_("The city or town the office is in."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=OfficeRole.choices,
        default=OfficeRole.HEADQUARTERS,
        help_text=_("The headquarters (one at a time) or another kind of office."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Its own name, if it has one, e.g. “Field Office in Osh”."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What a reader should know, e.g. that its closing is not known."),
    )

    objects = TemporalQuerySet.as_manager()
    overlap_fields = ("operation", "place", "role")

    class Meta:
        ordering = ["operation", "role", "valid_from"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return f"{self.get_role_display()} – {self.place}"

    def overlap_siblings(self):
        # One headquarters at a time; another office may not be listed twice.
        siblings = Office.objects.filter(operation_id=self.operation_id, role=self.role)
        if self.role != OfficeRole.HEADQUARTERS:
            siblings = siblings.filter(place_id=self.place_id)
        return siblings.exclude(pk=self.pk) if self.pk else siblings


class Mandate(Record, Temporal, Sourced):
    """What the operation is tasked to do, in the editors' words, and its decision."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="mandates",
        help_text=_("The field operation this mandate is for."),
    )
    summary = models.TextField(
        _("summary"),
        help_text=_(
            "The substance of the mandate in plain words. Link the decision that sets "
            "it as the source document."
        ),
    )

    objects = TemporalQuerySet.as_manager()
    overlap_fields = ("operation",)

    class Meta:
        ordering = ["operation", "valid_from"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self):
        return self.summary[:60]
