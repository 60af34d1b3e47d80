"""load_demo's example vacancies: plainly examples, open, at the demo office."""

import datetime
import re
import zoneinfo

from django.test import TestCase
from django.utils import timezone

from fieldops.demo.testing import load_astana_demo
from fieldops.recruitment.models import Vacancy


class DemoVacancyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()
        cls.vacancies = list(Vacancy.objects.order_by("number"))

    def test_two_or_three_example_vacancies_are_published_and_open(self):
        assert 2 <= len(self.vacancies) <= 3
        assert all(v.live and v.live_revision_id for v in self.vacancies)
        assert Vacancy.objects.open().count() == len(self.vacancies)

    def test_each_says_it_is_an_example_in_its_title_and_first_sentence(self):
        for vacancy in self.vacancies:
            assert vacancy.title.startswith("Example vacancy: ")
            first = re.sub(r"<[^>]+>", "", vacancy.description).split(".")[0]
            assert "example" in first and "not a real position" in first

    def test_each_applies_to_an_example_address(self):
        for vacancy in self.vacancies:
            assert vacancy.apply_url.startswith("https://example.org/")

    def test_deadlines_are_weeks_after_the_load_at_23_59_in_astana(self):
        almaty = zoneinfo.ZoneInfo("Asia/Almaty")
        today = timezone.localdate(timezone=almaty)
        for vacancy in self.vacancies:
            local = vacancy.deadline.astimezone(almaty)
            assert local.time() == datetime.time(23, 59)
            assert 30 <= (local.date() - today).days <= 60
            assert vacancy.issued_on == today
            assert vacancy.duty_station.time_zone == "Asia/Almaty"

    def test_every_example_passes_full_clean(self):
        for vacancy in self.vacancies:
            vacancy.full_clean()

    def test_examples_differ_in_the_filters_they_can_be_found_by(self):
        assert len({v.grade for v in self.vacancies}) == len(self.vacancies)
        assert len({v.modality for v in self.vacancies}) == 2
        assert len({v.recruitment_type for v in self.vacancies}) == 2
