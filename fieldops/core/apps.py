from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fieldops.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.models import Page

        from . import (
            checks,  # noqa: F401 (registers the checks)
            data_version,
            front_cache,
        )

        front_cache.register(Page, front_cache.page_addresses)
        front_cache.connect_signals()
        data_version.watch(self)
        data_version.watch_wagtail()
        # A deploy migrates: its templates may render the same data otherwise.
        post_migrate.connect(
            data_version.migrated, sender=self, dispatch_uid="data_version_migrated"
        )
