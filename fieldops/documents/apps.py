from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "fieldops.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self):
        from fieldops.core import data_version

        from .front_cache import register_addresses

        register_addresses()
        data_version.watch(self)
