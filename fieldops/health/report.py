"""The data-health findings: what is stale, unsourced, missing or inconsistent in
each field operation's records, with a link to the record to fix.

Severity:

- error: the public record is wrong or has a hole in it. Gaps in the history (a
  period with no name, no headquarters or no head) and figures whose parts do not
  add up to a true total. Monitoring fails on these.
- warning: allowed, but wants an editor's attention. Facts older than
  ``FIELDOPS_STALE_AFTER_MONTHS``, facts without a source document or link (a source
  note alone explains the source but does not let a reader check it), an
  expenditure above its budget, vacancies past their deadline still unpublished,
  job alerts that have waited more than a week for confirmation, job-alert mails
  given up because every attempt failed until their vacancy closed, mail
  waiting in the outbox after failed attempts, and (for the whole organisation)
  an IATI file that cannot be published for want of a valid
  ``FIELDOPS_IATI_ORGANISATION_ID``.

Only published records count, as on the public pages: a draft neither fills a gap
nor is reported. Every operation is checked, published or not. Everything is read in
a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.utils import quote
from django.db import models
from django.db.models import Count, Max, Prefetch
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fieldops.core.mail import outbox_waiting
from fieldops.opendata.formats.iati import identifier_problem
from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FinancialFigure,
    Fund,
    Mandate,
    Measure,
    NameChange,
    Office,
    OfficeRole,
    OperationName,
    Post,
    PostRole,
    StaffFunding,
    StaffingLine,
    StaffingSnapshot,
)
from fieldops.operations.selectors import is_stale, place_name_on
from fieldops.recruitment.models import (
    AlertCriterion,
    AlertDelivery,
    AlertState,
    Criterion,
    DeliveryState,
    JobAlert,
    Vacancy,
)

ALERT_PATIENCE = datetime.timedelta(days=7)


class Severity(models.TextChoices):
    ERROR = "error", gettext_lazy("Error")
    WARNING = "warning", gettext_lazy("Warning")


class Kind(models.TextChoices):
    GAP = "gap", gettext_lazy("Gaps in the history")
    FIGURES = "figures", gettext_lazy("Figures whose parts and total disagree")
    STALE = "stale", gettext_lazy("Facts older than the configured age")
    UNSOURCED = "unsourced", gettext_lazy("Unsourced facts")
    VACANCY = "vacancy", gettext_lazy("Vacancies past their deadline still in draft")
    ALERT = "alert", gettext_lazy("Job alerts waiting for confirmation for a week")
    MAIL = "mail", gettext_lazy("Mail that could not be delivered")
    OPEN_DATA = "open-data", gettext_lazy("Open data that cannot be published")


KIND_ORDER = list(Kind.values)


@dataclass(frozen=True)
class Finding:
    """One thing to fix: what kind, how serious, about which record, and where."""

    kind: str
    code: str
    severity: str
    subject: str
    message: str
    url: str | None
    operation: FieldOperation | None = field(compare=False, default=None)
    # A button that fixes it: (address to POST to, label).
    action: tuple[str, str] | None = field(compare=False, default=None)

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def get_kind_display(self) -> str:
        return str(Kind(self.kind).label)

    def get_severity_display(self) -> str:
        return str(Severity(self.severity).label)

    def as_dict(self) -> dict:
        return {
            "operation": self.operation.slug if self.operation else None,
            "kind": self.kind,
            "code": self.code,
            "severity": self.severity,
            "subject": self.subject,
            "message": self.message,
            "url": self.url,
        }


@dataclass
class KindGroup:
    """The findings of one kind, for a heading and a table of their own."""

    kind: str
    label: str
    findings: list[Finding]


@dataclass
class OperationHealth:
    """The findings of one field operation (or, with none, of the organisation)."""

    operation: FieldOperation | None
    name: str
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def groups(self) -> list[KindGroup]:
        by_kind = defaultdict(list)
        for finding in self.findings:
            by_kind[finding.kind].append(finding)
        return [
            KindGroup(kind, str(Kind(kind).label), by_kind[kind])
            for kind in KIND_ORDER
            if by_kind[kind]
        ]


def admin_edit_url(record: models.Model) -> str:
    """The admin address where `record` (a snippet) is edited."""
    meta = record._meta
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit",
        args=[quote(record.pk)],
    )


def admin_add_url(model: type[models.Model]) -> str:
    """The admin address where a record of `model` (a snippet) is created."""
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:add")


def admin_list_url(model: type[models.Model], **filters) -> str:
    """The admin listing of `model`, filtered."""
    meta = model._meta
    url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")
    return f"{url}?{urlencode(filters)}" if filters else url


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _subject(record: models.Model, label: str) -> str:
    name = str(record._meta.verbose_name)
    return f"{name[:1].upper()}{name[1:]}: {label}"


def _months_ago(day: datetime.date) -> str:
    months = settings.FIELDOPS_STALE_AFTER_MONTHS
    return ngettext(
        "as of %(day)s, more than %(months)s month ago",
        "as of %(day)s, more than %(months)s months ago",
        months,
    ) % {"day": _day(day), "months": months}


# Labels built from rows already loaded: some models' __str__ would query.
def _name_label(name: OperationName) -> str:
    return _subject(name, name.full_name)


def _office_label(office: Office) -> str:
    place = place_name_on(office.place, office.effective_start)[0] or "?"
    return _subject(office, f"{office.get_role_display()} – {place}")


def _mandate_label(mandate: Mandate) -> str:
    return _subject(mandate, mandate.summary[:60])


def _appointment_label(appointment: Appointment, post: Post) -> str:
    return _subject(appointment, f"{appointment.person.name} – {post.title}")


def _snapshot_label(snapshot: StaffingSnapshot) -> str:
    return _subject(snapshot, _day(snapshot.as_of))


def _figure_label(figure: FinancialFigure) -> str:
    return _subject(
        figure,
        f"{figure.year}, {figure.get_fund_display()}, {figure.get_measure_display()}",
    )


@dataclass
class _Loaded:
    """An operation's published records, loaded once."""

    operation: FieldOperation
    today: datetime.date
    names: list[OperationName]
    offices: list[Office]
    mandates: list[Mandate]
    head_posts: list[Post]
    appointments: list[tuple[Appointment, Post]]
    snapshots: list[StaffingSnapshot]
    figures: list[FinancialFigure]

    @property
    def current_name(self) -> OperationName | None:
        return next((n for n in self.names if n.holds_on(self.today)), None)

    @property
    def closed_on(self) -> datetime.date | None:
        """The first day of the closure, when the operation is closed today."""
        name = self.current_name
        if name is not None and name.change == NameChange.CLOSED:
            return name.effective_start
        return None

    @property
    def established_on(self) -> datetime.date | None:
        starts = [n.effective_start for n in self.names]
        start = min(starts, default=None)
        return None if start == datetime.date.min else start

    @property
    def required_until(self) -> datetime.date:
        """The first day for which a seat and a head are no longer expected."""
        return self.closed_on or self.today + datetime.timedelta(days=1)

    def label(self, record) -> str:
        if isinstance(record, OperationName):
            return _name_label(record)
        if isinstance(record, Office):
            return _office_label(record)
        if isinstance(record, Mandate):
            return _mandate_label(record)
        if isinstance(record, StaffingSnapshot):
            return _snapshot_label(record)
        if isinstance(record, FinancialFigure):
            return _figure_label(record)
        raise TypeError(record)


