"""Publishing a vacancy queues its matching once the publication is committed."""

from django.db import transaction

from fieldops.recruitment.tasks import match_vacancy


def vacancy_published(sender, instance, **kwargs):
    transaction.on_commit(lambda: match_vacancy.enqueue(vacancy_id=instance.pk))
