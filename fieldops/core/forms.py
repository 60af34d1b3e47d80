"""Form parts shared by the apps: the base of the admin forms for records, and the
field for an address that mail is sent to."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .validators import normalize_mail_address


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


class MailAddressField(forms.EmailField):
    """An address that can receive mail from the internet, cleaned to its
    normalised form; every refusal gives the same message, which says the rules
    (see validators.normalize_mail_address)."""

    default_validators = []

    def clean(self, value):
        value = super().clean(value)
        return normalize_mail_address(value) if value else value