@dataclass
class _Gap:
    start: datetime.date
    end: datetime.date | None  # None: still open on the last required day
    before: models.Model | None  # the record that ended when the gap began
    after: models.Model | None  # the record that ended the gap

    @property
    def record(self) -> models.Model:
        return self.before or self.after


def _gaps(records, *, start: datetime.date | None, until: datetime.date) -> list[_Gap]:
    """The periods in [start, until) that none of `records` covers.

    With no `start`, coverage is required from the first record on. A record whose
    start is unknown (only "known to hold on" a day) may have begun right after the
    one before it, so no gap is reported before it.
    """
    records = sorted(records, key=lambda r: r.effective_start)
    if not records:
        return []
    covered = start if start is not None else records[0].effective_start
    gaps, before = [], None
    for record in records:
        if record.effective_start >= until:
            break
        if record.effective_start > covered and record.valid_from is not None:
            gaps.append(_Gap(covered, record.effective_start, before, record))
        if before is None or record.effective_end >= covered:
            before = record
        covered = max(covered, record.effective_end)
    if covered < until:
        gaps.append(_Gap(covered, None, before, None))
    return gaps


def _gap_findings(data: _Loaded) -> list[Finding]:
    findings = []

    def gap(code, record, message):
        findings.append(
            Finding(
                Kind.GAP,
                code,
                Severity.ERROR,
                data.label(record),
                message,
                admin_edit_url(record),
            )
        )

    def missing(code, model, message):
        subject = str(model._meta.verbose_name_plural).capitalize()
        findings.append(
            Finding(
                Kind.GAP, code, Severity.ERROR, subject, message, admin_add_url(model)
            )
        )

    # Names: from the first one on, every day up to today.
    if not data.names:
        missing("name-missing", OperationName, _("No name is recorded."))
    today_end = data.today + datetime.timedelta(days=1)
    for hole in _gaps(data.names, start=None, until=today_end):
        if hole.end:
            text = _("No name is recorded from %(start)s until %(end)s.")
        else:
            text = _("No name is recorded since %(start)s.")
        gap("name-gap", hole.record, text % _span(hole))

    # Headquarters: from the establishment until today or the closure.
    seats = [o for o in data.offices if o.role == OfficeRole.HEADQUARTERS]
    if not seats and data.closed_on is None:
        missing("seat-missing", Office, _("No headquarters is recorded."))
    for hole in _gaps(seats, start=data.established_on, until=data.required_until):
        if hole.end:
            text = _("No headquarters is recorded from %(start)s until %(end)s.")
        else:
            text = _("No headquarters is recorded since %(start)s.")
        gap("seat-gap", hole.record, text % _span(hole))

    # Head: where the operation has a head's post, between recorded appointments
    # and today; the time before the first appointment is not known to be a gap.
    if data.head_posts:
        heads = [a for a, post in data.appointments if post.role == PostRole.HEAD]
        posts = {a.pk: post for a, post in data.appointments}
        if not heads and data.closed_on is None:
            missing("head-missing", Appointment, _("No head is recorded."))
        for hole in _gaps(heads, start=None, until=data.required_until):
            if hole.end:
                text = _("No head is recorded from %(start)s until %(end)s.")
            else:
                text = _("No head is recorded since %(start)s.")
            record = hole.record
            findings.append(
                Finding(
                    Kind.GAP,
                    "head-gap",
                    Severity.ERROR,
                    _appointment_label(record, posts[record.pk]),
                    text % _span(hole),
                    admin_edit_url(record),
                )
            )
    return findings


