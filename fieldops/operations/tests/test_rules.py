"""The rules kept on the models: names on a day, the latest figures, the
document register and the profiles in the reader's language."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from fieldops.documents.models import Document
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import FieldOperationPage, FinancialFigure

from .factories import (
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    OperationNameFactory,
    PlaceFactory,
    PlaceNameFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def renamed():
    """Established in 2000, renamed in 2005, closed 2010 to 2012 (a gap), back
    from 2012 on."""
    operation = FieldOperationFactory()
    for full_name, start, end in (
        ("First", D(2000, 1, 1), D(2005, 1, 1)),
        ("Second", D(2005, 1, 1), D(2010, 1, 1)),
        ("Third", D(2012, 1, 1), None),
    ):
        OperationNameFactory(
            operation=operation, full_name=full_name, valid_from=start, valid_to=end
        )
    OperationNameFactory(
        operation=operation, full_name="Draft", valid_from=D(2011, 1, 1), live=False
    )
    return operation


class OperationNameTests:
    def test_name_on_is_the_name_held_on_the_day(self, renamed):
        assert renamed.name_on(D(2004, 12, 31)).full_name == "First"
        assert renamed.name_on(D(2005, 1, 1)).full_name == "Second"

    def test_name_on_is_none_before_establishment_and_in_a_gap(self, renamed):
        assert renamed.name_on(D(1999, 1, 1)) is None
        assert renamed.name_on(D(2011, 6, 1)) is None

    def test_last_name_by_keeps_the_last_name_in_a_gap(self, renamed):
        assert renamed.last_name_by(D(2011, 6, 1)).full_name == "Second"
        assert renamed.last_name_by(D(2013, 1, 1)).full_name == "Third"
        assert renamed.last_name_by(D(1999, 1, 1)) is None


class PlaceNameTests:
    def test_nearest_name_on_falls_back_to_the_nearest_name(self):
        place = PlaceFactory()
        PlaceNameFactory(
            place=place, name="Akmola", valid_from=D(1992, 1, 1), valid_to=D(1998, 1, 1)
        )
        PlaceNameFactory(
            place=place,
            name="Astana",
            valid_from=D(1998, 5, 1),
            valid_from_precision="month",
        )
        assert place.nearest_name_on(D(1995, 1, 1)) == ("Akmola", False)
        assert place.nearest_name_on(D(1998, 5, 15)) == ("Astana", True)
        assert place.nearest_name_on(D(1998, 3, 1)) == ("Akmola", False)
        assert place.nearest_name_on(D(1990, 1, 1)) == ("Akmola", False)
        assert PlaceFactory().nearest_name_on(D(2000, 1, 1)) == ("", False)


class LatestFigureTests:
    def figures(self):
        operation = FieldOperationFactory()
        for year, as_of, amount in (
            (2023, D(2023, 1, 10), "1"),
            (2023, D(2023, 12, 31), "2"),
            (2024, D(2024, 1, 10), "3"),
            (2024, D(2024, 6, 30), "4"),
        ):
            FinancialFigureFactory(
                operation=operation, year=year, as_of=as_of, amount=Decimal(amount)
            )
        FinancialFigureFactory(
            operation=operation, year=2024, measure="expenditure", as_of=D(2024, 3, 1)
        )
        return list(operation.financial_figures.all())

    def test_latest_reports_of_each_year_fund_and_measure(self):
        latest = FinancialFigure.latest_reports(self.figures(), D(2024, 5, 1))
        assert [(f.year, f.measure, f.amount) for f in latest] == [
            (2023, "available", Decimal("2")),
            (2024, "available", Decimal("3")),
            (2024, "expenditure", Decimal("1000000")),
        ]

    def test_latest_year_reports_per_fund_and_measure(self):
        shown = FinancialFigure.latest_year_reports(self.figures(), D(2024, 1, 1))
        assert [(f.year, f.amount) for f in shown] == [(2023, Decimal("2"))]
        shown = FinancialFigure.latest_year_reports(self.figures())
        assert [(f.measure, f.amount) for f in shown] == [
            ("available", Decimal("4")),
            ("expenditure", Decimal("1000000")),
        ]


class DocumentRegisterTests:
    def test_register_lists_published_documents_by_date_unknown_last(self):
        undated = DocumentFactory(symbol="B", adopted_on=None)
        late = DocumentFactory(symbol="A", adopted_on=D(2020, 1, 1))
        early = DocumentFactory(symbol="C", adopted_on=D(1998, 1, 1))
        DocumentFactory(symbol="D", live=False)
        assert list(Document.objects.register()) == [early, late, undated]


class LiveInLanguageTests:
    def test_profiles_in_the_reader_s_language_only_when_published(self):
        page = FieldOperationPageFactory()
        FieldOperationPageFactory(live=False)
        with translation.override("en"):
            assert list(FieldOperationPage.objects.live_in_language()) == [page]
        assert list(FieldOperationPage.objects.live_in_language("en")) == [page]
        assert not FieldOperationPage.objects.live_in_language("ru").exists()
