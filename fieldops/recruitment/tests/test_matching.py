import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fieldops.operations.tests.factories import FieldOperationFactory
from fieldops.recruitment.delivery import vacancy_match
from fieldops.recruitment.models import AlertDelivery, AlertState, Frequency
from fieldops.recruitment.services import job_alert_set_criteria

from .delivery_fixtures import (
    confirmed_alert,
    field_of_expertise,
    publish_vacancy,
    republish,
)

DAILY = Frequency.DAILY


def matched(vacancy) -> set[str]:
    vacancy_match(vacancy_id=vacancy.pk)
    return set(
        AlertDelivery.objects.filter(vacancy=vacancy).values_list(
            "alert__email", flat=True
        )
    )


@pytest.mark.django_db
class AlertMatchingTests:
    def test_alert_matching_on_every_kind_it_sets_gets_the_vacancy(self):
        vacancy = publish_vacancy(grade="P3", modality="seconded")
        confirmed_alert(
            "both@example.org", frequency=DAILY, grade=["P3"], modality=["seconded"]
        )
        assert matched(vacancy) == {"both@example.org"}

    def test_alert_failing_one_kind_of_criterion_does_not_get_the_vacancy(self):
        vacancy = publish_vacancy(grade="P3", modality="seconded")
        confirmed_alert(
            "wrong-modality@example.org",
            frequency=DAILY,
            grade=["P3"],
            modality=["contracted"],
        )
        assert matched(vacancy) == set()

    def test_any_one_value_of_a_kind_is_enough(self):
        vacancy = publish_vacancy(grade="P3")
        confirmed_alert("grades@example.org", frequency=DAILY, grade=["P2", "P3"])
        confirmed_alert("other@example.org", frequency=DAILY, grade=["G5", "NP2"])
        assert matched(vacancy) == {"grades@example.org"}

    def test_operation_duty_station_and_field_of_expertise_are_matched_by_id(self):
        vacancy = publish_vacancy()
        other = FieldOperationFactory()
        confirmed_alert(
            "here@example.org",
            frequency=DAILY,
            operation=[str(vacancy.operation_id)],
            duty_station=[str(vacancy.duty_station_id)],
            field_of_expertise=[str(vacancy.field_of_expertise_id)],
        )
        confirmed_alert("there@example.org", frequency=DAILY, operation=[str(other.pk)])
        confirmed_alert(
            "finance@example.org",
            frequency=DAILY,
            field_of_expertise=[str(field_of_expertise("Finance").pk)],
        )
        assert matched(vacancy) == {"here@example.org"}

    def test_keyword_matches_a_word_of_the_title_or_description(self):
        vacancy = publish_vacancy(
            title="Legal Adviser", description="<p>Supports <b>trial</b> reform.</p>"
        )
        confirmed_alert("title@example.org", frequency=DAILY, keyword=["legal"])
        confirmed_alert("text@example.org", frequency=DAILY, keyword=["trial"])
        confirmed_alert("none@example.org", frequency=DAILY, keyword=["police"])
        assert matched(vacancy) == {"title@example.org", "text@example.org"}

    def test_keyword_and_grade_must_both_match(self):
        vacancy = publish_vacancy(title="Legal Adviser", grade="P3")
        confirmed_alert(
            "p2@example.org", frequency=DAILY, keyword=["legal"], grade=["P2"]
        )
        assert matched(vacancy) == set()

    def test_alert_without_criteria_gets_every_vacancy(self):
        vacancy = publish_vacancy()
        confirmed_alert("any@example.org", frequency=DAILY)
        assert matched(vacancy) == {"any@example.org"}

    def test_unconfirmed_and_unsubscribed_alerts_get_nothing(self):
        vacancy = publish_vacancy()
        confirmed_alert("pending@example.org", state=AlertState.PENDING)
        confirmed_alert("gone@example.org", state=AlertState.UNSUBSCRIBED)
        assert matched(vacancy) == set()

    def test_republishing_a_vacancy_creates_no_new_delivery(self):
        vacancy = publish_vacancy(grade="P3")
        confirmed_alert("once@example.org", frequency=DAILY, grade=["P3"])
        assert vacancy_match(vacancy_id=vacancy.pk) == 1
        republish(vacancy, title="Senior Human Rights Officer")
        assert vacancy_match(vacancy_id=vacancy.pk) == 0
        assert AlertDelivery.objects.filter(vacancy=vacancy).count() == 1

    def test_vacancy_past_its_deadline_is_not_matched(self):
        vacancy = publish_vacancy()
        confirmed_alert("late@example.org", frequency=DAILY)
        vacancy.deadline = timezone.now() - datetime.timedelta(minutes=1)
        vacancy.save()
        assert matched(vacancy) == set()

    def test_draft_vacancy_is_not_matched(self):
        vacancy = publish_vacancy()
        confirmed_alert("draft@example.org", frequency=DAILY)
        vacancy.unpublish()
        assert matched(vacancy) == set()


