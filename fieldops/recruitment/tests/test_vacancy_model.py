"""A vacancy is open until its deadline, decided by the query; its validation."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fieldops.recruitment.models import Funding, Vacancy
from fieldops.recruitment.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


class VacancyOpenTests:
    def test_vacancy_is_open_before_its_deadline(self):
        now = timezone.now()
        vacancy = VacancyFactory(deadline=now + datetime.timedelta(seconds=1))
        assert list(Vacancy.objects.open(now)) == [vacancy]
        assert not Vacancy.objects.closed(now).exists()

    def test_vacancy_is_closed_at_its_deadline(self):
        now = timezone.now()
        vacancy = VacancyFactory(deadline=now)
        assert not Vacancy.objects.open(now).exists()
        assert list(Vacancy.objects.closed(now)) == [vacancy]

    def test_vacancy_closes_by_itself_without_any_change_to_it(self):
        deadline = timezone.now() + datetime.timedelta(days=3)
        VacancyFactory(deadline=deadline)
        later = deadline + datetime.timedelta(microseconds=1)
        assert Vacancy.objects.open(deadline - datetime.timedelta(seconds=1)).exists()
        assert not Vacancy.objects.open(later).exists()

    def test_draft_is_neither_open_nor_closed(self):
        VacancyFactory(draft=True)
        assert not Vacancy.objects.open().exists()
        assert not Vacancy.objects.closed().exists()

    def test_deadline_is_given_in_the_duty_station_time_zone(self):
        deadline = datetime.datetime(2027, 1, 15, 18, 59, tzinfo=datetime.UTC)
        vacancy = VacancyFactory(deadline=deadline)
        assert vacancy.local_deadline == datetime.datetime(
            2027, 1, 15, 23, 59, tzinfo=ALMATY
        )
        assert vacancy.local_deadline.utcoffset() == datetime.timedelta(hours=5)


class VacancyValidationTests:
    def vacancy(self, **changes):
        vacancy = VacancyFactory()
        for name, value in changes.items():
            setattr(vacancy, name, value)
        return vacancy

    def errors(self, vacancy):
        with pytest.raises(ValidationError) as raised:
            vacancy.full_clean()
        return raised.value.message_dict

    def test_valid_vacancy_passes(self):
        self.vacancy().full_clean()

    def test_deadline_on_the_issue_day_is_refused(self):
        vacancy = self.vacancy(
            issued_on=datetime.date(2027, 1, 15),
            deadline=datetime.datetime(2027, 1, 15, 23, 59, tzinfo=ALMATY),
        )
        assert "deadline" in self.errors(vacancy)

    def test_deadline_is_compared_with_the_issue_day_in_local_time(self):
        # 20:00 UTC on the 14th is already the 15th in Almaty.
        vacancy = self.vacancy(
            issued_on=datetime.date(2027, 1, 14),
            deadline=datetime.datetime(2027, 1, 14, 20, 0, tzinfo=datetime.UTC),
        )
        vacancy.full_clean()

    def test_extrabudgetary_funding_needs_its_project(self):
        vacancy = self.vacancy(funding=Funding.EXTRABUDGETARY, funding_project=" ")
        assert "funding_project" in self.errors(vacancy)

    def test_extrabudgetary_funding_with_its_project_passes(self):
        self.vacancy(
            funding=Funding.EXTRABUDGETARY, funding_project="Border management"
        ).full_clean()

    @pytest.mark.parametrize("grade", ["p3", "P-3", "P345", "", "PROF1"])
    def test_grade_must_look_like_a_grade(self, grade):
        assert "grade" in self.errors(self.vacancy(grade=grade))

    @pytest.mark.parametrize("number", ["VN KAZ 1", "-VN1", "VN/1", "VN1<"])
    def test_number_uses_letters_digits_and_hyphens(self, number):
        assert "number" in self.errors(self.vacancy(number=number))
