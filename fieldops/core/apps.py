from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fieldops.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from wagtail.models import Page

        from . import (
            checks,  # noqa: F401 (registers the checks)
            front_cache,
        )
        from .sites import connect

        connect()
        front_cache.register(Page, front_cache.page_addresses)
        front_cache.connect_signals()
