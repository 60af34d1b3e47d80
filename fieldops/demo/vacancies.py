"""Example vacancies for the demo office. None is a real position: each says so in
its title and in the first sentence of its text, and applies to example.org."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter

from django.utils import timezone

from fieldops.operations.models import FieldOperation, OfficeRole
from fieldops.operations.services import CREATED, PRESENT, record_get_or_create
from fieldops.recruitment.models import (
    FieldOfExpertise,
    Funding,
    Modality,
    RecruitmentType,
    Vacancy,
)

NOTICE = (
    "<p>This is an example vacancy for demonstration, not a real position: do not "
    "apply.</p>"
)

EXAMPLES = [
    {
        "number": "EXAMPLE-AST-001",
        "title": "Example vacancy: Programme Assistant",
        "grade": "G5",
        "recruitment_type": RecruitmentType.LOCAL,
        "modality": Modality.CONTRACTED,
        "field": "finance-and-administration",
        "days_open": 30,
        "text": "<p>The assistant would support the office's projects with "
        "planning, budgets and reports, and keep in touch with partners.</p>",
    },
    {
        "number": "EXAMPLE-AST-002",
        "title": "Example vacancy: National Human Rights Officer",
        "grade": "NP2",
        "recruitment_type": RecruitmentType.LOCAL,
        "modality": Modality.CONTRACTED,
        "field": "human-rights",
        "days_open": 45,
        "funding_project": "Example extrabudgetary project",
        "text": "<p>The officer would follow human rights developments in the "
        "host country and help prepare training for national institutions.</p>",
    },
    {
        "number": "EXAMPLE-AST-003",
        "title": "Example vacancy: Political Officer",
        "grade": "S2",
        "recruitment_type": RecruitmentType.INTERNATIONAL,
        "modality": Modality.SECONDED,
        "field": "political-affairs",
        "days_open": 60,
        "text": "<p>The officer would analyse political developments in the region "
        "and draft reports for the head of office.</p>",
    },
]


def demo_vacancies_load(*, operation: FieldOperation, tally: Counter) -> None:
    """Publish the example vacancies at the operation's headquarters.

    The deadlines are counted from the day of the first load, at 23:59 in the
    duty station's time zone; a later run never changes them.
    """
    office = operation.offices.filter(role=OfficeRole.HEADQUARTERS).latest("valid_from")
    place = office.place
    zone = zoneinfo.ZoneInfo(place.time_zone)
    today = timezone.localdate(timezone=zone)
    for example in EXAMPLES:
        field, _ = FieldOfExpertise.objects.get_or_create(
            slug=example["field"],
            defaults={"name": example["field"].replace("-", " ").capitalize()},
        )
        last_day = today + datetime.timedelta(days=example["days_open"])
        project = example.get("funding_project", "")
        values = {
            "operation": operation,
            "number": example["number"],
            "title": example["title"],
            "grade": example["grade"],
            "recruitment_type": example["recruitment_type"],
            "modality": example["modality"],
            "field_of_expertise": field,
            "duty_station": place,
            "issued_on": today,
            "deadline": datetime.datetime.combine(
                last_day, datetime.time(23, 59), tzinfo=zone
            ),
            "description": NOTICE + example["text"],
            "apply_url": f"https://example.org/apply/{example['number'].lower()}",
            "funding": Funding.EXTRABUDGETARY if project else Funding.UNIFIED,
            "funding_project": project,
        }
        _record, created = record_get_or_create(
            existing=Vacancy.objects.filter(number=example["number"]), values=values
        )
        tally[CREATED if created else PRESENT] += 1
