import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fieldops.operations.tests.factories import FieldOperationFactory
from fieldops.recruitment.alerts.matching import vacancy_match
from fieldops.recruitment.alerts.services import job_alert_set_criteria
from fieldops.recruitment.models import AlertDelivery, Frequency

from .factories import FieldOfExpertiseFactory, JobAlertFactory, VacancyFactory

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
        vacancy = VacancyFactory(published=True, grade="P3", modality="seconded")
        JobAlertFactory(
            confirmed=True,
            email="both@example.org",
            frequency=DAILY,
            criteria={"grade": {"P3"}, "modality": {"seconded"}},
        )
        assert matched(vacancy) == {"both@example.org"}

    def test_alert_failing_one_kind_of_criterion_does_not_get_the_vacancy(self):
        vacancy = VacancyFactory(published=True, grade="P3", modality="seconded")
        JobAlertFactory(
            confirmed=True,
            email="wrong-modality@example.org",
            frequency=DAILY,
            criteria={"grade": {"P3"}, "modality": {"contracted"}},
        )
        assert matched(vacancy) == set()

    def test_any_one_value_of_a_kind_is_enough(self):
        vacancy = VacancyFactory(published=True, grade="P3")
        JobAlertFactory(
            confirmed=True,
            email="grades@example.org",
            frequency=DAILY,
            criteria={"grade": {"P2", "P3"}},
        )
        JobAlertFactory(
            confirmed=True,
            email="other@example.org",
            frequency=DAILY,
            criteria={"grade": {"G5", "NP2"}},
        )
        assert matched(vacancy) == {"grades@example.org"}

    def test_operation_duty_station_and_field_of_expertise_are_matched_by_id(self):
        vacancy = VacancyFactory(published=True)
        other = FieldOperationFactory()
        JobAlertFactory(
            confirmed=True,
            email="here@example.org",
            frequency=DAILY,
            criteria={
                "operation": {str(vacancy.operation_id)},
                "duty_station": {str(vacancy.duty_station_id)},
                "field_of_expertise": {str(vacancy.field_of_expertise_id)},
            },
        )
        JobAlertFactory(
            confirmed=True,
            email="there@example.org",
            frequency=DAILY,
            criteria={"operation": {str(other.pk)}},
        )
        JobAlertFactory(
            confirmed=True,
            email="finance@example.org",
            frequency=DAILY,
            criteria={
                "field_of_expertise": {str(FieldOfExpertiseFactory(name="Finance").pk)}
            },
        )
        assert matched(vacancy) == {"here@example.org"}

    def test_keyword_matches_a_word_of_the_title_or_description(self):
        vacancy = VacancyFactory(
            published=True,
            title="Legal Adviser",
            description="<p>Supports <b>trial</b> reform.</p>",
        )
        JobAlertFactory(
            confirmed=True,
            email="title@example.org",
            frequency=DAILY,
            criteria={"keyword": {"legal"}},
        )
        JobAlertFactory(
            confirmed=True,
            email="text@example.org",
            frequency=DAILY,
            criteria={"keyword": {"trial"}},
        )
        JobAlertFactory(
            confirmed=True,
            email="none@example.org",
            frequency=DAILY,
            criteria={"keyword": {"police"}},
        )
        assert matched(vacancy) == {"title@example.org", "text@example.org"}

    def test_keyword_and_grade_must_both_match(self):
        vacancy = VacancyFactory(published=True, title="Legal Adviser", grade="P3")
        JobAlertFactory(
            confirmed=True,
            email="p2@example.org",
            frequency=DAILY,
            criteria={"keyword": {"legal"}, "grade": {"P2"}},
        )
        assert matched(vacancy) == set()

    def test_alert_without_criteria_gets_every_vacancy(self):
        vacancy = VacancyFactory(published=True)
        JobAlertFactory(confirmed=True, email="any@example.org", frequency=DAILY)
        assert matched(vacancy) == {"any@example.org"}

    def test_unconfirmed_and_unsubscribed_alerts_get_nothing(self):
        vacancy = VacancyFactory(published=True)
        JobAlertFactory(email="pending@example.org")
        JobAlertFactory(unsubscribed=True, email="gone@example.org")
        assert matched(vacancy) == set()

    def test_republishing_a_vacancy_creates_no_new_delivery(self):
        vacancy = VacancyFactory(published=True, grade="P3")
        JobAlertFactory(
            confirmed=True,
            email="once@example.org",
            frequency=DAILY,
            criteria={"grade": {"P3"}},
        )
        assert vacancy_match(vacancy_id=vacancy.pk).created == 1
        vacancy.title = "Senior Human Rights Officer"
        vacancy.save_revision().publish()
        assert vacancy_match(vacancy_id=vacancy.pk).created == 0
        assert AlertDelivery.objects.filter(vacancy=vacancy).count() == 1

    def test_vacancy_past_its_deadline_is_not_matched(self):
        vacancy = VacancyFactory(published=True)
        JobAlertFactory(confirmed=True, email="late@example.org", frequency=DAILY)
        vacancy.deadline = timezone.now() - datetime.timedelta(minutes=1)
        vacancy.save()
        assert matched(vacancy) == set()

    def test_draft_vacancy_is_not_matched(self):
        vacancy = VacancyFactory(published=True)
        JobAlertFactory(confirmed=True, email="draft@example.org", frequency=DAILY)
        vacancy.unpublish()
        assert matched(vacancy) == set()


