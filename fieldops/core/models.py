"""Building blocks shared by the domain apps: records edited in the admin and dated
(temporal) facts; the home page."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    WorkflowMixin,
)

from .as_of import as_of_asked, refused_as_of_page
from .blocks import NarrativeBlock
from .choices import choice_label
from .dates import PartialDate, Precision, period_end, truncate
from .sites import PublicPageMixin


class RecordQuerySet(models.QuerySet):
    def live(self):
        """Records published in the admin (drafts stay out of public pages)."""
        return self.filter(live=True)


class ChoiceLabels(models.Model):
    """A model whose get_FOO_display() reads its choices' labels from a memo per
    language (core.choices) rather than translating them all at each call."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field):
        # Django's get_FOO_display() methods call this one.
        return choice_label(field, getattr(self, field.attname))


class Record(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ChoiceLabels
):
    """A record edited in the admin with drafts, revisions, locking and review."""

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True


class TemporalQuerySet(RecordQuerySet):
    def as_of(self, day: datetime.date):
        """Records that hold on `day`: valid_from <= day < valid_to.

        A record whose start is unknown holds from the day it was confirmed
        (`known_on`); with neither, it holds from the beginning.
        """
        started = (
            Q(valid_from__lte=day)
            | Q(valid_from__isnull=True, known_on__lte=day)
            | Q(valid_from__isnull=True, known_on__isnull=True)
        )
        not_ended = Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        return self.filter(started & not_ended)


