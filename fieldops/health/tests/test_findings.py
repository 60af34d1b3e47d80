"""Each data-health finding on seeded bad data, none on complete data, the demo, and
the number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fieldops.demo.testing import load_astana_demo
from fieldops.documents.models import Document
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.health.findings import CheckKind, Severity
from fieldops.health.report import data_health, has_errors
from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FinancialFigure,
    OperationName,
    StaffingSnapshot,
)
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    PostFactory,
    StaffingLineFactory,
    StaffingSnapshotFactory,
)
from fieldops.recruitment.models import AlertState, JobAlert
from fieldops.recruitment.tests.factories import JobAlertFactory, VacancyFactory

D = datetime.date
NOW = datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


def complete_operation(slug="complete", *, doc=None):
    """An operation whose every fact is sourced, current and consistent."""
    doc = doc or DocumentFactory()
    operation = FieldOperationFactory(slug=slug)
    OperationNameFactory(operation=operation, source=doc, valid_to=D(2010, 1, 1))
    OperationNameFactory(
        operation=operation, source=doc, change="renamed", valid_from=D(2010, 1, 1)
    )
    place = PlaceNameFactory(name="Astana").place
    OfficeFactory(operation=operation, place=place, source=doc)
    MandateFactory(operation=operation, source=doc)
    post = PostFactory(operation=operation)
    AppointmentFactory(post=post, source=doc, valid_to=D(2020, 1, 1), valid_from=None)
    AppointmentFactory(post=post, source=doc, valid_from=D(2020, 1, 1))
    snapshot = StaffingSnapshotFactory(operation=operation, source=doc)
    StaffingLineFactory(snapshot=snapshot, category="international", count=6)
    StaffingLineFactory(snapshot=snapshot, category="local", count=29)
    FinancialFigureFactory(operation=operation, source=doc)
    FinancialFigureFactory(
        operation=operation,
        fund="extrabudgetary",
        measure="expenditure",
        basis="actual",
        amount=Decimal("646645.00"),
        source=doc,
    )
    return operation


def health_of(operation, now=NOW):
    (health,) = data_health(FieldOperation.objects.filter(pk=operation.pk), now=now)
    return health


def codes(operation, now=NOW):
    return sorted(f.code for f in health_of(operation, now).findings)


def only(operation, code, now=NOW):
    found = [f for f in health_of(operation, now).findings if f.code == code]
    assert len(found) == 1, found
    return found[0]


def edit_url(record):
    meta = record._meta
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[record.pk]
    )


class CompleteDataTests:
    def test_a_complete_operation_has_no_finding(self):
        operation = complete_operation()

        assert codes(operation) == []


class NameGapTests:
    def test_a_period_between_two_names_is_an_error_linking_the_earlier_name(self):
        operation = complete_operation()
        first = operation.names.get(valid_from=D(1998, 6, 11))
        first.valid_to = D(2008, 1, 1)
        first.save()

        finding = only(operation, "name-gap")

        assert finding.severity == Severity.ERROR
        assert finding.kind == CheckKind.GAP
        assert finding.url == edit_url(first)
        assert "1 January 2008" in finding.message
        assert "1 January 2010" in finding.message

    def test_a_last_name_that_ended_leaves_a_gap_until_today(self):
        operation = complete_operation()
        last = operation.names.get(valid_from=D(2010, 1, 1))
        last.valid_to = D(2024, 3, 1)
        last.save()

        finding = only(operation, "name-gap")

        assert "since 1 March 2024" in finding.message
        assert finding.url == edit_url(last)

    def test_a_name_whose_start_is_unknown_is_not_preceded_by_a_gap(self):
        operation = complete_operation()
        OperationName.objects.filter(operation=operation).update(valid_to=D(2008, 1, 1))
        OperationName.objects.filter(
            operation=operation, valid_from=D(2010, 1, 1)
        ).update(valid_from=None, valid_to=None, known_on=D(2024, 12, 1))

        assert "name-gap" not in codes(operation)

    def test_an_operation_without_a_name_is_an_error(self):
        operation = complete_operation()
        OperationName.objects.filter(operation=operation).delete()

        finding = only(operation, "name-missing")

        assert finding.severity == Severity.ERROR
        assert finding.url == reverse("wagtailsnippets_operations_operationname:add")

    def test_a_draft_name_does_not_fill_a_gap(self):
        operation = complete_operation()
        OperationName.objects.filter(
            operation=operation, valid_from=D(2010, 1, 1)
        ).update(live=False)

        assert "name-gap" in codes(operation)


class SeatGapTests:
    def test_an_operation_whose_headquarters_closed_has_no_seat(self):
        operation = complete_operation()
        office = operation.offices.get()
        office.valid_to = D(2015, 1, 1)
        office.save()

        finding = only(operation, "seat-gap")

        assert finding.severity == Severity.ERROR
        assert "since 1 January 2015" in finding.message
        assert finding.url == edit_url(office)

    def test_headquarters_opened_after_the_establishment_leaves_a_gap(self):
        operation = complete_operation()
        office = operation.offices.get()
        office.valid_from = D(2001, 1, 1)
        office.save()

        finding = only(operation, "seat-gap")

        assert "from 11 June 1998 until 1 January 2001" in finding.message
        assert finding.url == edit_url(office)

    def test_an_operation_without_headquarters_is_an_error(self):
        operation = complete_operation()
        operation.offices.all().delete()

        assert codes(operation) == ["seat-missing"]

    def test_a_closed_operation_needs_no_seat_after_its_closure(self):
        operation = complete_operation()
        doc = Document.objects.get()
        OperationName.objects.filter(
            operation=operation, valid_from=D(2010, 1, 1)
        ).update(valid_to=D(2020, 1, 1))
        OperationNameFactory(
            operation=operation, change="closed", valid_from=D(2020, 1, 1), source=doc
        )
        operation.offices.update(valid_to=D(2020, 1, 1))
        Appointment.objects.filter(
            post__operation=operation, valid_from=D(2020, 1, 1)
        ).delete()
        # Old figures of a closed operation are not stale either.
        StaffingSnapshot.objects.filter(operation=operation).update(
            as_of=D(2019, 12, 31)
        )

        assert codes(operation) == []


class HeadGapTests:
    def test_a_period_between_two_appointments_is_an_error(self):
        operation = complete_operation()
        earlier = Appointment.objects.get(post__operation=operation, valid_from=None)
        earlier.valid_from, earlier.valid_to = D(2015, 1, 1), D(2018, 1, 1)
        earlier.save()

        finding = only(operation, "head-gap")

        assert finding.severity == Severity.ERROR
        assert "from 1 January 2018 until 1 January 2020" in finding.message
        assert finding.url == edit_url(earlier)

    def test_no_head_today_is_an_error(self):
        operation = complete_operation()
        Appointment.objects.filter(
            post__operation=operation, valid_from=D(2020, 1, 1)
        ).update(valid_to=D(2025, 1, 1))

        finding = only(operation, "head-gap")

        assert "since 1 January 2025" in finding.message

    def test_the_time_before_a_head_known_only_on_a_day_is_not_a_gap(self):
        operation = complete_operation()
        Appointment.objects.filter(post__operation=operation).delete()
        AppointmentFactory(
            post=operation.posts.get(),
            valid_from=None,
            known_on=D(2024, 12, 31),
            source=Document.objects.get(),
        )

        # No gap (an error); only the warning that no head is known before it.
        assert codes(operation) == ["head-unknown"]

    def test_a_head_post_without_appointment_is_an_error(self):
        operation = complete_operation()
        Appointment.objects.filter(post__operation=operation).delete()

        finding = only(operation, "head-missing")

        assert finding.url == reverse("wagtailsnippets_operations_appointment:add")

    def test_no_head_is_expected_without_a_head_post(self):
        operation = complete_operation()
        Appointment.objects.filter(post__operation=operation).delete()
        operation.posts.update(role="other")

        assert codes(operation) == []


class StaleTests:
    def test_a_staff_count_older_than_the_configured_age_is_a_warning(self):
        operation = complete_operation()
        StaffingSnapshot.objects.filter(operation=operation).update(
            as_of=D(2024, 6, 29)
        )
        snapshot = StaffingSnapshot.objects.get(operation=operation)

        finding = only(operation, "staffing-stale")

        assert finding.severity == Severity.WARNING
        assert finding.kind == CheckKind.STALE
        assert "29 June 2024, more than 12 months ago" in finding.message
        assert finding.url == edit_url(snapshot)

    def test_a_staff_count_just_within_the_age_is_not_stale(self):
        operation = complete_operation()
        StaffingSnapshot.objects.filter(operation=operation).update(
            as_of=D(2024, 6, 30)
        )

        assert codes(operation) == []

    def test_the_age_follows_the_setting(self, settings):
        operation = complete_operation()
        StaffingSnapshot.objects.filter(operation=operation).update(
            as_of=D(2024, 6, 29)
        )
        settings.FIELDOPS_STALE_AFTER_MONTHS = 13

        assert codes(operation) == []

    def test_only_the_latest_figure_of_a_fund_and_measure_can_be_stale(self):
        operation = complete_operation()
        FinancialFigureFactory(
            operation=operation,
            year=2022,
            as_of=D(2022, 12, 31),
            source=Document.objects.get(),
        )
        assert codes(operation) == []
        FinancialFigure.objects.filter(operation=operation, year=2024).delete()

        finding = only(operation, "figure-stale")

        figure = FinancialFigure.objects.get(operation=operation, year=2022)
        assert finding.url == edit_url(figure)

    def test_a_head_only_known_on_a_day_long_ago_is_a_warning(self):
        operation = complete_operation()
        appointment = Appointment.objects.get(
            post__operation=operation, valid_from=D(2020, 1, 1)
        )
        appointment.valid_from, appointment.known_on = None, D(2023, 1, 1)
        appointment.save()

        finding = only(operation, "known-on-stale")

        assert finding.url == edit_url(appointment)
        assert "1 January 2023" in finding.message


class UnsourcedTests:
    def test_a_fact_without_any_source_is_a_warning(self):
        operation = complete_operation()
        MandateFactory(
            operation=operation, valid_from=D(1990, 1, 1), valid_to=D(1998, 6, 11)
        )

        finding = only(operation, "unsourced")

        assert finding.severity == Severity.WARNING
        assert finding.kind == CheckKind.UNSOURCED
        assert finding.url == edit_url(operation.mandates.get(source=None))

    def test_a_source_note_alone_is_reported_as_explained_but_not_linked(self):
        operation = complete_operation()
        StaffingSnapshot.objects.filter(operation=operation).update(
            source=None, source_note="From the annual report, not yet registered."
        )

        finding = only(operation, "source-not-linked")

        assert finding.severity == Severity.WARNING

    def test_a_link_is_a_source(self):
        operation = complete_operation()
        FinancialFigure.objects.filter(operation=operation).update(
            source=None, source_url="https://example.org/budget"
        )

        assert codes(operation) == []

    def test_a_draft_is_not_reported(self):
        operation = complete_operation()
        MandateFactory(
            operation=operation,
            valid_from=D(1990, 1, 1),
            valid_to=D(1998, 6, 11),
            live=False,
        )

        assert codes(operation) == []


class FiguresTests:
    def test_a_staff_count_without_lines_is_an_error(self):
        operation = complete_operation()
        StaffingSnapshotFactory(
            operation=operation, as_of=D(2025, 3, 31), source=Document.objects.get()
        )

        finding = only(operation, "staffing-empty")

        assert finding.severity == Severity.ERROR
        assert finding.kind == CheckKind.FIGURES

    def test_two_lines_for_the_same_staff_are_an_error(self):
        operation = complete_operation()
        snapshot = StaffingSnapshot.objects.get(operation=operation)
        StaffingLineFactory(snapshot=snapshot, category="local", count=29)

        finding = only(operation, "staffing-duplicate")

        assert finding.url == edit_url(snapshot)
        assert "local, fixed-term" in finding.message

    def test_an_unsplit_line_beside_split_lines_is_an_error(self):
        operation = complete_operation()
        snapshot = StaffingSnapshot.objects.get(operation=operation)
        StaffingLineFactory(
            snapshot=snapshot, category="local", count=20, funding="unified"
        )
        StaffingLineFactory(
            snapshot=snapshot, category="local", count=9, funding="extrabudgetary"
        )

        assert codes(operation) == ["staffing-overlap"]

    def test_lines_split_by_funding_alone_are_consistent(self):
        operation = complete_operation()
        snapshot = StaffingSnapshot.objects.get(operation=operation)
        snapshot.lines.filter(category="local").update(funding="unified")
        StaffingLineFactory(
            snapshot=snapshot, category="local", count=9, funding="extrabudgetary"
        )

        assert codes(operation) == []

    def test_funds_of_one_year_and_measure_in_two_currencies_are_an_error(self):
        operation = complete_operation()
        FinancialFigureFactory(
            operation=operation,
            fund="extrabudgetary",
            currency="USD",
            source=Document.objects.get(),
        )

        finding = only(operation, "figures-currencies")

        assert finding.severity == Severity.ERROR
        assert "EUR, USD" in finding.message
        assert finding.url.startswith(
            reverse("wagtailsnippets_operations_financialfigure:list")
        )
        assert f"operation={operation.pk}" in finding.url

    def test_spending_more_than_the_budget_is_a_warning(self):
        operation = complete_operation()
        spent = FinancialFigureFactory(
            operation=operation,
            measure="expenditure",
            basis="actual",
            amount=Decimal("1000000.01"),
            source=Document.objects.get(),
        )

        finding = only(operation, "expenditure-over-budget")

        assert finding.severity == Severity.WARNING
        assert finding.url == edit_url(spent)
        # Amounts as the profile writes them (core.money).
        assert finding.message == (
            "The expenditure (€1,000,000.01) is more than the budget (€1,000,000)."
        )


class VacancyTests:
    def test_a_draft_past_its_deadline_is_a_warning(self):
        operation = complete_operation()
        vacancy = VacancyFactory(
            operation=operation,
            draft=True,
            issued_on=D(2025, 5, 1),
            deadline=NOW - datetime.timedelta(hours=1),
        )

        finding = only(operation, "vacancy-draft-past-deadline")

        assert finding.severity == Severity.WARNING
        assert finding.kind == CheckKind.VACANCY
        assert finding.url == edit_url(vacancy)
        assert vacancy.number in finding.subject

    def test_a_published_vacancy_past_its_deadline_or_a_draft_before_it_is_fine(self):
        operation = complete_operation()
        VacancyFactory(operation=operation, deadline=NOW - datetime.timedelta(days=1))
        VacancyFactory(
            operation=operation, draft=True, deadline=NOW + datetime.timedelta(days=1)
        )

        assert codes(operation) == []


class AlertTests:
    def pending(self, operation=None, *, days, state=AlertState.PENDING):
        criteria = {"operation": [operation.pk]} if operation else {}
        alert = JobAlertFactory(state=state, criteria=criteria)
        JobAlert.objects.filter(pk=alert.pk).update(
            created_at=NOW - datetime.timedelta(days=days)
        )
        return alert

    def test_alerts_pending_for_more_than_a_week_are_counted_per_operation(self):
        operation = complete_operation()
        other = complete_operation("other", doc=Document.objects.get())
        self.pending(operation, days=8)
        self.pending(operation, days=30)
        self.pending(other, days=6)
        self.pending(operation, days=30, state=AlertState.CONFIRMED)

        finding = only(operation, "alerts-pending")

        assert finding.severity == Severity.WARNING
        assert finding.message.startswith("2 job alerts")
        assert codes(other) == []

    def test_a_resent_confirmation_counts_from_when_it_was_sent(self):
        operation = complete_operation()
        alert = self.pending(operation, days=30)
        JobAlert.objects.filter(pk=alert.pk).update(
            confirmation_sent_at=NOW - datetime.timedelta(days=2)
        )

        assert codes(operation) == []

    def test_alerts_for_no_operation_belong_to_the_whole_organisation(self):
        operation = complete_operation()
        self.pending(days=10)

        report = data_health(now=NOW)

        assert [h.operation for h in report] == [operation, None]
        assert [f.code for f in report[1].findings] == ["alerts-pending"]
        assert codes(operation) == []
        # A user limited to some operations does not see the organisation's.
        limited = data_health(FieldOperation.objects.all(), now=NOW)
        assert [h.operation for h in limited] == [operation]


class ReportTests:
    def test_errors_come_first_and_are_counted(self):
        operation = complete_operation()
        operation.offices.all().delete()
        StaffingSnapshot.objects.filter(operation=operation).update(source=None)

        health = health_of(operation)

        assert [f.severity for f in health.findings] == ["error", "warning"]
        assert (health.errors, health.warnings) == (1, 1)
        assert [g.kind for g in health.groups] == ["gap", "unsourced"]
        assert has_errors([health])

    def test_an_operation_is_titled_by_its_name_today_else_its_last_one(self):
        operation = complete_operation()
        last = operation.names.get(valid_from=D(2010, 1, 1))
        assert health_of(operation).name == last.full_name
        last.valid_to = D(2024, 3, 1)
        last.save()
        OperationNameFactory(operation=operation, valid_from=D(2030, 1, 1))

        assert health_of(operation).name == last.full_name
        OperationName.objects.filter(operation=operation).delete()
        assert health_of(operation).name == "complete"

    def test_one_operation_by_slug(self):
        complete_operation()
        broken = complete_operation("broken", doc=Document.objects.get())
        broken.offices.all().delete()

        report = data_health(slug="broken", now=NOW)

        assert [h.operation for h in report] == [broken]
        assert data_health(FieldOperation.objects.none(), slug="broken") == []


class DemoTests:
    @pytest.fixture
    def demo(self):
        load_astana_demo()
        return FieldOperation.objects.get(slug="astana")

    def test_the_demo_has_no_error_only_its_missing_sources(self, demo):
        health = health_of(demo)

        assert health.errors == 0
        unsourced = {
            (f.code, f.subject.split(":")[0]) for f in health.findings
        }  # what the demo leaves unsourced, and nothing else
        assert unsourced == {
            ("source-not-linked", "Operation name"),
            ("source-not-linked", "Appointment"),
            ("source-not-linked", "Financial figure"),
            ("unsourced", "Staffing snapshot"),
            ("unsourced", "Financial figure"),
            # The head is known only on one day, years after the establishment.
            ("head-unknown", "Head of the operation"),
        }
        assert len(health.findings) == 7  # two names explain their source only

    def test_the_demo_once_complete_has_no_finding(self, demo):
        # Complete it: a document behind every fact that only explains its source.
        document = DocumentFactory(symbol="PC.DEC/EXAMPLE")
        for model in (OperationName, FinancialFigure, StaffingSnapshot):
            model.objects.filter(operation=demo, source=None).update(source=document)
        Appointment.objects.filter(post__operation=demo, source=None).update(
            source=document
        )

        # What no document can complete: no head is known before 2024.
        assert codes(demo) == ["head-unknown"]

    def test_the_demo_figures_become_stale_after_the_configured_age(self, demo):
        later = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

        stale = [f.code for f in health_of(demo, later).findings if f.kind == "stale"]

        assert sorted(stale) == [
            "figure-stale",
            "figure-stale",
            "known-on-stale",
            "staffing-stale",
        ]
        assert not has_errors(data_health(now=later))


class QueryCountTests:
    def count(self):
        with CaptureQueriesContext(connection) as queries:
            report = data_health(now=NOW)
            assert all(h.findings for h in report)
        return len(queries)

    def broken_operation(self, slug, doc):
        operation = complete_operation(slug, doc=doc)
        operation.offices.update(valid_to=D(2015, 1, 1))
        StaffingSnapshot.objects.filter(operation=operation).update(source=None)
        VacancyFactory(
            operation=operation, draft=True, deadline=NOW - datetime.timedelta(days=1)
        )
        alert = JobAlertFactory(criteria={"operation": [operation.pk]})
        JobAlert.objects.filter(pk=alert.pk).update(
            created_at=NOW - datetime.timedelta(days=9)
        )
        return operation

    def test_the_number_of_queries_does_not_grow_with_the_data(self):
        doc = DocumentFactory()
        self.broken_operation("first", doc)
        few = self.count()
        for index in range(4):
            self.broken_operation(f"more-{index}", doc)
        JobAlertFactory()

        assert self.count() == few
        assert few <= 18  # the changes and the claims: one query each
