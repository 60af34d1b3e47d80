"""The job alert pages: subscribe, confirm, manage, unsubscribe, delete.

Only a POST changes anything: mail scanners follow the links in mails with GET.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from fieldops.core.http import client_ip
from fieldops.core.methods import allow_methods

from ..models import AlertState, JobAlert
from . import limits, links
from .forms import (
    CONSENT_TEXT,
    CONSENT_VERSION,
    JobAlertCriteriaForm,
    JobAlertForm,
    criteria_labels,
)
from .queue import job_alert_subscribe_later
from .services import (
    ConsentRecord,
    job_alert_confirm,
    job_alert_delete,
    job_alert_unsubscribe,
    job_alert_update,
)


def _message(request, *, status: int, title, text, subscribe_link=False):
    context = {"title": title, "text": text, "subscribe_link": subscribe_link}
    return render(request, "recruitment/job_alert_message.html", context, status=status)


def _see_other(url: str):
    response = redirect(url)
    response.status_code = 303
    return response


def _alert_from(request, signed: str, *, salt: str, max_age: int | None = None):
    """The alert a signed link names, or the page that says why there is none."""
    token = links.token_from(signed, salt=salt, max_age=max_age)
    try:
        alert = JobAlert.objects.filter(token=uuid.UUID(token or "")).first()
    except ValueError:
        return None, _message(
            request,
            status=400,
            title=_("This link does not work"),
            text=_(
                "It may have expired, or been cut short by your mail program. "
                "Copy the whole link from the mail, or subscribe again."
            ),
            subscribe_link=True,
        )
    if alert is None:
        return None, _message(
            request,
            status=404,
            title=_("This job alert does not exist any more"),
            text=_("It was deleted, with everything stored about it."),
            subscribe_link=True,
        )
    return alert, None


# No CSRF token, so that the form is the same page for everyone and caches may
# keep it (a token would set a cookie and make each copy private). A forged
# subscription gains nothing a forger could not do by posting the form itself: no
# session or account is involved, it only sends a confirmation mail (nothing is
# sent after it unless the address's owner confirms), and it is limited per
# client network and per address (alerts/limits.py). The answers to a POST are
# never cached (core/http_cache.py).
@csrf_exempt
@allow_methods("POST")
def subscribe(request):
    if request.method != "POST":
        initial = JobAlertForm.initial_from_query(request.GET, language=get_language())
        return _subscribe_page(request, JobAlertForm(initial=initial))
    form = JobAlertForm(request.POST)
    if not form.is_valid():
        return _subscribe_page(request, form, status=400)
    email = form.cleaned_data["email"]
    ip_allowed, address_allowed = limits.subscription_allowed(request, email=email)
    if not ip_allowed:
        response = _message(
            request,
            status=429,
            title=_("Too many subscriptions at once"),
            text=_(
                "Many job alerts were asked for from your network in a short time, "
                "so we did not record this one. Please try again later."
            ),
        )
        response["Retry-After"] = limits.window_seconds("FIELDOPS_ALERT_RATE_PER_IP")
        return response
    # Over the per-address limit the answer is the same as ever, so that nobody
    # can learn from it whether an address subscribes; nothing is stored or sent.
    # The subscription itself is queued: a new address and a known one take the
    # same work here (alerts/queue.py).
    if address_allowed:
        job_alert_subscribe_later(
            email=email,
            criteria=form.criteria(),
            frequency=form.cleaned_data["frequency"],
            language=form.cleaned_data["language"],
            consent=ConsentRecord(
                text=str(CONSENT_TEXT),
                version=CONSENT_VERSION,
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
            ),
        )
    return _see_other("job_alerts:sent")


def _subscribe_page(request, form, status=200):
    context = {"form": form, "consent_text": CONSENT_TEXT}
    return render(request, "recruitment/job_alert_form.html", context, status=status)


@allow_methods()
def sent(request):
    context = {"valid_days": links.CONFIRM_MAX_AGE // (60 * 60 * 24)}
    return render(request, "recruitment/job_alert_sent.html", context)


@never_cache
@allow_methods("POST")
def confirm(request, signed):
    alert, refusal = _alert_from(
        request, signed, salt=links.CONFIRM_SALT, max_age=links.CONFIRM_MAX_AGE
    )
    if refusal:
        return refusal
    if request.method == "POST":
        alert = job_alert_confirm(alert=alert)
    context = {
        "alert": alert,
        "asked": request.method != "POST" and alert.state == AlertState.PENDING,
        "manage_url": links.manage_url(alert),
    }
    return render(request, "recruitment/job_alert_confirm.html", context)


# RFC 8058: mail providers unsubscribe with a POST that carries no CSRF token. The
# signed token in the address is what proves the request comes from the mail.
@csrf_exempt
@never_cache
@allow_methods("POST")
def unsubscribe(request, signed):
    alert, refusal = _alert_from(request, signed, salt=links.UNSUBSCRIBE_SALT)
    if refusal:
        return refusal
    if request.method == "POST":
        alert = job_alert_unsubscribe(alert=alert)
    context = {"alert": alert, "manage_url": links.manage_url(alert)}
    return render(request, "recruitment/job_alert_unsubscribe.html", context)


@never_cache
@allow_methods("POST")
def manage(request, signed):
    alert, refusal = _alert_from(request, signed, salt=links.MANAGE_SALT)
    if refusal:
        return refusal
    criteria = alert.criteria_map()
    if request.method == "POST":
        form = JobAlertCriteriaForm(request.POST)
        if form.is_valid():
            try:
                job_alert_update(
                    alert=alert,
                    criteria=form.criteria(),
                    frequency=form.cleaned_data["frequency"],
                    language=form.cleaned_data["language"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return _see_other(request.path)
    else:
        initial = JobAlertCriteriaForm.initial_for(
            criteria, frequency=alert.frequency, language=alert.language
        )
        form = JobAlertCriteriaForm(initial=initial)
    context = {
        "alert": alert,
        "criteria": criteria_labels(criteria),
        "form": form,
        "unsubscribe_url": links.unsubscribe_url(alert),
        "delete_url": reverse("job_alerts:delete", kwargs={"signed": signed}),
    }
    status = 400 if form.is_bound else 200
    return render(request, "recruitment/job_alert_manage.html", context, status=status)


@never_cache
@allow_methods("POST")
def delete(request, signed):
    alert, refusal = _alert_from(request, signed, salt=links.MANAGE_SALT)
    if refusal:
        return refusal
    if request.method == "POST":
        job_alert_delete(alert=alert)
        return render(request, "recruitment/job_alert_delete.html", {"deleted": True})
    context = {"alert": alert, "manage_url": links.manage_url(alert)}
    return render(request, "recruitment/job_alert_delete.html", context)
