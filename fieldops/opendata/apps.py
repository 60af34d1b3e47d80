from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "fieldops.opendata"
    label = "opendata"
    verbose_name = _("open data")

    def ready(self):
        from .front_cache import register_addresses

        register_addresses()