def _span(hole: _Gap) -> dict[str, str]:
    return {"start": _day(hole.start), "end": _day(hole.end) if hole.end else ""}


def _latest_figures(figures: Iterable[FinancialFigure], key) -> dict:
    latest = {}
    for figure in sorted(figures, key=lambda f: (f.year, f.as_of), reverse=True):
        latest.setdefault(key(figure), figure)
    return latest


def _stale_findings(data: _Loaded) -> list[Finding]:
    # A closed operation's last facts are old by nature.
    if data.closed_on is not None:
        return []
    today, findings = data.today, []

    def stale(code, subject, message, record):
        findings.append(
            Finding(
                Kind.STALE,
                code,
                Severity.WARNING,
                subject,
                message,
                admin_edit_url(record),
            )
        )

    counted = [s for s in data.snapshots if s.as_of <= today]
    latest = max(counted, key=lambda s: s.as_of, default=None)
    if latest is not None and is_stale(latest.as_of, today):
        text = _("The latest staff count is %(age)s.") % {
            "age": _months_ago(latest.as_of)
        }
        stale("staffing-stale", _snapshot_label(latest), text, latest)

    # The same figures as the profile shows: per fund and measure, the latest year's
    # latest report.
    known = [f for f in data.figures if f.as_of <= today]
    shown = _latest_figures(known, key=lambda f: (f.fund, f.measure))
    for figure in sorted(shown.values(), key=_figure_order):
        if is_stale(figure.as_of, today):
            text = _("The latest figure of this fund and measure is %(age)s.") % {
                "age": _months_ago(figure.as_of)
            }
            stale("figure-stale", _figure_label(figure), text, figure)

    # Facts that hold today but are only known to hold on a day long past.
    current = [*data.names, *data.offices, *data.mandates]
    heads = [(a, p) for a, p in data.appointments if p.role == PostRole.HEAD]
    text = _(
        "Its start is unknown and it was last confirmed %(age)s: confirm it again "
        "or record its start."
    )
    for record in current:
        if _confirmed_long_ago(record, today):
            age = {"age": _months_ago(record.known_on)}
            stale("known-on-stale", data.label(record), text % age, record)
    for appointment, post in heads:
        if _confirmed_long_ago(appointment, today):
            age = {"age": _months_ago(appointment.known_on)}
            label = _appointment_label(appointment, post)
            stale("known-on-stale", label, text % age, appointment)
    return findings


