from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fieldops.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from fieldops.core import reconcile

        from .password_reset import password_reset_mail

        # The address asking for the reset is only in the task's arguments.
        reconcile.register_rerun_when_lost(
            password_reset_mail, "an admin password reset mail"
        )
