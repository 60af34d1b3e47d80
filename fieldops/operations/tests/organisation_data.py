"""Field operations for the tests of the organisation's views: four operations
of different regions and statuses, with heads, staff counts of two meanings and
money in two currencies; and many generated ones, made in bulk."""

import datetime
from decimal import Decimal

from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FinancialFigure,
    OperationName,
    Person,
    Post,
    StaffingLine,
    StaffingSnapshot,
)

from .factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    OperationNameFactory,
    StaffingLineFactory,
)

D = datetime.date


def staff(operation, day, count, meaning="headcount"):
    line = StaffingLineFactory(
        count=count,
        snapshot__operation=operation,
        snapshot__as_of=day,
        snapshot__meaning=meaning,
    )
    return line.snapshot


def four_operations() -> dict:
    """astana (Central Asia, renamed 2015, head, staff, EUR), bishkek (Central
    Asia from 2000-07-01, staff of 2023, USD), croatia (South-Eastern Europe,
    1996 to its closure on 2007-12-31) and monitoring (Eastern Europe from
    2014, status unknown, nothing counted)."""
    document = DocumentFactory(symbol="PC.DEC/1", number="1")
    astana = FieldOperationFactory(slug="astana", host_country="KZ")
    astana.region = "central-asia"
    astana.save()
    OperationNameFactory(
        operation=astana,
        full_name="OSCE Centre in Almaty",
        valid_from=D(1998, 6, 11),
        valid_to=D(2015, 1, 1),
    )
    OperationNameFactory(
        operation=astana,
        full_name="OSCE Programme Office in Astana",
        change="renamed",
        valid_from=D(2015, 1, 1),
    )
    AppointmentFactory(post__operation=astana, person__name="Volker Frobarth")
    staff(astana, D(2024, 12, 31), 7)
    staff(astana, D(2024, 12, 31), 20, meaning="authorised")
    FinancialFigureFactory(operation=astana, amount=Decimal(2_000_000), source=document)
    FinancialFigureFactory(operation=astana, year=2023, as_of=D(2023, 12, 31))
    FieldOperationPageFactory(operation=astana)

    bishkek = FieldOperationFactory(slug="bishkek", host_country="KG")
    bishkek.region = "central-asia"
    bishkek.save()
    OperationNameFactory(
        operation=bishkek, full_name="OSCE Centre in Bishkek", valid_from=D(2000, 7, 1)
    )
    staff(bishkek, D(2023, 6, 30), 50)
    FinancialFigureFactory(
        operation=bishkek,
        amount=Decimal(500_000),
        currency="USD",
        source_url="https://example.org/bishkek-2024",
    )

    croatia = FieldOperationFactory(slug="croatia", host_country="HR")
    croatia.region = "south-eastern-europe"
    croatia.status = "closed"
    croatia.save()
    OperationNameFactory(
        operation=croatia,
        full_name="OSCE Mission to Croatia",
        valid_from=D(1996, 7, 1),
        valid_to=D(2007, 12, 31),
    )
    OperationNameFactory(
        operation=croatia,
        full_name="OSCE Office in Zagreb",
        change="closed",
        valid_from=D(2007, 12, 31),
    )
    staff(croatia, D(2005, 1, 1), 100)

    monitoring = FieldOperationFactory(slug="monitoring", host_country="UA")
    monitoring.region = "eastern-europe"
    monitoring.status = "unknown"
    monitoring.save()
    OperationNameFactory(
        operation=monitoring,
        full_name="Special Monitoring Mission",
        presence_kind="special-monitoring-mission",
        valid_from=D(2014, 3, 21),
    )
    return {
        "astana": astana,
        "bishkek": bishkek,
        "croatia": croatia,
        "monitoring": monitoring,
        "document": document,
    }


def many_operations(count: int, *, start: int = 0) -> None:
    """`count` operations made in bulk, each with two names, a head, a staff
    count of two lines and two financial figures (a fixed number of inserts)."""
    operations = FieldOperation.objects.bulk_create(
        FieldOperation(
            slug=f"generated-{start + index}",
            host_country="KZ",
            region="central-asia" if index % 2 else "eastern-europe",
            status="closed" if index % 5 == 0 else "current",
        )
        for index in range(count)
    )
    names = []
    for operation in operations:
        names.append(
            OperationName(
                operation=operation,
                full_name=f"Mission {operation.slug}",
                presence_kind="mission",
                change="established",
                valid_from=D(1995, 1, 1),
                valid_to=D(2005, 1, 1),
            )
        )
        closed = operation.status == "closed"
        names.append(
            OperationName(
                operation=operation,
                full_name=f"Office {operation.slug}",
                presence_kind="office",
                change="closed" if closed else "renamed",
                valid_from=D(2005, 1, 1),
            )
        )
    OperationName.objects.bulk_create(names)
    posts = Post.objects.bulk_create(
        Post(operation=operation, title="Head", role="head") for operation in operations
    )
    people = Person.objects.bulk_create(
        Person(name=f"Head of {operation.slug}") for operation in operations
    )
    Appointment.objects.bulk_create(
        Appointment(post=post, person=person, valid_from=D(2020, 1, 1))
        for post, person in zip(posts, people, strict=True)
    )
    snapshots = StaffingSnapshot.objects.bulk_create(
        StaffingSnapshot(operation=operation, as_of=D(2024, 6, 30))
        for operation in operations
    )
    StaffingLine.objects.bulk_create(
        StaffingLine(snapshot=snapshot, category=category, count=5)
        for snapshot in snapshots
        for category in ("international", "local")
    )
    FinancialFigure.objects.bulk_create(
        FinancialFigure(
            operation=operation,
            year=year,
            fund="unified",
            measure="approved",
            amount=Decimal(1000 * year),
            currency="EUR",
            as_of=D(year, 1, 1),
        )
        for operation in operations
        for year in (2023, 2024)
    )
