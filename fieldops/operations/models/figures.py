"""What is counted and reported about a field operation: staff and money."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from fieldops.core.models import ChoiceLabels, Record, RecordQuerySet
from fieldops.documents.models import Sourced

from .records import FieldOperation


class StaffingSnapshotQuerySet(RecordQuerySet):
    def known_on(self, day: datetime.date):
        """Snapshots counted on or before `day`, latest first."""
        return self.filter(as_of__lte=day).order_by("-as_of")


class StaffMeaning(models.TextChoices):
    HEADCOUNT = "headcount", _("staff in post")
    AUTHORISED = "authorised", _("authorised strength")
    CEILING = "ceiling", _("authorised ceiling")
    MAXIMUM = "maximum", _("maximum")
    PLANNED = "planned", _("planned strength")
    OBSERVERS = "observers", _("observers")
    PEAK = "peak", _("peak")


class StaffingSnapshot(Record, Sourced, ClusterableModel):
    """The staff of an operation counted on one day; the total is the sum of lines."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="staffing_snapshots",
        help_text=_("The field operation counted."),
    )
    as_of = models.DateField(
        _("as of"), help_text=_("The day on which the staff were counted.")
    )
    meaning = models.CharField(
        _("meaning"),
        max_length=20,
        choices=StaffMeaning.choices,
        default=StaffMeaning.HEADCOUNT,
        help_text=_(
            "What the number is: the staff in post on the day, or a ceiling, a "
            "maximum, a plan, a count of observers or a peak. Numbers of different "
            "meanings are never added up or compared."
        ),
    )
    approximate = models.BooleanField(
        _("approximate"),
        default=False,
        help_text=_("Tick when the source gives the number as “about” or “over”."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the count includes or leaves out, shown with the figure."),
    )

    objects = StaffingSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "as_of", "meaning"],
                name="one_staffing_snapshot_a_day",
            )
        ]
        verbose_name = _("staffing snapshot")
        verbose_name_plural = _("staffing snapshots")

    def __str__(self):
        return f"{self.operation} – {self.as_of}"

    @property
    def total(self) -> int:
        """The sum of the lines (from the lines already loaded)."""
        return sum(line.count for line in self.lines.all())


class StaffCategory(models.TextChoices):
    INTERNATIONAL = "international", _("international")
    # Sources say "national" or "local" for the same staff.
    LOCAL = "local", _("local")
    NOT_SPLIT = "not-split", _("not split by category")


class ContractType(models.TextChoices):
    NOT_STATED = "", _("not stated")
    FIXED_TERM = "fixed-term", _("fixed-term")
    SECONDED = "seconded", _("seconded")
    SHORT_TERM = "short-term", _("short-term")
    OTHER = "other", _("other")


class StaffFunding(models.TextChoices):
    ANY = "", _("any (not split by funding)")
    UNIFIED = "unified", _("Unified Budget")
    EXTRABUDGETARY = "extrabudgetary", _("extrabudgetary")


class StaffingLine(ChoiceLabels, Orderable):
    """One part of a staffing count."""

    snapshot = ParentalKey(
        StaffingSnapshot, on_delete=models.CASCADE, related_name="lines"
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=StaffCategory.choices,
        help_text=_("International or locally recruited staff."),
    )
    contract_type = models.CharField(
        _("contract type"),
        max_length=20,
        choices=ContractType.choices,
        default=ContractType.FIXED_TERM,
        blank=True,
        help_text=_("The kind of contract these staff hold."),
    )
    funding = models.CharField(
        _("funding"),
        max_length=20,
        choices=StaffFunding.choices,
        blank=True,
        default=StaffFunding.ANY,
        help_text=_("Where their posts are funded from, if the count is split so."),
    )
    count = models.PositiveIntegerField(
        _("count"), help_text=_("How many staff (zero or more).")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("staffing line")
        verbose_name_plural = _("staffing lines")

    def __str__(self):
        return f"{self.count} {self.get_category_display()}"


def validate_currency(code: str) -> None:
    if pycountry.currencies.get(alpha_3=code or "") is None or code != code.upper():
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code, such as EUR."),
            params={"code": code},
            code="currency",
        )


class Fund(models.TextChoices):
    UNIFIED = "unified", _("Unified Budget")
    EXTRABUDGETARY = "extrabudgetary", _("extrabudgetary contributions")
    SEPARATE = "separate", _("a budget of its own")
    NOT_STATED = "not-stated", _("fund not stated")


