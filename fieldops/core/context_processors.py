from django.conf import settings


def organisation(request):
    """The organisation's name and acronym, and the age at which figures are
    marked as possibly out of date."""
    return {
        "STALE_AFTER_MONTHS": settings.FIELDOPS_STALE_AFTER_MONTHS,
        "ORGANISATION_NAME": settings.FIELDOPS_ORGANISATION_NAME,
        "ORGANISATION_ACRONYM": settings.FIELDOPS_ORGANISATION_ACRONYM,
    }
