"""Two field operations with every kind of fact version 2 of the dataset holds:
claims of disagreeing sources, uncertain ends, further source links, a change
without a decision, a succession, a host state's name, an appointment known
only on a day, a staff count not split by category, a figure without a report
date, an operation hosted in Kosovo (XK) and one with no single host."""

import datetime
from decimal import Decimal

from fieldops.documents.models import Claim
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import (
    HostStateName,
    OperationChange,
    Succession,
)
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PlaceNameFactory,
    StaffingLineFactory,
    StaffingSnapshotFactory,
)

LINKS = ["https://example.org/report-1999", "https://example.org/archive/a?b=1"]


def claim(record, field: str, value: str, *, preferred=False, **extra) -> Claim:
    made = Claim(record=record, field=field, value=value, preferred=preferred, **extra)
    made.full_clean()
    made.save()
    return made


def _operations():
    kosovo = FieldOperationFactory(
        slug="kosovo-verification",
        host_country="XK",
        region="south-eastern-europe",
        status="closed",
        official_url="https://example.org/kosovo",
        coverage="full",
        coverage_note="Every decision is known.",
    )
    regional = FieldOperationFactory(
        slug="regional-group",
        host_country="",
        status="unknown",
        coverage_note="Only its start is known.",
    )
    for operation in (kosovo, regional):
        FieldOperationPageFactory(operation=operation)
    HostStateName.objects.create(
        operation=kosovo,
        name="Federal Republic of Yugoslavia",
        valid_from=datetime.date(1992, 1, 1),
        valid_from_precision="year",
        valid_to=datetime.date(2003, 2, 4),
        valid_to_uncertain=True,
    )
    return kosovo, regional


def _names_and_offices(kosovo, regional, decision):
    name = OperationNameFactory(
        operation=kosovo,
        full_name="Kosovo Verification Mission",
        presence_kind="observer-mission",
        valid_from=datetime.date(1998, 10, 1),
        valid_from_precision="month",
        valid_from_uncertain=True,
        valid_to=datetime.date(1999, 6, 9),
        source=decision,
        further_source_urls=LINKS,
    )
    claim(name, "valid_from", "1998-10", preferred=True, source=decision)
    claim(
        name,
        "valid_from",
        "1998-10-16",
        source_url="https://example.org/agreement",
        note="The agreement's day, before the mission was set up.",
        further_source_urls=LINKS[:1],
    )
    OperationNameFactory(
        operation=regional,
        full_name="Regional Monitoring Group",
        presence_kind="advisory-and-monitoring-group",
        change="replaced",
        valid_from=datetime.date(1999, 6, 9),
        valid_to_uncertain=True,
    )
    for role, town in (("branch-office", "Prizren"), ("observation-post", "Peja")):
        place = PlaceNameFactory(name=town, place__country="XK").place
        OfficeFactory(
            operation=kosovo,
            place=place,
            role=role,
            name=f"{town} office",
            note="Its opening day is not known.",
            valid_from=None,
        )
    MandateFactory(operation=kosovo, valid_to_uncertain=True, source=decision)


def _changes_and_lineage(kosovo, regional, decision):
    OperationChange.objects.create(
        operation=kosovo,
        kind="established",
        deciding_body="permanent-council",
        decision=decision,
        adopted_on=datetime.date(1998, 10, 1),
        adopted_on_precision="month",
        effective_on=datetime.date(1998, 10, 25),
        source=decision,
    )
    lapsed = OperationChange.objects.create(
        operation=kosovo,
        kind="mandate-expired",
        effective_on=datetime.date(1999, 6, 9),
        uncertain=True,
        note="No decision: the mandate lapsed.",
        source_url="https://example.org/lapse",
    )
    claim(lapsed, "effective_on", "1999-06-09", preferred=True)
    claim(lapsed, "effective_on", "1999-06", source_url="https://example.org/other")
    lineage = Succession.objects.create(
        predecessor=kosovo,
        successor=regional,
        kind="split",
        source_url="https://example.org/lineage",
        further_source_urls=LINKS,
    )
    claim(lineage, "kind", "split", preferred=True)
    claim(lineage, "kind", "replaced", note="An older summary says replaced.")


def _people_and_money(kosovo, regional):
    observed = AppointmentFactory(
        post__operation=kosovo,
        person__name="Observed Head",
        valid_from=None,
        known_on=datetime.date(1999, 1, 15),
        source_url="https://example.org/who",
    )
    # Two observations of the same head are two records.
    AppointmentFactory(
        post=observed.post,
        person=observed.person,
        valid_from=None,
        known_on=datetime.date(1999, 3, 1),
    )
    snapshot = StaffingSnapshotFactory(
        operation=kosovo,
        as_of=datetime.date(1999, 3, 1),
        meaning="authorised",
        approximate=True,
        note="About two thousand verifiers were foreseen.",
    )
    StaffingLineFactory(snapshot=snapshot, category="not-split", contract_type="")
    claim(snapshot, "meaning", "authorised", preferred=True)
    claim(snapshot, "meaning", "headcount", note="A press release calls it staff.")
    figure = FinancialFigureFactory(
        operation=regional,
        year=1999,
        fund="not-stated",
        measure="budget",
        basis="",
        amount=Decimal("1200000.00"),
        as_of=None,
        approximate=True,
        note="Rounded in the source.",
    )
    claim(figure, "amount", "1200000", preferred=True)
    claim(figure, "amount", "1150000.50", source_url="https://example.org/money")


def rich_data() -> None:
    """Store the two operations and their facts (published)."""
    decision = DocumentFactory(symbol="PC.DEC/263", adopted_on=None)
    kosovo, regional = _operations()
    _names_and_offices(kosovo, regional, decision)
    _changes_and_lineage(kosovo, regional, decision)
    _people_and_money(kosovo, regional)