class Measure(models.TextChoices):
    AVAILABLE = "available", _("budget available")
    APPROVED = "approved", _("approved budget")
    BUDGET = "budget", _("budget (kind not stated)")
    EXPENDITURE = "expenditure", _("expenditure")


class Basis(models.TextChoices):
    NOT_STATED = "", _("not stated")
    APPROVED = "approved", _("approved budget")
    PEA = "pea", _("provisional expenditure authorization")
    ACTUAL = "actual", _("actual expenditure")


class FinancialFigureQuerySet(RecordQuerySet):
    def known_on(self, day: datetime.date):
        """Figures reported on or before `day` (see FinancialFigure.known_from)."""
        return self.filter(
            models.Q(as_of__lte=day) | models.Q(as_of__isnull=True, year__lte=day.year)
        )


class FinancialFigure(Record, Sourced):
    """An amount of money of one fund and measure for one year."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="financial_figures",
        help_text=_("The field operation the figure is for."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1900)],
        help_text=_("The calendar year the figure covers."),
    )
    fund = models.CharField(
        _("fund"),
        max_length=20,
        choices=Fund.choices,
        help_text=_("The Unified Budget or extrabudgetary contributions."),
    )
    measure = models.CharField(
        _("measure"),
        max_length=20,
        choices=Measure.choices,
        help_text=_("What the amount measures."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=20,
        choices=Basis.choices,
        blank=True,
        help_text=_("What the amount is based on, if the source says."),
    )
    based_on = models.CharField(
        _("based on budget"),
        max_length=200,
        blank=True,
        help_text=_(
            "The budget it rests on, where that is not the year's own, for example "
            "“2021 Unified Budget”."
        ),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The amount, zero or more, in the currency below."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        validators=[validate_currency],
        help_text=_("The ISO 4217 code of the currency, for example EUR."),
    )
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_(
            "The day on which this figure was known, for example the report date. "
            "Leave empty if unknown: the figure then counts from the start of its "
            "year."
        ),
    )
    approximate = models.BooleanField(
        _("approximate"),
        default=False,
        help_text=_("Tick when the source gives the amount as “about” or “around”."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the amount includes or leaves out, shown with it."),
    )

    objects = FinancialFigureQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "-year", "fund", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "year", "fund", "measure", "as_of"],
                name="one_financial_figure_per_report",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="financial_amount_not_negative"
            ),
        ]
        verbose_name = _("financial figure")
        verbose_name_plural = _("financial figures")

    def __str__(self):
        return (
            f"{self.operation} {self.year} {self.get_fund_display()}: "
            f"{self.amount} {self.currency}"
        )

    @property
    def known_from(self) -> datetime.date:
        """The day from which the figure counts: its report date, or, when that
        is unknown, the first day of the year it covers."""
        return self.as_of or datetime.date(self.year, 1, 1)

    # A figure (an operation's amount of one fund and measure for one year) is
    # reported again as it changes: the latest report known on a day is the one
    # that counts. Both rules read figures already loaded, in any order.
    @staticmethod
    def latest_reports(
        figures: Iterable[FinancialFigure], day: datetime.date | None = None
    ) -> list[FinancialFigure]:
        """Of each operation, year, fund and measure in `figures`, the report with
        the latest `known_from` on or before `day` (any when None); ordered by
        operation id, year, then fund and measure as their choices list them."""
        latest: dict[tuple, FinancialFigure] = {}
        for figure in figures:
            if day is not None and figure.known_from > day:
                continue
            key = (figure.operation_id, figure.year, figure.fund, figure.measure)
            if key not in latest or figure.known_from > latest[key].known_from:
                latest[key] = figure
        return sorted(latest.values(), key=_figure_order)

    @staticmethod
    def latest_year_reports(
        figures: Iterable[FinancialFigure], day: datetime.date | None = None
    ) -> list[FinancialFigure]:
        """Of each operation, fund and measure in `figures`, the latest report
        known on `day` of the latest year known then: what the profile shows as
        the current budget. Ordered by operation id, then fund and measure as
        their choices list them."""
        latest: dict[tuple, FinancialFigure] = {}
        for figure in FinancialFigure.latest_reports(figures, day):
            latest[(figure.operation_id, figure.fund, figure.measure)] = figure
        return sorted(latest.values(), key=lambda f: _figure_order(f, by_year=False))


def _figure_order(figure: FinancialFigure, *, by_year: bool = True) -> tuple:
    return (
        figure.operation_id,
        figure.year if by_year else 0,
        list(Fund.values).index(figure.fund),
        list(Measure.values).index(figure.measure),
    )