def _confirmed_long_ago(record, today: datetime.date) -> bool:
    return (
        record.holds_on(today)
        and record.valid_from is None
        and record.known_on is not None
        and is_stale(record.known_on, today)
    )


def _figure_order(figure: FinancialFigure):
    return (
        -figure.year,
        list(Fund.values).index(figure.fund),
        list(Measure.values).index(figure.measure),
    )


def _unsourced_findings(data: _Loaded) -> list[Finding]:
    records = [
        *((r, data.label(r)) for r in data.names),
        *((r, data.label(r)) for r in data.offices),
        *((r, data.label(r)) for r in data.mandates),
        *((a, _appointment_label(a, p)) for a, p in data.appointments),
        *((r, data.label(r)) for r in data.snapshots),
        *((r, data.label(r)) for r in data.figures),
    ]
    findings = []
    for record, label in records:
        if record.is_sourced:
            continue
        if record.source_note.strip():
            code = "source-not-linked"
            text = _(
                "The source is explained in a note but not linked: add the source "
                "document or a link where it can be checked."
            )
        else:
            code = "unsourced"
            text = _("No source document, link or note is given.")
        findings.append(
            Finding(
                Kind.UNSOURCED,
                code,
                Severity.WARNING,
                label,
                text,
                admin_edit_url(record),
            )
        )
    return findings


def _line_key(line: StaffingLine) -> str:
    return f"{line.get_category_display()}, {line.get_contract_type_display()}"


