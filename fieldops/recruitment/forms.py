"""The filters of the vacancy list, its feeds and the API, and the job alert
criteria."""

from __future__ import annotations

import re

from django import forms
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldops.operations.models import FieldOperation, OperationName, Place

from .models import (
    GRADE_PATTERN,
    FieldOfExpertise,
    Modality,
    RecruitmentType,
    Vacancy,
)

# The grades the organisation uses; grades found on published vacancies are added.
STANDARD_GRADES = [
    *(f"G{n}" for n in range(1, 8)),
    *(f"NP{n}" for n in range(1, 5)),
    *(f"P{n}" for n in range(1, 6)),
    "D1",
    "D2",
    "S",
    *(f"S{n}" for n in range(1, 5)),
]

# Record ids are positive 64-bit integers (PostgreSQL's bigint).
MAX_ID = 2**63 - 1

FILTER_FIELDS = (
    "operation",
    "recruitment_type",
    "modality",
    "grade",
    "field_of_expertise",
    "duty_station",
)


def grade_choices() -> list[tuple[str, str]]:
    used = Vacancy.objects.live().values_list("grade", flat=True).distinct()
    grades = set(STANDARD_GRADES) | set(used)
    return [(grade, grade) for grade in sorted(grades, key=grade_key)]


def grade_key(grade: str) -> tuple[str, int]:
    """Sorts grades by their letters, then by number: P2 before P10."""
    letters = grade.rstrip("0123456789")
    return letters, int(grade[len(letters) :] or 0)


class RecordChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by id; an id that no database can hold (not a
    whole number, or beyond 64 bits) is refused like an unknown one, before any
    query is made with it."""

    def _check_values(self, value):
        for item in value:
            try:
                pk = int(str(item))
            except ValueError:
                pk = None
            if pk is None or not -(2**63) <= pk < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


class OperationField(RecordChoiceField):
    """Field operations, each labelled with its name today: every published
    one, or with `working` only those that work today (a closed operation
    recruits no more)."""

    def __init__(self, *, working: bool = False, **kwargs):
        names = OperationName.objects.live().order_by("valid_from")
        operations = (
            FieldOperation.objects.working()
            if working
            else FieldOperation.objects.live()
        )
        queryset = operations.prefetch_related(Prefetch("names", names))
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        today = timezone.localdate()
        names = list(obj.names.all())
        current = [n for n in names if n.holds_on(today)] or names
        return current[-1].full_name if current else obj.slug


class DutyStationField(RecordChoiceField):
    """Places where a field operation has an office or a vacancy, by today's name."""

    def __init__(self, **kwargs):
        queryset = (
            Place.objects.live()
            .filter(Q(offices__live=True) | Q(vacancies__live=True))
            .distinct()
            .prefetch_related("names")
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.nearest_name_on(timezone.localdate())[0] or str(obj.pk)


class VacancyCriteriaForm(forms.Form):
    """The criteria vacancies are narrowed by, shared by the vacancy list's filters
    and the job alerts: several values of one criterion are alternatives (OR);
    different criteria must all hold (AND)."""

    operation = OperationField(
        label=_("Field operation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recruitment_type = forms.MultipleChoiceField(
        label=_("Recruitment type"),
        choices=RecruitmentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    modality = forms.MultipleChoiceField(
        label=_("Contract modality"),
        choices=Modality.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grade = forms.MultipleChoiceField(
        label=_("Grade"),
        choices=grade_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_of_expertise = RecordChoiceField(
        label=_("Field of expertise"),
        queryset=FieldOfExpertise.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    duty_station = DutyStationField(
        label=_("Duty station"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class IdsField(forms.Field):
    """Record ids, several allowed, as a list of ints. Any well-formed id is
    accepted, known or not: a filter on a record that does not exist simply
    matches nothing. Malformed ids (not digits, 0, beyond 64 bits) are errors."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid_id": _(
            "“%(value)s” is not an id: write a whole number from 1 to %(max)s."
        ),
    }

    def to_python(self, value) -> list[int]:
        ids = []
        for item in value or ():
            text = str(item)
            # Only ASCII digits: int() would also take "+1", " 1", "1_0" or "١".
            number = int(text) if re.fullmatch(r"[0-9]{1,19}", text) else 0
            if not 1 <= number <= MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_id"],
                    code="invalid_id",
                    params={"value": text, "max": MAX_ID},
                )
            ids.append(number)
        return ids


class GradesField(forms.Field):
    """Grades, several allowed. A well-formed grade no vacancy has matches nothing;
    one that is not written like a grade (S2, P3, NP2) is an error."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid_grade": _(
            "“%(value)s” is not a grade: write letters then digits, such as S2, "
            "P3, G5 or NP2."
        ),
    }

    def to_python(self, value) -> list[str]:
        for item in value or ():
            if not re.fullmatch(GRADE_PATTERN, str(item)):
                raise forms.ValidationError(
                    self.error_messages["invalid_grade"],
                    code="invalid_grade",
                    params={"value": item},
                )
        return [str(item) for item in value or ()]


class Sort(models.TextChoices):
    """The orders of the vacancy list, its `sort` parameter."""

    DEADLINE = "deadline", _("Closing soonest")
    POSTED = "posted", _("Newest first")


class VacancyFilterForm(forms.Form):
    """What a visitor narrows the list of vacancies by, words to search for and
    the order; the same parameters serve the feeds and the API.

    Unlike the job alert's criteria, a filter value only has to be well formed:
    an id or a grade that names nothing makes an empty list, not an error."""

    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        help_text=_("Words from the title, the number or the description."),
    )
    operation = IdsField(label=_("Field operation"), required=False)
    recruitment_type = forms.MultipleChoiceField(
        label=_("Recruitment type"), choices=RecruitmentType.choices, required=False
    )
    modality = forms.MultipleChoiceField(
        label=_("Contract modality"), choices=Modality.choices, required=False
    )
    grade = GradesField(label=_("Grade"), required=False)
    field_of_expertise = IdsField(label=_("Field of expertise"), required=False)
    duty_station = IdsField(label=_("Duty station"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=Sort.choices, required=False)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_sort(self):
        return self.cleaned_data["sort"] or Sort.DEADLINE

    @property
    def filters(self) -> dict[str, list]:
        """The filters that were set, by name, each a list of ids (int) or values
        (str); only once the form is valid."""
        return {
            name: list(self.cleaned_data[name])
            for name in FILTER_FIELDS
            if self.cleaned_data.get(name)
        }
