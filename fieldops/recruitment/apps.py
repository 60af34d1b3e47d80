from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "fieldops.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from fieldops.core import reconcile

        from . import tasks
        from .front_cache import register_addresses
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_addresses()
        reconcile.register("vacancies_matched", tasks.vacancies_match_outstanding)
        reconcile.register("alerts_sent", tasks.deliveries_send_due)
