"""The base of the admin forms for records."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm


class RecordForm(WagtailAdminModelForm):
    """An admin form that re-renders whatever was posted without failing."""

    def full_clean(self):
        super().full_clean()
        # A chooser looks up the submitted id to show its choice again, and fails
        # on one that is not an id at all: show it empty beside its error instead.
        refused = [
            name
            for name in self._errors or ()
            if isinstance(self.fields.get(name), forms.ModelChoiceField)
        ]
        if refused:
            self.data = self.data.copy()
            for name in refused:
                self.data[self.add_prefix(name)] = ""
