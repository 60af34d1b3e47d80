from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "fieldops.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from wagtail.signals import published

        from fieldops.core import reconcile
        from fieldops.recruitment import delivery
        from fieldops.recruitment.models import Vacancy
        from fieldops.recruitment.signals import vacancy_published

        published.connect(
            vacancy_published, sender=Vacancy, dispatch_uid="recruitment_vacancy_match"
        )
        reconcile.register("vacancies_matched", delivery.vacancies_match_outstanding)
        reconcile.register("alerts_sent", delivery.deliveries_send_due)
