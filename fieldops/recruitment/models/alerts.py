"""Job alerts: subscriptions, without an account, to mails about the vacancies
that match their criteria, and the keys they are looked up by."""

from __future__ import annotations

import hashlib
import itertools
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from fieldops.core.models import ChoiceLabels
from fieldops.core.validators import mail_address_key, validate_mail_address

from .vacancies import Criterion, Vacancy


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as a vacancy is published")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")


class AlertState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


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


class JobAlert(ChoiceLabels):
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

    def criteria_map(self) -> dict[str, set[str]]:
        """The criteria stored for the alert (kind -> accepted values), as its
        AlertCriterion rows say; a kind it does not set is absent."""
        criteria: dict[str, set[str]] = {}
        for row in self.criteria.all():
            criteria.setdefault(row.kind, set()).add(row.value)
        return criteria


class AlertCriterion(ChoiceLabels):
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