@pytest.mark.django_db
class MatchingQueryCountTests:
    def alerts(self, count, vacancy, start=0):
        for n in range(start, start + count):
            confirmed_alert(
                f"reader{n}@example.org",
                frequency=Frequency.IMMEDIATE if n % 2 else DAILY,
                grade=[vacancy.grade, "G5"],
                keyword=["human"] if n % 3 else ["police"],
            )

    def queries(self, vacancy):
        with CaptureQueriesContext(connection) as queries:
            vacancy_match(vacancy_id=vacancy.pk)
        return len(queries)

    def test_matching_takes_as_many_queries_for_200_alerts_as_for_10(self):
        small = publish_vacancy("VNSMALL01")
        self.alerts(10, small)
        few = self.queries(small)
        AlertDelivery.objects.all().delete()
        self.alerts(190, small, start=10)
        many = self.queries(small)
        # The alerts whose keyword ("human") the vacancy has: n % 3 != 0.
        assert AlertDelivery.objects.filter(vacancy=small).count() == 133
        assert many == few


@pytest.mark.django_db
class PublishingTests:
    def test_publishing_a_vacancy_matches_it_once_committed(
        self, django_capture_on_commit_callbacks
    ):
        confirmed_alert("on-commit@example.org", frequency=DAILY)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            vacancy = publish_vacancy()
        assert callbacks
        assert AlertDelivery.objects.filter(vacancy=vacancy).count() == 1


@pytest.mark.django_db
class MatchKeyTests:
    def test_alert_with_more_kinds_than_its_keys_hold_is_still_checked_on_all(self):
        vacancy = publish_vacancy(grade="P3", modality="seconded")
        common = {
            "duty_station": [str(vacancy.duty_station_id)],
            "operation": [str(vacancy.operation_id)],
            "field_of_expertise": [str(vacancy.field_of_expertise_id)],
            "grade": ["P3"],
        }
        confirmed_alert("all@example.org", frequency=DAILY, **common)
        confirmed_alert(
            "contracted@example.org",
            frequency=DAILY,
            modality=["contracted"],
            **common,
        )
        assert matched(vacancy) == {"all@example.org"}

    def test_alert_with_too_many_values_to_key_them_all_still_matches(self):
        vacancy = publish_vacancy(title="Legal Adviser")
        many = [f"word{n}" for n in range(80)] + ["legal"]
        confirmed_alert("many@example.org", frequency=DAILY, keyword=many)
        confirmed_alert("many-wrong@example.org", frequency=DAILY, keyword=many[:80])
        assert matched(vacancy) == {"many@example.org"}

    def test_changing_an_alerts_criteria_changes_what_it_matches(self):
        vacancy = publish_vacancy(grade="P3")
        alert = confirmed_alert("changed@example.org", frequency=DAILY, grade=["P2"])
        job_alert_set_criteria(alert=alert, criteria={"grade": {"P3"}})
        assert matched(vacancy) == {"changed@example.org"}
