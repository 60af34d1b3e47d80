from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "fieldops.operations"
    label = "operations"
    verbose_name = _("Field operations")

    def ready(self):
        from fieldops.core import data_version

        from .front_cache import register_addresses
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_addresses()
        # Who may edit what, the review task and the admin's log: never public.
        data_version.watch(
            self, private=("OperationRole", "OperationApprovalTask", "RecordLogEntry")
        )
