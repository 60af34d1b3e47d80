"""The mails sent to job alert subscribers, each with a plain-text and an HTML
part rendered in the subscriber's language.

The links in them are built from settings.WAGTAILADMIN_BASE_URL (BASE_URL). In
production it must be https: mail providers only honour an https
List-Unsubscribe link for one-click unsubscribing (RFC 8058).
"""

from __future__ import annotations

import datetime
import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from fieldops.core.addresses import base_url

from ..models import AlertDelivery, JobAlert
from . import links
from .forms import criteria_labels


def mail_host() -> str:
    """The host name of the site, as the mails name it."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def list_id() -> str:
    """The RFC 2919 List-Id of the job alerts: a name and a stable identifier."""
    name = f"{settings.FIELDOPS_ORGANISATION_ACRONYM} job alerts".replace('"', "")
    return f'"{name}" <job-alerts.{mail_host()}>'


def _message(
    alert: JobAlert,
    *,
    subject,
    template: str,
    context: dict,
    headers: dict[str, str],
) -> EmailMultiAlternatives:
    with translation.override(alert.language):
        context = {
            "alert": alert,
            "criteria": criteria_labels(alert.criteria_map()),
            "site_url": settings.WAGTAILADMIN_BASE_URL,
            "organisation_name": settings.FIELDOPS_ORGANISATION_NAME,
            "organisation_acronym": settings.FIELDOPS_ORGANISATION_ACRONYM,
            **context,
        }
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        # A line break in a subject would be refused as header injection.
        subject = " ".join(str(subject).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[alert.email],
        headers={"Auto-Submitted": "auto-generated", **headers},
    )
    message.attach_alternative(html, "text/html")
    return message


def alert_message(
    alert: JobAlert,
    *,
    subject,
    template: str,
    context: dict,
    message_id: str | None = None,
) -> EmailMultiAlternatives:
    """A mail to a subscriber of a confirmed alert.

    Renders `template` + ".txt" and ".html" (which should extend email/base.*) in
    the alert's language, with `alert`, `manage_url`, `unsubscribe_url` and
    `criteria` added to `context`; `subject` may be lazy, it is translated then.
    Adds List-Id, List-Unsubscribe (+ -Post for one click) and Auto-Submitted.
    Give `message_id` (for example "delivery-42") for a Message-ID that a retry
    repeats, so the receiving side can tell a duplicate.
    """
    unsubscribe_url = links.unsubscribe_url(alert)
    headers = {
        "List-Id": list_id(),
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if message_id:
        headers["Message-ID"] = f"<{message_id}@{mail_host()}>"
    context = {
        "manage_url": links.manage_url(alert),
        "unsubscribe_url": unsubscribe_url,
        **context,
    }
    return _message(
        alert, subject=subject, template=template, context=context, headers=headers
    )


def confirmation_message(alert: JobAlert) -> EmailMultiAlternatives:
    """The double opt-in mail: the confirmation link and until when it works.

    It carries no list headers: it is not an alert, and ignoring it is all it
    takes to receive nothing.
    """
    expires_at = timezone.now() + datetime.timedelta(seconds=links.CONFIRM_MAX_AGE)
    context = {
        "confirm_url": links.confirm_url(alert),
        "expires_at": expires_at,
        "valid_days": links.CONFIRM_MAX_AGE // (60 * 60 * 24),
    }
    return _message(
        alert,
        subject=_("Confirm your job alert"),
        template="email/job_alert_confirm",
        context=context,
        headers={},
    )


def already_subscribed_message(alert: JobAlert) -> EmailMultiAlternatives:
    """To the owner of a confirmed alert who asked for the same one again."""
    return alert_message(
        alert,
        subject=_("You already have this job alert"),
        template="email/job_alert_exists",
        context={},
    )


def message_id(alert_id: int, tail: str) -> str:
    """The left part of a Message-ID that every attempt at one mail repeats."""
    return f"alert-{alert_id}-{tail}"


def vacancy_message(delivery: AlertDelivery) -> EmailMultiAlternatives:
    """The mail of one vacancy to one immediate alert (the delivery's)."""
    alert, vacancy = delivery.alert, delivery.vacancy
    with translation.override(alert.language):
        return alert_message(
            alert,
            subject=gettext("New vacancy: %(title)s") % {"title": vacancy.title},
            template="email/vacancy_alert",
            context={"vacancy": vacancy, "base_url": base_url()},
            message_id=message_id(alert.pk, f"vacancy-{vacancy.pk}"),
        )


def digest_message(
    alert: JobAlert, deliveries: list[AlertDelivery]
) -> EmailMultiAlternatives:
    """The daily or weekly mail of the deliveries' vacancies to `alert`; its
    Message-ID follows the deliveries, so a retry of the same ones repeats it."""
    vacancies = [d.vacancy for d in deliveries]
    digest = hashlib.sha256(
        ",".join(str(d.pk) for d in deliveries).encode()
    ).hexdigest()[:16]
    with translation.override(alert.language):
        return alert_message(
            alert,
            subject=ngettext(
                "%(count)d new vacancy matching your job alert",
                "%(count)d new vacancies matching your job alert",
                len(vacancies),
            )
            % {"count": len(vacancies)},
            template="email/vacancy_digest",
            context={"vacancies": vacancies, "base_url": base_url()},
            message_id=message_id(alert.pk, f"digest-{digest}"),
        )