def _figures_findings(data: _Loaded) -> list[Finding]:
    findings = []

    def add(code, severity, subject, message, url):
        findings.append(Finding(Kind.FIGURES, code, severity, subject, message, url))

    # A staff count's total is the sum of its lines, so the lines must be disjoint
    # parts of it.
    for snapshot in sorted(data.snapshots, key=lambda s: s.as_of):
        lines = list(snapshot.lines.all())
        label, url = _snapshot_label(snapshot), admin_edit_url(snapshot)
        if not lines:
            add(
                "staffing-empty",
                Severity.ERROR,
                label,
                _("The staff count has no lines, so its total would be zero."),
                url,
            )
            continue
        keys = Counter((li.category, li.contract_type, li.funding) for li in lines)
        for (category, contract, funding), count in keys.items():
            if count < 2:
                continue
            line = next(
                li
                for li in lines
                if (li.category, li.contract_type, li.funding)
                == (category, contract, funding)
            )
            add(
                "staffing-duplicate",
                Severity.ERROR,
                label,
                _(
                    "%(count)s lines count the same staff (%(staff)s, %(funding)s): "
                    "the total counts them more than once."
                )
                % {
                    "count": count,
                    "staff": _line_key(line),
                    "funding": line.get_funding_display(),
                },
                url,
            )
        groups = defaultdict(set)
        for line in lines:
            groups[(line.category, line.contract_type)].add(line.funding)
        for (category, contract), fundings in groups.items():
            if StaffFunding.ANY in fundings and len(fundings) > 1:
                line = next(
                    li
                    for li in lines
                    if (li.category, li.contract_type) == (category, contract)
                )
                add(
                    "staffing-overlap",
                    Severity.ERROR,
                    label,
                    _(
                        "A line not split by funding sits next to lines split by "
                        "funding for the same staff (%(staff)s): the total counts "
                        "them twice."
                    )
                    % {"staff": _line_key(line)},
                    url,
                )

    # A year's total of a measure is the sum of its funds (the IATI export adds
    # them up), which needs one currency.
    latest = _latest_figures(data.figures, key=lambda f: (f.year, f.fund, f.measure))
    by_year = defaultdict(list)
    for figure in latest.values():
        by_year[(figure.year, figure.measure)].append(figure)
    for (year, measure), figures in sorted(by_year.items(), reverse=True):
        currencies = sorted({f.currency for f in figures})
        if len(currencies) > 1:
            add(
                "figures-currencies",
                Severity.ERROR,
                f"{year}, {Measure(measure).label}",
                _(
                    "The funds' figures are in different currencies (%(currencies)s), "
                    "so they cannot be added up to the year's total."
                )
                % {"currencies": ", ".join(currencies)},
                admin_list_url(FinancialFigure, operation=data.operation.pk, year=year),
            )
    # Spending is a part of the budget: more spent than available is suspicious.
    for (year, fund, measure), spent in sorted(latest.items(), reverse=True):
        if measure != Measure.EXPENDITURE:
            continue
        budget = latest.get((year, fund, Measure.APPROVED)) or latest.get(
            (year, fund, Measure.AVAILABLE)
        )
        if (
            budget is not None
            and budget.currency == spent.currency
            and spent.amount > budget.amount
        ):
            add(
                "expenditure-over-budget",
                Severity.WARNING,
                _figure_label(spent),
                _("The expenditure (%(spent)s) is more than the budget (%(budget)s).")
                % {
                    "spent": _money(spent.amount, spent.currency),
                    "budget": _money(budget.amount, budget.currency),
                },
                admin_edit_url(spent),
            )
    return findings


def _money(amount: Decimal, currency: str) -> str:
    number = formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    return f"{number} {currency}"


def _vacancy_findings(vacancies: Iterable[Vacancy]) -> list[Finding]:
    findings = []
    for vacancy in vacancies:
        text = _(
            "Its deadline passed on %(day)s and it is still unpublished: give it a "
            "new deadline and publish it, or delete it."
        ) % {"day": _day(timezone.localdate(vacancy.deadline))}
        findings.append(
            Finding(
                Kind.VACANCY,
                "vacancy-draft-past-deadline",
                Severity.WARNING,
                _subject(vacancy, f"{vacancy.number}: {vacancy.title}"),
                text,
                admin_edit_url(vacancy),
            )
        )
    return findings


