from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "fieldops.operations"
    label = "operations"
    verbose_name = _("Field operations")

    def ready(self):
        from .front_cache import register_addresses
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_addresses()
