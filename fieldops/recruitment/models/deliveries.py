"""Deliveries: one vacancy to be mailed, or mailed, to one job alert, and which
publication of a vacancy its alerts were matched against."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fieldops.core.models import ChoiceLabels

from .alerts import JobAlert
from .vacancies import Vacancy


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (alert ended or vacancy closed)")
    GIVEN_UP = "given_up", _("Given up (every attempt failed until the vacancy closed)")


class AlertDelivery(ChoiceLabels):
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
