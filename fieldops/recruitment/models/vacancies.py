"""Vacancies and the fields of expertise they are sorted by."""

from __future__ import annotations

import datetime
import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin
from wagtail.search import index

from fieldops.core.blocks import RICH_TEXT_FEATURES
from fieldops.core.links import url_of
from fieldops.core.models import Record, RecordQuerySet

from ..vacancy_page import vacancy_page


class RecruitmentType(models.TextChoices):
    INTERNATIONAL = "international", _("International")
    LOCAL = "local", _("Local")


class Modality(models.TextChoices):
    SECONDED = "seconded", _("Seconded")
    CONTRACTED = "contracted", _("Contracted")


class Funding(models.TextChoices):
    UNIFIED = "unified", _("Unified Budget")
    EXTRABUDGETARY = "extrabudgetary", _("Extrabudgetary project")


class FieldOfExpertise(models.Model):
    """A field of work that vacancies and job alerts are sorted by."""

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        help_text=_("For example “Human rights” or “Finance and administration”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The short form used in web addresses and filters."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")

    def __str__(self):
        return self.name


GRADE_PATTERN = r"^[A-Z]{1,3}[0-9]{0,2}$"
VACANCY_NUMBER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$"


class VacancyQuerySet(RecordQuerySet):
    def open(self, now=None):
        """Published vacancies whose deadline has not passed: closing needs no job."""
        return self.live().filter(deadline__gt=now or timezone.now())

    def closed(self, now=None):
        return self.live().filter(deadline__lte=now or timezone.now())

    def awaiting_matching(self, now=None):
        """Open vacancies whose latest publication has not been matched to the job
        alerts yet: never matched, or published again since."""
        return self.open(now).filter(
            Q(alert_matching__isnull=True)
            | Q(last_published_at__gt=F("alert_matching__published_at"))
        )


class Vacancy(PreviewableMixin, index.Indexed, Record):
    """An open position at a field operation."""

    operation = models.ForeignKey(
        "operations.FieldOperation",
        verbose_name=_("field operation"),
        on_delete=models.PROTECT,
        related_name="vacancies",
        help_text=_("The field operation that recruits."),
    )
    number = models.CharField(
        _("vacancy number"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                VACANCY_NUMBER_PATTERN,
                _("Use letters, digits and hyphens only, for example VNKAZS00123."),
            )
        ],
        help_text=_("The unique reference of the vacancy; also its web address."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("The title of the position.")
    )
    grade = models.CharField(
        _("grade"),
        max_length=5,
        validators=[
            RegexValidator(GRADE_PATTERN, _("Enter a grade such as S2, P3, G5 or NP2."))
        ],
        help_text=_("The grade of the post, for example S2, P3, G5 or NP2."),
    )
    recruitment_type = models.CharField(
        _("recruitment type"),
        max_length=20,
        choices=RecruitmentType.choices,
        help_text=_("International or local recruitment."),
    )
    modality = models.CharField(
        _("contract modality"),
        max_length=20,
        choices=Modality.choices,
        help_text=_("Seconded by a participating State, or contracted directly."),
    )
    field_of_expertise = models.ForeignKey(
        FieldOfExpertise,
        verbose_name=_("field of expertise"),
        on_delete=models.PROTECT,
        related_name="vacancies",
        help_text=_("The field of work of the position."),
    )
    duty_station = models.ForeignKey(
        "operations.Place",
        verbose_name=_("duty station"),
        on_delete=models.PROTECT,
        related_name="vacancies",
        help_text=_("Where the post is based; its time zone is used for the deadline."),
    )
    posts = models.PositiveSmallIntegerField(
        _("number of posts"),
        default=1,
        # The same bound on every database (SQLite would store any integer).
        validators=[MinValueValidator(1), MaxValueValidator(9999)],
        help_text=_("How many people will be recruited."),
    )
    issued_on = models.DateField(
        _("issue date"), help_text=_("The day the vacancy was announced.")
    )
    deadline = models.DateTimeField(
        _("deadline"),
        db_index=True,
        help_text=_(
            "The last moment to apply, entered in your own time zone (the one set in "
            "your account). The public page shows it in the duty station's time "
            "zone. The vacancy closes by itself at that moment."
        ),
    )
    description = RichTextField(
        _("description"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Tasks, requirements and what the post offers."),
    )
    apply_url = models.URLField(
        _("how to apply"),
        help_text=_("The address of the vacancy in the application system."),
    )
    funding = models.CharField(
        _("funding"),
        max_length=20,
        choices=Funding.choices,
        default=Funding.UNIFIED,
        help_text=_("The Unified Budget or an extrabudgetary project."),
    )
    funding_project = models.CharField(
        _("extrabudgetary project"),
        max_length=200,
        blank=True,
        help_text=_("The project that funds the post, when it is extrabudgetary."),
    )

    objects = VacancyQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("number"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("live"),
        index.FilterField("deadline"),
        index.FilterField("operation_id"),
        index.FilterField("recruitment_type"),
        index.FilterField("modality"),
        index.FilterField("grade"),
        index.FilterField("field_of_expertise_id"),
        index.FilterField("duty_station_id"),
    ]

    class Meta:
        ordering = ["deadline", "number"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")

    def __str__(self):
        return f"{self.number}: {self.title}"

    def get_absolute_url(self):
        return url_of("recruitment:vacancy", number=self.number)

    def get_preview_template(self, request, mode_name):
        return "recruitment/vacancy_detail.html"

    def get_preview_context(self, request, mode_name):
        return vacancy_page(self, request)

    @property
    def is_open(self) -> bool:
        return self.deadline > timezone.now()

    @property
    def time_zone(self) -> zoneinfo.ZoneInfo:
        """The duty station's time zone (UTC if it is not a known zone)."""
        try:
            return zoneinfo.ZoneInfo(self.duty_station.time_zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def local_deadline(self) -> datetime.datetime:
        """The deadline in the duty station's time zone."""
        return self.deadline.astimezone(self.time_zone)

    def clean(self):
        super().clean()
        errors = {}
        if self.funding == Funding.EXTRABUDGETARY and not self.funding_project.strip():
            errors["funding_project"] = _(
                "Name the extrabudgetary project that funds the post."
            )
        if self.deadline and self.issued_on and self.duty_station_id:
            if self.local_deadline.date() <= self.issued_on:
                errors["deadline"] = _(
                    "The deadline must fall on a day after the issue date."
                )
        if errors:
            raise ValidationError(errors)

    def match_terms(self) -> list[tuple[str, str]]:
        """The (kind, value) pairs an alert criterion can match this vacancy on."""
        terms = [
            (Criterion.OPERATION, str(self.operation_id)),
            (Criterion.RECRUITMENT_TYPE, self.recruitment_type),
            (Criterion.MODALITY, self.modality),
            (Criterion.GRADE, self.grade),
            (Criterion.FIELD_OF_EXPERTISE, str(self.field_of_expertise_id)),
            (Criterion.DUTY_STATION, str(self.duty_station_id)),
        ]
        text = f"{self.title} {re.sub(r'<[^>]+>', ' ', self.description)}"
        terms += [(Criterion.KEYWORD, word) for word in sorted(keywords_in(text))]
        return terms


def keywords_in(text: str) -> set[str]:
    """The words of `text` as alert keywords are stored: lower case, 2–50 letters."""
    return {w for w in re.findall(r"\w+", text.lower()) if 2 <= len(w) <= 50}


class Criterion(models.TextChoices):
    """The kinds of fact of a vacancy that a job alert's criteria can name."""

    OPERATION = "operation", _("field operation")
    RECRUITMENT_TYPE = "recruitment_type", _("recruitment type")
    MODALITY = "modality", _("contract modality")
    GRADE = "grade", _("grade")
    FIELD_OF_EXPERTISE = "field_of_expertise", _("field of expertise")
    DUTY_STATION = "duty_station", _("duty station")
    KEYWORD = "keyword", _("keyword")
