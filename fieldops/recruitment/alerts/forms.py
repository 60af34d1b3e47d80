"""The job alert forms. The criteria fields have the names of the vacancy list's
filters, so a filtered list can open the alert form with the same choices."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from fieldops.core.forms import MailAddressField

from ..forms import OperationField, VacancyCriteriaForm
from ..models import Criterion, Frequency, keywords_in

# Change the version whenever the text changes: each alert records both.
CONSENT_VERSION = "1"
CONSENT_TEXT = _(
    "When you press the button, we keep your email address, the choices above, "
    "and the time, IP address and browser of this request, so that we can mail "
    "you the vacancies you asked for and show that you asked for them. Nothing is "
    "sent before you confirm your address. Every mail has a link to change or "
    "delete your alert, with everything we store about it, and to unsubscribe."
)

MAX_KEYWORDS = 20
MAX_KEYWORDS_LENGTH = 500

# The form field of each kind of criterion; keywords last.
FIELD_OF_KIND = [
    (Criterion.OPERATION, "operation"),
    (Criterion.DUTY_STATION, "duty_station"),
    (Criterion.FIELD_OF_EXPERTISE, "field_of_expertise"),
    (Criterion.RECRUITMENT_TYPE, "recruitment_type"),
    (Criterion.MODALITY, "modality"),
    (Criterion.GRADE, "grade"),
    (Criterion.KEYWORD, "keywords"),
]


class JobAlertCriteriaForm(VacancyCriteriaForm):
    """What an alert looks for, how often it mails and in which language. The
    criteria are the vacancy list's filters, so its query string fills them in.
    Only operations that work today are offered: a closed one will post no
    vacancy to alert about."""

    operation = OperationField(
        working=True,
        label=_("Field operation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=MAX_KEYWORDS_LENGTH,
        help_text=_(
            "Words of the title or the description, for example “elections”. "
            "A vacancy matches if it contains any one of them."
        ),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of the mails"), choices=settings.LANGUAGES
    )

    def clean_keywords(self) -> list[str]:
        keywords = keywords_in(self.cleaned_data["keywords"])
        if len(keywords) > MAX_KEYWORDS:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Give at most %(count)d keyword.",
                    "Give at most %(count)d keywords.",
                    "count",
                ),
                params={"count": MAX_KEYWORDS},
            )
        return sorted(keywords)

    def criteria(self) -> dict[str, set[str]]:
        """The valid form's criteria, by kind (see services.Criteria)."""
        return {
            kind: {
                str(getattr(value, "pk", value)) for value in self.cleaned_data[name]
            }
            for kind, name in FIELD_OF_KIND
        }

    @staticmethod
    def initial_for(criteria: dict[str, set[str]], **initial) -> dict:
        """Initial form data showing stored criteria."""
        data = {}
        for kind, name in FIELD_OF_KIND:
            values = sorted(criteria.get(kind, ()))
            text = isinstance(JobAlertCriteriaForm.base_fields[name], forms.CharField)
            data[name] = " ".join(values) if text else values
        return {**data, **initial}


class JobAlertForm(JobAlertCriteriaForm):
    """A new subscription: the address and the criteria."""

    email = MailAddressField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send a link to this address to confirm it is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["email"]

    @classmethod
    def initial_from_query(cls, query, *, language: str) -> dict:
        """Initial data from the vacancy list's filters in a query string."""
        initial = {name: query.getlist(name) for _kind, name in FIELD_OF_KIND[:-1]}
        initial["keywords"] = query.get("q", "")[:MAX_KEYWORDS_LENGTH]
        initial["language"] = language
        return initial


def criteria_labels(criteria: dict[str, set[str]]) -> list[tuple[str, list[str]]]:
    """The criteria in words: each kind set, with the names of its values."""
    # The list's fields name every operation, also one closed since the alert
    # was made; the keywords field is the alert form's own.
    fields = {**JobAlertCriteriaForm.base_fields, **VacancyCriteriaForm.base_fields}
    described = []
    for kind, name in FIELD_OF_KIND:
        values = criteria.get(kind)
        if not values:
            continue
        field = fields[name]
        names = {str(key): str(label) for key, label in getattr(field, "choices", ())}
        described.append((str(field.label), sorted(names.get(v, v) for v in values)))
    return described
