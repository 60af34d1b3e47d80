"""Vacancies, job alerts and the deliveries that mail one vacancy to one alert."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import re
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin
from wagtail.search import index

from fieldops.core.blocks import RICH_TEXT_FEATURES
from fieldops.core.models import Record, RecordQuerySet
from fieldops.core.validators import mail_address_key, validate_mail_address


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
        return reverse("recruitment:vacancy", kwargs={"number": self.number})

    def get_preview_template(self, request, mode_name):
        return "recruitment/vacancy_detail.html"

    def get_preview_context(self, request, mode_name):
        from .selectors import vacancy_page

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


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as a vacancy is published")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")


class AlertState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Criterion(models.TextChoices):
    OPERATION = "operation", _("field operation")
    RECRUITMENT_TYPE = "recruitment_type", _("recruitment type")
    MODALITY = "modality", _("contract modality")
    GRADE = "grade", _("grade")
    FIELD_OF_EXPERTISE = "field_of_expertise", _("field of expertise")
    DUTY_STATION = "duty_station", _("duty station")
    KEYWORD = "keyword", _("keyword")


# The kinds of criteria, the most selective first: match keys are built from an
# alert's first kinds in this order.
CRITERION_ORDER = [
    Criterion.DUTY_STATION,
    Criterion.OPERATION,
    Criterion.FIELD_OF_EXPERTISE,
    Criterion.GRADE,
    Criterion.KEYWORD,
    Criterion.MODALITY,
    Criterion.RECRUITMENT_TYPE,
]


# Match keys: an alert is stored under one key per combination of one accepted value
# of each of its first KEY_KINDS kinds (in CRITERION_ORDER, as long as there are at most
# MAX_KEYS combinations); a vacancy computes the keys of every such combination it
# satisfies. An alert whose every criterion admits the vacancy shares a key with it,
# so an indexed lookup of the vacancy's keys finds the few candidates, whatever the
# number of alerts; the criteria rows then confirm each one (kinds left out of the
# key, and the rare hash collision, are checked there).
KEY_KINDS = 3
MAX_KEYS = 64


def match_key(pairs) -> int:
    """A 64-bit key for a set of (kind, value) pairs, the same in every process."""
    text = "\x1f".join(f"{kind}={value}" for kind, value in sorted(pairs))
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def alert_match_keys(criteria: dict[str, set[str]]) -> set[int]:
    """The keys an alert with `criteria` (kind -> accepted values) is stored under."""
    kinds, combinations = [], 1
    for kind in [kind for kind in CRITERION_ORDER if criteria.get(kind)]:
        if len(kinds) == KEY_KINDS or combinations * len(criteria[kind]) > MAX_KEYS:
            break
        kinds.append(kind)
        combinations *= len(criteria[kind])
    choices = [[(kind, value) for value in sorted(criteria[kind])] for kind in kinds]
    return {match_key(pairs) for pairs in itertools.product(*choices)}


def vacancy_match_keys(terms: list[tuple[str, str]]) -> list[int]:
    """The keys of every alert key that the vacancy with `terms` satisfies."""
    single = sorted({(k, v) for k, v in terms if k != Criterion.KEYWORD})
    words = sorted({(k, v) for k, v in terms if k == Criterion.KEYWORD})
    keys = set()
    for size in range(KEY_KINDS + 1):
        for pairs in itertools.combinations(single, size):
            keys.add(match_key(pairs))
            if size < KEY_KINDS:
                keys.update(match_key((*pairs, word)) for word in words)
    return sorted(keys)


def criteria_of(alert: JobAlert) -> dict[str, set[str]]:
    """The criteria stored for `alert` (kind -> accepted values), as its
    AlertCriterion rows say."""
    criteria: dict[str, set[str]] = {}
    for row in alert.criteria.all():
        criteria.setdefault(row.kind, set()).add(row.value)
    return criteria


def criteria_key(criteria: dict[str, set[str]]) -> str:
    """A digest of `criteria` (kind -> accepted values; empty kinds ignored) that
    equal criteria share whatever their order: 64 hex characters."""
    canonical = "\x1e".join(
        f"{kind}=" + "\x1f".join(sorted(str(v) for v in values))
        for kind, values in sorted(criteria.items())
        if values
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class JobAlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=AlertState.CONFIRMED)

    def matching(self, vacancy: Vacancy):
        """Confirmed alerts whose every criterion admits `vacancy`.

        Two indexed lookups, whatever the number of alerts: the candidates are the
        alerts that share a match key with the vacancy; among them, those that match
        on as many kinds of criterion as they set.
        """
        terms = vacancy.match_terms()
        # Fetched first, as a list: the planner cannot foresee how few alerts share
        # a key, and would rather scan every alert than look each candidate up.
        candidates = set(
            AlertMatchKey.objects.filter(key__in=vacancy_match_keys(terms))
            .values_list("alert_id", flat=True)
            .distinct()
        )
        hit = Q(pk__in=[])
        for kind in {kind for kind, _value in terms}:
            hit |= Q(kind=kind, value__in=[v for k, v in terms if k == kind])
        hits = (
            AlertCriterion.objects.filter(hit, alert=OuterRef("pk"))
            .order_by()
            .values("alert")
            .annotate(kinds=Count("kind", distinct=True))
            .values("kinds")
        )
        return (
            self.confirmed()
            .filter(pk__in=sorted(candidates))
            .annotate(hits=Coalesce(Subquery(hits), 0))
            .filter(hits=F("criteria_kinds"))
        )


class JobAlert(models.Model):
    """A subscription, without an account, to mails about matching vacancies."""

    token = models.UUIDField(
        _("token"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The secret part of the subscriber's links."),
    )
    email = models.EmailField(
        _("email address"),
        db_index=True,
        validators=[validate_mail_address],
        help_text=_("Where the alerts go."),
    )
    # An address has one alert per set of criteria: these two derived keys carry
    # the database constraint that says so.
    email_key = models.CharField(
        _("normalised address"),
        max_length=254,
        editable=False,
        default="",
        help_text=_("The address in the form compared for uniqueness."),
    )
    criteria_key = models.CharField(
        _("criteria digest"),
        max_length=64,
        editable=False,
        default="",
        help_text=_("A digest of the criteria, compared for uniqueness."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the mails."),
    )
    frequency = models.CharField(
        _("frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
        help_text=_("How often matching vacancies are mailed."),
    )
    state = models.CharField(
        _("state"),
        max_length=15,
        choices=AlertState.choices,
        default=AlertState.PENDING,
        db_index=True,
        help_text=_("Nothing but the confirmation is sent until it is confirmed."),
    )
    criteria_kinds = models.PositiveSmallIntegerField(
        _("number of kinds of criteria"),
        default=0,
        editable=False,
        help_text=_("Derived from the criteria: how many kinds the alert sets."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The consent record.
    consent_text = models.TextField(
        _("consent text"), help_text=_("The consent text the subscriber agreed to.")
    )
    consent_version = models.CharField(
        _("consent version"), max_length=20, help_text=_("Its version.")
    )
    consent_at = models.DateTimeField(_("consent given at"))
    consent_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    consent_user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    confirmation_sent_at = models.DateTimeField(
        _("confirmation queued at"),
        null=True,
        blank=True,
        help_text=_("When the last confirmation mail was put in the outbox."),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = JobAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "frequency"])]
        constraints = [
            models.UniqueConstraint(
                fields=["email_key", "criteria_key"],
                condition=~Q(state="unsubscribed"),
                name="one_alert_per_address_and_criteria",
                violation_error_message=_(
                    "This address already has a job alert with these criteria."
                ),
            )
        ]
        verbose_name = _("job alert")
        verbose_name_plural = _("job alerts")

    def __str__(self):
        return f"{self.email} ({self.get_frequency_display()})"

    def save(self, *args, **kwargs):
        # The uniqueness key follows the address, whatever code saves it.
        try:
            self.email_key = mail_address_key(self.email)
        except ValidationError:  # full_clean refuses it where it matters
            self.email_key = self.email.strip().lower()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "email" in update_fields:
            kwargs["update_fields"] = {*update_fields, "email_key"}
        super().save(*args, **kwargs)


class AlertCriterion(models.Model):
    """One accepted value of one kind of criterion of an alert (OR within a kind,
    AND across kinds). An alert without rows accepts every vacancy."""

    alert = models.ForeignKey(
        JobAlert, on_delete=models.CASCADE, related_name="criteria"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Criterion.choices)
    value = models.CharField(_("value"), max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "kind", "value"], name="one_alert_criterion_value"
            )
        ]
        verbose_name = _("alert criterion")
        verbose_name_plural = _("alert criteria")

    def __str__(self):
        return f"{self.kind}={self.value}"


class AlertMatchKey(models.Model):
    """A key an alert is looked up by when a vacancy is published; derived from its
    criteria (see alert_match_keys) and replaced with them."""

    alert = models.ForeignKey(
        JobAlert, on_delete=models.CASCADE, related_name="match_keys"
    )
    key = models.BigIntegerField(_("key"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "alert"], name="one_alert_match_key")
        ]
        verbose_name = _("alert match key")
        verbose_name_plural = _("alert match keys")

    def __str__(self):
        return f"{self.alert_id}: {self.key}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (alert ended or vacancy closed)")
    GIVEN_UP = "given_up", _("Given up (every attempt failed until the vacancy closed)")


class AlertDelivery(models.Model):
    """One vacancy to be mailed, or mailed, to one alert: at most one row per pair."""

    alert = models.ForeignKey(
        JobAlert, on_delete=models.CASCADE, related_name="deliveries"
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A worker that takes a row holds it until then; a crashed worker's rows are
    # taken again once it has passed.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "vacancy"], name="one_delivery_per_alert_and_vacancy"
            )
        ]
        indexes = [
            models.Index(
                fields=["alert", "created_at"],
                condition=Q(state="pending"),
                name="pending_delivery",
            )
        ]
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")

    def __str__(self):
        return f"{self.vacancy_id} → {self.alert_id} ({self.state})"


class AlertMatching(models.Model):
    """Which publication of a vacancy its alerts were last matched against: a
    vacancy published again, or never matched, is matched (again) by
    `manage.py reconcile` even if the task queued at publication was lost."""

    vacancy = models.OneToOneField(
        Vacancy,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="alert_matching",
        verbose_name=_("vacancy"),
    )
    published_at = models.DateTimeField(
        _("publication matched"),
        help_text=_("The vacancy's last publication time when it was matched."),
    )
    matched_at = models.DateTimeField(_("matched at"))

    class Meta:
        verbose_name = _("alert matching")
        verbose_name_plural = _("alert matchings")

    def __str__(self):
        return f"{self.vacancy_id} matched {self.matched_at:%Y-%m-%d %H:%M}"
