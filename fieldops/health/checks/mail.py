"""Mail that could not be delivered (warnings): job-alert mails given up because
every attempt failed until their vacancy closed, and mail waiting in the outbox
after failed attempts. Each finding has a button that sends the mail again."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fieldops.core.mail import outbox_waiting
from fieldops.recruitment.models import Vacancy

from ..findings import CheckKind, Finding, Severity
from ..links import admin_edit_url_of
from ..selectors import CheckedOperation, CheckedOrganisation
from .labels import subject


def _given_up_finding(row: dict, checked: CheckedOperation) -> Finding:
    text = ngettext(
        "%(count)s job-alert mail about it was given up: every attempt failed "
        "until the vacancy closed (last error: %(error)s).",
        "%(count)s job-alert mails about it were given up: every attempt failed "
        "until the vacancy closed (last error: %(error)s).",
        row["count"],
    ) % {"count": row["count"], "error": row["last_error"] or "-"}
    action = None
    if row["deadline"] > checked.now:
        text += " " + _("Its deadline has moved since: they can be sent now.")
        url = reverse("health:resend_alerts", args=[row["vacancy_id"]])
        action = (url, _("Send them"))
    return Finding(
        CheckKind.MAIL,
        "alerts-given-up",
        Severity.WARNING,
        subject(Vacancy, f"{row['number']}: {row['title']}"),
        text,
        admin_edit_url_of(Vacancy, row["vacancy_id"]),
        action=action,
    )


def alert_mail_delivered(checked: CheckedOperation) -> list[Finding]:
    """No job-alert mail about the operation's vacancies was given up."""
    return [_given_up_finding(row, checked) for row in checked.given_up]


def outbox_flowing(organisation: CheckedOrganisation) -> list[Finding]:
    """No mail waits in the outbox after a failed attempt."""
    waiting = outbox_waiting()
    if not waiting["deferred"]:
        return []
    text = ngettext(
        "%(count)s mail has failed to go out since %(day)s (last error: %(error)s). "
        "It is tried again every minute; nothing is lost.",
        "%(count)s mails have failed to go out since %(day)s (last error: "
        "%(error)s). They are tried again every minute; nothing is lost.",
        waiting["deferred"],
    ) % {
        "count": waiting["deferred"],
        "day": formats.date_format(
            timezone.localtime(waiting["oldest"]), "DATETIME_FORMAT"
        ),
        "error": waiting["last_error"] or "-",
    }
    return [
        Finding(
            CheckKind.MAIL,
            "outbox-deferred",
            Severity.WARNING,
            _("Outbox"),
            text,
            None,
            action=(reverse("health:retry_outbox"), _("Try again now")),
        )
    ]
