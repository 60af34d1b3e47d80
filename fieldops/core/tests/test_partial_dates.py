import datetime

from django.utils import translation

from fieldops.core.dates import PartialDate, Precision, period_end, truncate

D = datetime.date


class PartialDateTests:
    def test_imprecise_dates_are_stored_as_the_first_day_of_their_period(self):
        assert PartialDate(D(2019, 7, 14), Precision.YEAR).date == D(2019, 1, 1)
        assert PartialDate(D(1998, 6, 11), Precision.MONTH).date == D(1998, 6, 1)
        assert PartialDate(D(1998, 6, 11), Precision.DAY).date == D(1998, 6, 11)

    def test_a_period_ends_on_the_first_day_after_it(self):
        assert period_end(D(2019, 1, 1), Precision.YEAR) == D(2020, 1, 1)
        assert period_end(D(2019, 12, 1), Precision.MONTH) == D(2020, 1, 1)
        assert period_end(D(2019, 2, 1), Precision.MONTH) == D(2019, 3, 1)
        assert period_end(D(2019, 12, 31), Precision.DAY) == D(2020, 1, 1)

    def test_contains_covers_exactly_the_period(self):
        year = PartialDate(D(2019, 1, 1), Precision.YEAR)
        assert year.contains(D(2019, 1, 1))
        assert year.contains(D(2019, 12, 31))
        assert not year.contains(D(2018, 12, 31))
        assert not year.contains(D(2020, 1, 1))

    def test_shown_as_precisely_as_known(self):
        with translation.override("en"):
            assert str(PartialDate(D(2019, 5, 5), Precision.YEAR)) == "2019"
            assert str(PartialDate(D(1998, 6, 11), Precision.MONTH)) == "June 1998"
            assert str(PartialDate(D(1998, 6, 11), Precision.DAY)) == "11 June 1998"

    def test_each_language_in_turn_writes_its_own(self):
        month = PartialDate(D(1998, 6, 11), Precision.MONTH)
        day = PartialDate(D(1998, 6, 11), Precision.DAY)
        for language, expected in [
            ("en", ["June 1998", "11 June 1998"]),
            ("ru", ["Июнь 1998 г.", "11 июня 1998 г."]),
            ("en", ["June 1998", "11 June 1998"]),
        ]:
            with translation.override(language):
                assert [str(month), str(day)] == expected

    def test_iso_form_keeps_the_precision(self):
        assert PartialDate(D(2019, 5, 5), Precision.YEAR).iso() == "2019"
        assert PartialDate(D(1998, 6, 11), Precision.MONTH).iso() == "1998-06"
        assert PartialDate(D(1998, 6, 11)).iso() == "1998-06-11"

    def test_truncate_leaves_day_precision_alone(self):
        assert truncate(D(2024, 2, 29), Precision.DAY) == D(2024, 2, 29)
        assert truncate(D(2024, 2, 29), Precision.MONTH) == D(2024, 2, 1)