@pytest.mark.django_db
class MatchingQueryCountTests:
    def alerts(self, count, vacancy, start=0):
        for n in range(start, start + count):
            JobAlertFactory(
                confirmed=True,
                email=f"reader{n}@example.org",
                frequency=Frequency.IMMEDIATE if n % 2 else DAILY,
                criteria={
                    "grade": {vacancy.grade, "G5"},
                    "keyword": {"human"} if n % 3 else {"police"},
                },
            )

    def queries(self, vacancy):
        with CaptureQueriesContext(connection) as queries:
            vacancy_match(vacancy_id=vacancy.pk)
        return len(queries)

    def test_matching_takes_as_many_queries_for_200_alerts_as_for_10(self):
        small = VacancyFactory(
            published=True, number="VNSMALL01", title="Human Rights Officer"
        )
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
        JobAlertFactory(confirmed=True, email="on-commit@example.org", frequency=DAILY)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            vacancy = VacancyFactory(published=True)
        assert callbacks
        assert AlertDelivery.objects.filter(vacancy=vacancy).count() == 1


@pytest.mark.django_db
class MatchKeyTests:
    def test_alert_with_more_kinds_than_its_keys_hold_is_still_checked_on_all(self):
        vacancy = VacancyFactory(published=True, grade="P3", modality="seconded")
        common = {
            "duty_station": {str(vacancy.duty_station_id)},
            "operation": {str(vacancy.operation_id)},
            "field_of_expertise": {str(vacancy.field_of_expertise_id)},
            "grade": {"P3"},
        }
        JobAlertFactory(
            confirmed=True, email="all@example.org", frequency=DAILY, criteria=common
        )
        JobAlertFactory(
            confirmed=True,
            email="contracted@example.org",
            frequency=DAILY,
            criteria={"modality": {"contracted"}, **common},
        )
        assert matched(vacancy) == {"all@example.org"}

    def test_alert_with_too_many_values_to_key_them_all_still_matches(self):
        vacancy = VacancyFactory(published=True, title="Legal Adviser")
        many = [f"word{n}" for n in range(80)] + ["legal"]
        JobAlertFactory(
            confirmed=True,
            email="many@example.org",
            frequency=DAILY,
            criteria={"keyword": set(many)},
        )
        JobAlertFactory(
            confirmed=True,
            email="many-wrong@example.org",
            frequency=DAILY,
            criteria={"keyword": set(many[:80])},
        )
        assert matched(vacancy) == {"many@example.org"}

    def test_changing_an_alerts_criteria_changes_what_it_matches(self):
        vacancy = VacancyFactory(published=True, grade="P3")
        alert = JobAlertFactory(
            confirmed=True,
            email="changed@example.org",
            frequency=DAILY,
            criteria={"grade": {"P2"}},
        )
        job_alert_set_criteria(alert=alert, criteria={"grade": {"P3"}})
        assert matched(vacancy) == {"changed@example.org"}
