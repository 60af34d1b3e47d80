"""The filters of the vacancy list, its feeds and (reused) the job alert criteria."""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldops.operations.models import FieldOperation, OperationName, Place
from fieldops.operations.selectors import place_name_on

from .models import FieldOfExpertise, Modality, RecruitmentType, Vacancy

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
    return [(grade, grade) for grade in sorted(grades, key=_grade_key)]


def _grade_key(grade: str) -> tuple[str, int]:
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
    """Field operations, each labelled with its name today."""

    def __init__(self, **kwargs):
        names = OperationName.objects.live().order_by("valid_from")
        queryset = FieldOperation.objects.live().prefetch_related(
            Prefetch("names", names)
        )
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
        return place_name_on(obj, timezone.localdate())[0] or str(obj.pk)


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


class VacancyFilterForm(VacancyCriteriaForm):
    """What a visitor narrows the list of vacancies by, and words to search for."""

    field_order = ["q", *FILTER_FIELDS]

    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        help_text=_("Words from the title, the number or the description."),
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    @property
    def filters(self) -> dict[str, list]:
        """The filters that were set, by name (only once the form is valid)."""
        return {
            name: list(self.cleaned_data[name])
            for name in FILTER_FIELDS
            if self.cleaned_data.get(name)
        }
