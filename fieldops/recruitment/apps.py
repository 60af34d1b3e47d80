from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "fieldops.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from fieldops.core import data_version, reconcile

        from . import selectors, tasks
        from .alerts.queue import job_alert_subscribe_task
        from .front_cache import register_addresses
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_addresses()
        # The subscriptions and their deliveries are never shown to the public.
        data_version.watch(
            self,
            private=(
                "JobAlert",
                "AlertCriterion",
                "AlertMatchKey",
                "AlertDelivery",
                "AlertMatching",
            ),
        )
        # A vacancy closes when its deadline passes, with nothing written.
        data_version.register_clock(selectors.next_deadline)
        reconcile.register("vacancies_matched", tasks.vacancies_match_outstanding)
        reconcile.register("alerts_sent", tasks.deliveries_send_due)
        # The subscriber's data is only in the task's arguments.
        reconcile.register_rerun_when_lost(
            job_alert_subscribe_task, "a job-alert subscription"
        )