def _alert_finding(count: int) -> Finding:
    # Alerts are the subscribers' own (no admin view): they are counted, not listed.
    return Finding(
        Kind.ALERT,
        "alerts-pending",
        Severity.WARNING,
        str(JobAlert._meta.verbose_name_plural).capitalize(),
        ngettext(
            "%(count)s job alert has waited more than a week for confirmation.",
            "%(count)s job alerts have waited more than a week for confirmation.",
            count,
        )
        % {"count": count},
        None,
    )


def _given_up(ids: list[int]) -> dict[int, list[dict]]:
    """The given-up deliveries of the operations' vacancies, counted by vacancy:
    operation id -> [{"vacancy_id", "number", "title", "deadline", "count",
    "last_error"}]."""
    rows = (
        AlertDelivery.objects.filter(
            state=DeliveryState.GIVEN_UP, vacancy__operation_id__in=ids
        )
        .values("vacancy_id", "vacancy__operation_id")
        .annotate(
            number=Max("vacancy__number"),
            title=Max("vacancy__title"),
            deadline=Max("vacancy__deadline"),
            count=Count("pk"),
            last_error=Max("last_error"),
        )
        .order_by("deadline", "vacancy_id")
    )
    by_operation = defaultdict(list)
    for row in rows:
        by_operation[row["vacancy__operation_id"]].append(row)
    return by_operation


def _given_up_findings(rows: list[dict], now: datetime.datetime) -> list[Finding]:
    findings = []
    for row in rows:
        text = ngettext(
            "%(count)s job-alert mail about it was given up: every attempt failed "
            "until the vacancy closed (last error: %(error)s).",
            "%(count)s job-alert mails about it were given up: every attempt failed "
            "until the vacancy closed (last error: %(error)s).",
            row["count"],
        ) % {"count": row["count"], "error": row["last_error"] or "-"}
        action = None
        if row["deadline"] > now:
            text += " " + _("Its deadline has moved since: they can be sent now.")
            url = reverse("health:resend_alerts", args=[row["vacancy_id"]])
            action = (url, _("Send them"))
        url = reverse(
            "wagtailsnippets_recruitment_vacancy:edit", args=[row["vacancy_id"]]
        )
        subject = f"{row['number']}: {row['title']}"
        findings.append(
            Finding(
                Kind.MAIL,
                "alerts-given-up",
                Severity.WARNING,
                _subject(Vacancy, subject),
                text,
                url,
                action=action,
            )
        )
    return findings


def _outbox_finding() -> Finding | None:
    waiting = outbox_waiting()
    if not waiting["deferred"]:
        return None
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
    return Finding(
        Kind.MAIL,
        "outbox-deferred",
        Severity.WARNING,
        _("Outbox"),
        text,
        None,
        action=(reverse("health:retry_outbox"), _("Try again now")),
    )


def _iati_finding() -> Finding | None:
    problem = identifier_problem()
    if problem is None:
        return None
    return Finding(
        Kind.OPEN_DATA,
        "iati-identifier",
        Severity.WARNING,
        _("IATI organisation file"),
        problem
        + " "
        + _(
            "Set it to the identifier the organisation was issued (see "
            "docs/open-data.md); until then the open-data page does not offer "
            "the IATI download."
        ),
        None,
    )


def _load(operations, today: datetime.date) -> list[_Loaded]:
    queryset = FieldOperation.objects.order_by("slug").prefetch_related(
        Prefetch("names", OperationName.objects.live().order_by("valid_from")),
        Prefetch(
            "offices",
            Office.objects.live()
            .select_related("place")
            .prefetch_related("place__names"),
        ),
        Prefetch("mandates", Mandate.objects.live()),
        Prefetch(
            "posts",
            Post.objects.live().prefetch_related(
                Prefetch(
                    "appointments", Appointment.objects.live().select_related("person")
                )
            ),
        ),
        Prefetch(
            "staffing_snapshots",
            StaffingSnapshot.objects.live().prefetch_related(
                Prefetch("lines", StaffingLine.objects.all())
            ),
        ),
        Prefetch("financial_figures", FinancialFigure.objects.live()),
    )
    if operations is not None:
        queryset = queryset.filter(pk__in=operations)
    loaded = []
    for operation in queryset:
        posts = list(operation.posts.all())
        loaded.append(
            _Loaded(
                operation=operation,
                today=today,
                names=list(operation.names.all()),
                offices=list(operation.offices.all()),
                mandates=list(operation.mandates.all()),
                head_posts=[p for p in posts if p.role == PostRole.HEAD],
                appointments=[(a, p) for p in posts for a in p.appointments.all()],
                snapshots=list(operation.staffing_snapshots.all()),
                figures=list(operation.financial_figures.all()),
            )
        )
    return loaded


