"""published_records(): every output's one loader of an operation's records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fieldops.operations.models import FieldOperation
from fieldops.operations.selectors import PARTS, published_records

from .factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    PostFactory,
    StaffingLineFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def operation_with_records(slug: str, copies: int = 1) -> FieldOperation:
    operation = FieldOperationFactory(slug=slug)
    for index in range(copies):
        start = D(2000 + 2 * index, 1, 1)
        end = D(2001 + 2 * index, 1, 1)
        OperationNameFactory(operation=operation, valid_from=start, valid_to=end)
        office = OfficeFactory(operation=operation, valid_from=start, valid_to=end)
        PlaceNameFactory(place=office.place)
        MandateFactory(operation=operation, valid_from=start, valid_to=end)
        AppointmentFactory(post__operation=operation, valid_from=start, valid_to=end)
        StaffingLineFactory(snapshot__operation=operation, snapshot__as_of=start)
        FinancialFigureFactory(operation=operation, year=2000 + index, as_of=start)
    FieldOperationPageFactory(operation=operation)
    return operation


def queries(operations, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        for records in published_records(operations, **kwargs):
            for snapshot in records.staffing_snapshots or []:
                snapshot.total  # noqa: B018  (reads the lines)
            for office in records.offices or []:
                office.place.nearest_name_on(D(2024, 1, 1))
            if records.names is not None:
                records.operation.last_name_by(D(2024, 1, 1))
    return len(captured)


class PublishedRecordsTests:
    def test_one_query_for_the_operations_and_one_per_part(self):
        operation_with_records("first")
        assert queries(FieldOperation.objects.all()) == 1 + len(PARTS)
        assert queries(FieldOperation.objects.all(), parts={"names"}) == 2
        assert queries(FieldOperation.objects.all(), parts={"lines"}) == 3

    def test_queries_do_not_grow_with_the_data(self):
        operation_with_records("first")
        few = queries(FieldOperation.objects.all())
        for index in range(5):
            operation_with_records(f"other-{index}", copies=4)
        assert queries(FieldOperation.objects.all()) == few

    def test_keeps_the_order_of_the_operations_given(self):
        first, second = operation_with_records("a"), operation_with_records("b")
        loaded = published_records([second.pk, first, 10**9], parts=())
        assert [r.operation.pk for r in loaded] == [second.pk, first.pk]

    def test_operations_already_read_are_not_read_again(self):
        operation_with_records("a")
        read = list(FieldOperation.objects.all())
        assert queries(read) == len(PARTS)

    def test_each_call_loads_its_own_day_and_parts_onto_copies(self):
        operation = operation_with_records("a", copies=3)
        read = [FieldOperation.objects.get(pk=operation.pk)]
        early = published_records(read, day=D(2000, 6, 1), parts={"staffing"})[0]
        later = published_records(read, day=D(2004, 6, 1), parts={"staffing"})[0]
        assert len(early.staffing_snapshots) == 1
        assert len(later.staffing_snapshots) == 3
        assert len(later.operation.staffing_snapshots.all()) == 3
        assert not hasattr(read[0], "_prefetched_objects_cache")

    def test_only_published_records_count(self):
        operation = operation_with_records("a")
        OperationNameFactory(operation=operation, valid_from=D(2010, 1, 1), live=False)
        PostFactory(operation=operation, live=False)
        AppointmentFactory(post__operation=operation, post__live=False)
        records = published_records([operation])[0]
        assert all(r.live for r in records.names + records.posts)
        assert all(a.post.live for a in records.appointments)
        assert len(records.names) == len(records.operation.names.all()) == 1

    def test_day_limits_counts_and_figures_not_dated_records(self):
        operation = operation_with_records("a", copies=3)
        records = published_records([operation], day=D(2002, 6, 1))[0]
        assert [s.as_of for s in records.staffing_snapshots] == [
            D(2000, 1, 1),
            D(2002, 1, 1),
        ]
        assert [f.year for f in records.financial_figures] == [2000, 2001]
        assert len(records.names) == len(records.offices) == 3

    def test_parts_not_asked_for_are_none(self):
        operation = operation_with_records("a")
        records = published_records([operation], parts={"names"})[0]
        assert records.offices is None and records.appointments is None
        assert records.page is None and records.pages is None

    def test_page_is_the_reader_s_language_and_pages_are_all(self):
        operation = operation_with_records("a")
        records = published_records([operation], parts={"page", "pages"})[0]
        assert records.page.operation_id == operation.pk
        assert [p.locale.language_code for p in records.pages] == ["en"]

    def test_an_unknown_part_is_refused(self):
        with pytest.raises(ValueError, match="seats"):
            published_records([], parts={"names", "seats"})