class Temporal(ChoiceLabels):
    """A fact that holds over a period, each end known to a day, month or year."""

    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_(
            "The first day on which this holds. Leave empty if unknown. For a month "
            "or a year, enter any day in it and choose the precision."
        ),
    )
    valid_from_precision = models.CharField(
        _("precision of the start"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("How precisely the start is known."),
    )
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "The first day on which this no longer holds (usually the start of what "
            "replaced it). Leave empty while it still holds."
        ),
    )
    valid_to_precision = models.CharField(
        _("precision of the end"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("How precisely the end is known."),
    )
    valid_from_uncertain = models.BooleanField(
        _("start uncertain"),
        default=False,
        help_text=_(
            "Tick when the start is inferred or its source is doubtful; pages mark "
            "it as uncertain."
        ),
    )
    valid_to_uncertain = models.BooleanField(
        _("end uncertain"),
        default=False,
        help_text=_(
            "Tick when the end is inferred or its source is doubtful; pages mark it "
            "as uncertain."
        ),
    )
    known_on = models.DateField(
        _("known to hold on"),
        null=True,
        blank=True,
        help_text=_(
            "When the start is unknown: a day on which this is confirmed to hold, "
            "for example the date of the source. The record is shown from that day."
        ),
    )

    class Meta:
        abstract = True

    # Field names that make two records "of the same kind", so that they may not
    # overlap in time (for example: the names of one field operation).
    overlap_fields: tuple[str, ...] = ()

    # Set by a form that edits all the siblings together (an inline panel) and
    # checks them against each other: their stored rows may be about to change.
    siblings_checked_by_form = False

    PERIOD_FIELDS = frozenset(
        {
            "valid_from",
            "valid_from_precision",
            "valid_to",
            "valid_to_precision",
            "known_on",
        }
    )
    _period_incomplete = False

    def save(self, *args, **kwargs):
        # Imprecise dates are stored as the first day of their period.
        if self.valid_from:
            self.valid_from = truncate(self.valid_from, self.valid_from_precision)
        if self.valid_to:
            self.valid_to = truncate(self.valid_to, self.valid_to_precision)
        super().save(*args, **kwargs)

    def full_clean(self, exclude=None, *args, **kwargs):
        # A form excludes the fields whose input it has already refused; the period
        # is then incomplete, and comparing it would report errors that are not there.
        self._period_incomplete = bool(self.PERIOD_FIELDS & set(exclude or ()))
        try:
            super().full_clean(exclude, *args, **kwargs)
        finally:
            self._period_incomplete = False

    def clean(self):
        super().clean()
        if self._period_incomplete:
            return
        if self.valid_from:
            self.valid_from = truncate(self.valid_from, self.valid_from_precision)
        if self.valid_to:
            self.valid_to = truncate(self.valid_to, self.valid_to_precision)
        if self.effective_start >= self.effective_end:
            raise ValidationError(
                {"valid_to": _("The end must come after the start.")},
                code="inverted_period",
            )
        if self.valid_from and self.known_on and self.known_on < self.valid_from:
            raise ValidationError(
                {
                    "known_on": _(
                        "A fact cannot be confirmed before it started to hold."
                    )
                },
                code="known_before_start",
            )
        if self.siblings_checked_by_form:
            return
        for field_name in self.overlap_fields:
            if (
                getattr(self, f"{field_name}_id", getattr(self, field_name, None))
                is None
            ):
                return  # the field's own error is reported instead
        for other in self.overlap_siblings():
            if self.overlaps(other):
                raise self.overlap_error(other)

    @property
    def start(self) -> PartialDate | None:
        if self.valid_from is None:
            return None
        return PartialDate(self.valid_from, self.valid_from_precision)

    @property
    def end(self) -> PartialDate | None:
        if self.valid_to is None:
            return None
        return PartialDate(self.valid_to, self.valid_to_precision)

    @property
    def effective_start(self) -> datetime.date:
        return self.valid_from or self.known_on or datetime.date.min

    @property
    def effective_end(self) -> datetime.date:
        return self.valid_to or datetime.date.max

    def has_started_by(self, day: datetime.date) -> bool:
        """Whether the record had begun by `day`: its start, else the day it was
        known to hold (what the history and the exports show as of `day`)."""
        return self.effective_start <= day

    def holds_on(self, day: datetime.date) -> bool:
        """The same rule as TemporalQuerySet.as_of, for records already loaded."""
        return self.effective_start <= day < self.effective_end

    def approximate_on(self, day: datetime.date) -> bool:
        """True when a boundary known only to the month or year, or marked
        uncertain, falls around `day`."""
        return any(
            edge is not None
            and (edge.precision != Precision.DAY or uncertain)
            and edge.contains(day)
            for edge, uncertain in (
                (self.start, self.valid_from_uncertain),
                (self.end, self.valid_to_uncertain),
            )
        )

    @property
    def uncertain(self) -> bool:
        """Whether either end of the period is marked uncertain."""
        return self.valid_from_uncertain or self.valid_to_uncertain

    @property
    def is_observation(self) -> bool:
        """Known only to hold on one day (`known_on`), with no start or end."""
        return self.valid_from is None and self.valid_to is None and bool(self.known_on)

    def overlaps(self, other: Temporal) -> bool:
        # Two observations say nothing about each other's periods: a head known
        # in post in 2007 and another known in post in 2024 do not clash.
        if self.is_observation and other.is_observation:
            return False
        # A start known to the month or year counts from its last possible day:
        # an end known to the month and a start known to the year may share
        # that year (a head who left in September 2010 and one who came "in
        # 2010").
        return max(self.latest_start, other.latest_start) < min(
            self.effective_end, other.effective_end
        )

    @property
    def latest_start(self) -> datetime.date:
        """The latest day on which the record can have begun: the last day of a
        start known to the month or year, else the day it is known to hold, else
        (nothing being known) the beginning, as `effective_start`."""
        if self.valid_from:
            end = period_end(self.valid_from, self.valid_from_precision)
            return end - datetime.timedelta(days=1)
        return self.effective_start

    def overlap_error(self, other: Temporal) -> ValidationError:
        return ValidationError(
            _("This period overlaps “%(other)s” (%(start)s – %(end)s).")
            % {
                "other": other,
                "start": other.start or _("unknown"),
                "end": other.end or _("open"),
            },
            code="overlap",
        )

    def overlap_siblings(self):
        """Records of the same kind that this one may not overlap."""
        if not self.overlap_fields:
            return type(self)._default_manager.none()
        siblings = type(self)._default_manager.filter(
            **{name: getattr(self, name) for name in self.overlap_fields}
        )
        return siblings.exclude(pk=self.pk) if self.pk else siblings


def started_by(records, day: datetime.date) -> list:
    """The temporal records (already loaded) that had begun by `day`, earliest
    first."""
    held = [r for r in records if r.has_started_by(day)]
    return sorted(held, key=lambda r: r.effective_start)


class HomePage(PublicPageMixin, Page):
    """The organisation's home page; it leads to the field operations."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph that says what the site offers."),
    )
    body = StreamField(
        NarrativeBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("More about the organisation's work in the field."),
    )

    content_panels = [*Page.content_panels, "intro", "body"]
    subpage_types = ["operations.FieldOperationIndexPage"]
    max_count_per_parent = 1

    def route(self, request, path_components):
        """As Page.route, with the child read in its one allowed type at once,
        which saves Page.route's second query (the generic page, then the
        specific one)."""
        models = self.allowed_subpage_models()
        if not path_components or len(models) != 1:
            return super().route(request, path_components)
        try:
            child = models[0].objects.child_of(self).get(slug=path_components[0])
        except models[0].DoesNotExist:
            raise Http404 from None
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def serve(self, request, *args, **kwargs):
        """The page; a 400 that says so when asked for a day (as_of): it is
        the same on every day."""
        if as_of_asked(request):
            return refused_as_of_page(request)
        return super().serve(request, *args, **kwargs)

    class Meta:
        verbose_name = _("home page")


class DataVersion(models.Model):
    """A single row: the version of everything the public sees, read and bumped
    by `fieldops.core.data_version` (never written elsewhere)."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()
    # The next moment a public answer changes with no write (a vacancy's deadline
    # passing): the first read after it bumps the version.
    next_change_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data version")

    def __str__(self):
        return f"{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
