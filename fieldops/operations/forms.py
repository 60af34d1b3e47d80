"""Admin forms for records whose rules span more than one form."""

from django.forms.formsets import DELETION_FIELD_NAME

from fieldops.core.forms import RecordForm


class PlaceForm(RecordForm):
    """A place with its names, which may not overlap one another in time.

    The names are edited together in one form, so they are checked against each
    other as submitted: the stored rows may be about to change or be deleted, and
    new names are not stored at all yet.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.formsets["names"].forms:
            form.instance.siblings_checked_by_form = True

    def clean(self):
        cleaned_data = super().clean()
        kept = [
            form
            for form in self.formsets["names"].forms
            if form.is_valid()
            and form.cleaned_data
            and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]
        for index, form in enumerate(kept):
            for earlier in kept[:index]:
                if form.instance.overlaps(earlier.instance):
                    form.add_error(None, form.instance.overlap_error(earlier.instance))
                    break
        return cleaned_data
