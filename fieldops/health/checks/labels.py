"""How findings name records and days: "Office: Headquarters – Astana".

Built from rows already loaded, without their __str__, which for some models
would query."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import ngettext

from fieldops.operations.models import (
    Appointment,
    FinancialFigure,
    Mandate,
    Office,
    OperationName,
    StaffingSnapshot,
)


def day_label(day: datetime.date) -> str:
    """`day` in the active language's DATE_FORMAT: "1 January 2010"."""
    return formats.date_format(day, "DATE_FORMAT")


def subject(record: models.Model | type[models.Model], label: str) -> str:
    """The record's model name, capitalised, and `label`: "Office: …"."""
    name = str(record._meta.verbose_name)
    return f"{name[:1].upper()}{name[1:]}: {label}"


def plural_subject(model: type[models.Model]) -> str:
    """The model's plural name, capitalised: "Offices"."""
    return str(model._meta.verbose_name_plural).capitalize()


def months_ago(day: datetime.date) -> str:
    """ "as of <day>, more than <FIELDOPS_STALE_AFTER_MONTHS> months ago"."""
    months = settings.FIELDOPS_STALE_AFTER_MONTHS
    return ngettext(
        "as of %(day)s, more than %(months)s month ago",
        "as of %(day)s, more than %(months)s months ago",
        months,
    ) % {"day": day_label(day), "months": months}


def name_label(name: OperationName) -> str:
    return subject(name, name.full_name)


def office_label(office: Office) -> str:
    place = office.place.nearest_name_on(office.effective_start)[0] or "?"
    return subject(office, f"{office.get_role_display()} – {place}")


def mandate_label(mandate: Mandate) -> str:
    return subject(mandate, mandate.summary[:60])


def appointment_label(appointment: Appointment) -> str:
    """Needs the appointment's post and person loaded with it."""
    return subject(appointment, f"{appointment.person.name} – {appointment.post.title}")


def snapshot_label(snapshot: StaffingSnapshot) -> str:
    return subject(snapshot, day_label(snapshot.as_of))


def figure_label(figure: FinancialFigure) -> str:
    return subject(
        figure,
        f"{figure.year}, {figure.get_fund_display()}, {figure.get_measure_display()}",
    )
