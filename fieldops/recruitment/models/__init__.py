"""Vacancies, job alerts and the deliveries that mail one vacancy to one alert.

Import from here, never from a submodule. Submodules depend downwards only:
vacancies <- alerts <- deliveries.
"""

from .alerts import (  # noqa: F401
    CRITERION_ORDER,
    KEY_KINDS,
    MAX_KEYS,
    AlertCriterion,
    AlertMatchKey,
    AlertState,
    Frequency,
    JobAlert,
    JobAlertQuerySet,
    alert_match_keys,
    criteria_key,
    match_key,
    vacancy_match_keys,
)
from .deliveries import AlertDelivery, AlertMatching, DeliveryState  # noqa: F401
from .vacancies import (  # noqa: F401
    GRADE_PATTERN,
    VACANCY_NUMBER_PATTERN,
    Criterion,
    FieldOfExpertise,
    Funding,
    Modality,
    RecruitmentType,
    Vacancy,
    VacancyQuerySet,
    keywords_in,
)
