"""Publishing a vacancy queues its matching once the publication is committed."""

from django.db import transaction
from wagtail.signals import published

from .models import Vacancy
from .tasks import vacancy_match


def vacancy_published(sender, instance, **kwargs):
    transaction.on_commit(lambda: vacancy_match.enqueue(vacancy_id=instance.pk))


def register_signal_handlers():
    published.connect(
        vacancy_published, sender=Vacancy, dispatch_uid="recruitment_vacancy_match"
    )