def _pending_alerts(now: datetime.datetime, ids: list[int], *, organisation: bool):
    """Counts of alerts waiting too long, per operation id they name, and of those
    that name no operation (only when `organisation`)."""
    waiting = JobAlert.objects.annotate(
        waiting_since=Coalesce("confirmation_sent_at", "created_at")
    ).filter(state=AlertState.PENDING, waiting_since__lt=now - ALERT_PATIENCE)
    rows = (
        AlertCriterion.objects.filter(
            kind=Criterion.OPERATION,
            value__in=[str(pk) for pk in ids],
            alert__in=waiting.values("pk"),
        )
        .values("value")
        .annotate(alerts=Count("alert", distinct=True))
        .order_by()
    )
    per_operation = {int(row["value"]): row["alerts"] for row in rows}
    unnamed = 0
    if organisation:
        unnamed = waiting.exclude(criteria__kind=Criterion.OPERATION).count()
    return per_operation, unnamed


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings, key=lambda f: (not f.is_error, KIND_ORDER.index(f.kind), f.subject)
    )


def data_health(
    operations=None,
    *,
    slug: str | None = None,
    now: datetime.datetime | None = None,
) -> list[OperationHealth]:
    """The findings of each field operation in `operations` (a queryset; None for
    every operation, then also the organisation-wide ones), in a fixed number of
    queries. `slug` keeps one operation."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if slug is not None:
        visible = FieldOperation.objects.filter(slug=slug)
        if operations is not None:
            visible = visible.filter(pk__in=operations)
        operations = visible
    loaded = _load(operations, today)
    ids = [data.operation.pk for data in loaded]
    drafts = defaultdict(list)
    if ids:
        vacancies = Vacancy.objects.filter(
            live=False, deadline__lt=now, operation_id__in=ids
        ).order_by("deadline", "number")
        for vacancy in vacancies:
            drafts[vacancy.operation_id].append(vacancy)
    organisation = operations is None
    alerts, unnamed = ({}, 0)
    if ids or organisation:
        alerts, unnamed = _pending_alerts(now, ids, organisation=organisation)
    given_up = _given_up(ids) if ids else {}

    result = []
    for data in loaded:
        operation = data.operation
        findings = [
            *_gap_findings(data),
            *_figures_findings(data),
            *_stale_findings(data),
            *_unsourced_findings(data),
            *_vacancy_findings(drafts[operation.pk]),
            *_given_up_findings(given_up.get(operation.pk, []), now),
        ]
        if alerts.get(operation.pk):
            findings.append(_alert_finding(alerts[operation.pk]))
        findings = [replace(f, operation=operation) for f in findings]
        name = data.current_name or (data.names[-1] if data.names else None)
        title = name.full_name if name else operation.slug
        result.append(OperationHealth(operation, title, _ordered(findings)))
    if organisation:
        findings = [_alert_finding(unnamed)] if unnamed else []
        findings += [f for f in (_outbox_finding(), _iati_finding()) if f]
        if findings:
            result.append(OperationHealth(None, _("Whole organisation"), findings))
    return result


def has_errors(report: Iterable[OperationHealth]) -> bool:
    """Whether any operation has a finding of severity error."""
    return any(health.errors for health in report)
