import datetime
from decimal import Decimal
from io import BytesIO, StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from PIL import Image as PillowImage
from wagtail.models import Page, Revision

from fieldops.core.images import PORTRAIT_SIZE, portrait_placeholder_png
from fieldops.core.models import HomePage
from fieldops.demo import services
from fieldops.documents.models import Document
from fieldops.operations.models import (
    Appointment,
    Dimension,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationName,
    Place,
    PlaceName,
    StaffingLine,
    StaffingSnapshot,
)

RECORD_MODELS = [
    Document,
    FieldOperation,
    OperationName,
    Place,
    Office,
    Mandate,
    Appointment,
    StaffingSnapshot,
    FinancialFigure,
]


def load_demo() -> str:
    """The command, over the demo's single office (quicker than all of them)."""
    out = StringIO()
    with mock.patch.object(services, "DEMO_FILE", services.ASTANA_FILE):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def database_state() -> dict:
    """Every row of the project's tables and of Wagtail's pages, revisions and logs."""
    models = [
        *apps.get_app_config("core").get_models(),
        *apps.get_app_config("documents").get_models(),
        *apps.get_app_config("operations").get_models(),
        apps.get_model("wagtailcore", "Page"),
        apps.get_model("wagtailcore", "Revision"),
        apps.get_model("wagtailcore", "ModelLogEntry"),
        apps.get_model("wagtailcore", "PageLogEntry"),
        apps.get_model("wagtailcore", "Site"),
        apps.get_model("wagtailimages", "Image"),
    ]
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in models
    }


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo()
        cls.operation = FieldOperation.objects.get(slug="astana")

    def test_summary_counts_what_was_created(self):
        self.assertEqual(
            self.output.strip(), "Demo data: created 26, already present 1."
        )

    def test_decisions_are_registered_with_unknown_adoption_date_left_empty(self):
        documents = {doc.symbol: doc for doc in Document.objects.all()}
        self.assertEqual(sorted(documents), ["PC.DEC/1153", "PC.DEC/243", "PC.DEC/797"])
        first = documents["PC.DEC/243"]
        self.assertEqual(first.issuing_body, "Permanent Council")
        self.assertEqual(first.kind, "decision")
        self.assertEqual(first.number, "243")
        self.assertEqual(first.title, "Permanent Council Decision No. 243")
        self.assertEqual(first.adopted_on, datetime.date(1998, 6, 11))
        self.assertEqual(documents["PC.DEC/797"].adopted_on, datetime.date(2007, 6, 21))
        self.assertIsNone(documents["PC.DEC/1153"].adopted_on)
        self.assertTrue(all(doc.summary and not doc.url for doc in documents.values()))

    def test_operation_works_in_kazakhstan_in_all_three_dimensions(self):
        self.assertEqual(self.operation.host_country.code, "KZ")
        self.assertEqual(
            set(self.operation.dimensions.values_list("code", flat=True)),
            set(Dimension.Code.values),
        )

    def test_names_follow_each_other_with_their_decisions(self):
        names = [
            (
                name.full_name,
                name.presence_kind,
                name.change,
                name.start and name.start.iso(),
                name.end and name.end.iso(),
                name.source and name.source.symbol,
            )
            for name in self.operation.names.order_by("valid_from")
        ]
        self.assertEqual(
            names,
            [
                (
                    "OSCE Centre in Almaty",
                    "centre",
                    "established",
                    "1998-06-11",
                    "2007-06-21",
                    "PC.DEC/243",
                ),
                (
                    "OSCE Centre in Astana",
                    "centre",
                    "renamed",
                    "2007-06-21",
                    "2015-01-01",
                    "PC.DEC/797",
                ),
                (
                    "OSCE Programme Office in Astana",
                    "programme-office",
                    "transformed",
                    "2015-01-01",
                    "2019",
                    "PC.DEC/1153",
                ),
                (
                    "OSCE Programme Office in Nur-Sultan",
                    "programme-office",
                    "renamed",
                    "2019",
                    "2022-09-23",
                    None,
                ),
                (
                    "OSCE Programme Office in Astana",
                    "programme-office",
                    "renamed",
                    "2022-09-23",
                    None,
                    None,
                ),
            ],
        )

    def test_renames_without_a_known_decision_say_so(self):
        unsourced = self.operation.names.filter(source__isnull=True)
        self.assertEqual(unsourced.count(), 2)
        self.assertTrue(all(name.source_note for name in unsourced))

    def test_name_on_a_day_in_2020_is_the_nur_sultan_one_and_approximate(self):
        name = self.operation.names.as_of(datetime.date(2020, 6, 1)).get()
        self.assertEqual(name.full_name, "OSCE Programme Office in Nur-Sultan")
        self.assertTrue(name.approximate_on(datetime.date(2019, 3, 1)))

    def test_capital_is_called_by_the_name_of_the_time(self):
        astana = Place.objects.get(offices__valid_from=datetime.date(2007, 6, 21))
        self.assertEqual(astana.time_zone, "Asia/Almaty")
        self.assertEqual(
            [
                astana.name_on(datetime.date(year, 6, 1)).name
                for year in (2010, 2020, 2023)
            ],
            ["Astana", "Nur-Sultan", "Astana"],
        )
        self.assertIsNone(astana.names.first().valid_from)

    def test_headquarters_moved_from_almaty_to_astana_in_2007(self):
        offices = [
            (str(office.place), office.role, office.valid_from, office.valid_to)
            for office in self.operation.offices.order_by("valid_from")
        ]
        self.assertEqual(
            offices,
            [
                (
                    "Almaty",
                    "headquarters",
                    datetime.date(1998, 6, 11),
                    datetime.date(2007, 6, 21),
                ),
                ("Astana", "headquarters", datetime.date(2007, 6, 21), None),
            ],
        )

    def test_mandate_rests_on_the_founding_decision_and_still_holds(self):
        mandate = self.operation.mandates.get()
        self.assertEqual(mandate.source.symbol, "PC.DEC/243")
        self.assertEqual(mandate.valid_from, datetime.date(1998, 6, 11))
        self.assertIsNone(mandate.valid_to)
        self.assertIn("Kazakhstan", mandate.summary)

    def test_head_of_office_start_stays_unknown(self):
        appointment = Appointment.objects.get(post__operation=self.operation)
        self.assertEqual(appointment.post.title, "Head of Office")
        self.assertEqual(appointment.post.role, "head")
        self.assertEqual(appointment.person.name, "Alexey Rogov")
        self.assertEqual(appointment.person.sort_name, "Rogov, Alexey")
        self.assertEqual(appointment.honorific, "Ambassador")
        self.assertIsNone(appointment.valid_from)
        self.assertEqual(appointment.known_on, datetime.date(2024, 12, 31))
        self.assertIsNone(appointment.source)
        self.assertIn("31 December 2024", appointment.source_note)

    def test_staff_total_is_the_sum_of_its_lines(self):
        snapshot = self.operation.staffing_snapshots.get()
        self.assertEqual(snapshot.as_of, datetime.date(2024, 12, 31))
        self.assertEqual(
            [(ln.category, ln.contract_type, ln.count) for ln in snapshot.lines.all()],
            [("international", "fixed-term", 6), ("local", "fixed-term", 29)],
        )
        self.assertEqual(snapshot.total, 35)
        self.assertIsNone(snapshot.source)
        self.assertIn("extrabudgetary", snapshot.note)

    def test_budget_figures_are_exact_euro_amounts(self):
        unified = self.operation.financial_figures.get(fund="unified")
        self.assertEqual(
            (unified.year, unified.measure, unified.basis, unified.based_on),
            (2024, "available", "pea", "2021 Unified Budget"),
        )
        self.assertEqual(unified.amount, Decimal("2232700.00"))
        self.assertEqual(unified.currency, "EUR")
        self.assertEqual(unified.as_of, datetime.date(2024, 12, 31))
        self.assertTrue(unified.source_note)
        extra = self.operation.financial_figures.get(fund="extrabudgetary")
        self.assertEqual((extra.measure, extra.basis), ("expenditure", "actual"))
        self.assertEqual(extra.amount, Decimal("646645.00"))
        self.assertIsInstance(extra.amount, Decimal)

    def test_every_record_is_live_from_a_published_revision(self):
        for model in RECORD_MODELS:
            for record in model.objects.all():
                with self.subTest(record=str(record)):
                    self.assertTrue(record.live)
                    self.assertFalse(record.has_unpublished_changes)
                    self.assertIsNotNone(record.live_revision_id)
                    self.assertEqual(record.live_revision_id, record.latest_revision_id)

    def test_every_loaded_record_passes_full_clean(self):
        inline = [PlaceName, StaffingLine]
        for model in [*RECORD_MODELS, *inline]:
            for record in model._default_manager.all():
                with self.subTest(record=str(record)):
                    record.full_clean()
        for page in Page.objects.filter(depth__gt=1).specific():
            with self.subTest(page=page.title):
                page.full_clean()

    def test_profile_page_is_published_with_an_overview(self):
        page = FieldOperationPage.objects.get(operation=self.operation)
        self.assertEqual(page.slug, "astana")
        self.assertEqual(page.title, "OSCE Programme Office in Astana")
        self.assertTrue(page.live)
        self.assertEqual(page.get_parent().slug, "field-operations")
        self.assertTrue(Revision.page_revisions.filter(object_id=str(page.pk)))
        paragraphs = [b for b in page.overview if b.block_type == "paragraph"]
        self.assertGreaterEqual(len(paragraphs), 3)
        self.assertEqual(page.url, "/en/field-operations/astana/")

    def test_home_page_gets_an_introduction_through_a_revision(self):
        home = HomePage.objects.get()
        self.assertIn("field", home.intro.lower())
        self.assertEqual(home.live_revision_id, home.latest_revision_id)
        self.assertIsNotNone(home.live_revision_id)


class PortraitPlaceholderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.image = Appointment.objects.get().photo

    def test_head_of_office_photo_is_a_valid_portrait_image(self):
        with self.image.open_file() as file:
            picture = PillowImage.open(BytesIO(file.read()))
            picture.verify()
        self.assertEqual(picture.format, "PNG")
        self.assertEqual(picture.size, PORTRAIT_SIZE)
        self.assertEqual((self.image.width, self.image.height), PORTRAIT_SIZE)

    def test_alt_text_says_it_is_a_placeholder_not_a_photograph(self):
        self.assertEqual(self.image.title, "Portrait placeholder")
        self.assertIn("placeholder", self.image.default_alt_text.lower())
        self.assertIn("not a photograph", self.image.default_alt_text)

    def test_placeholder_is_drawn_the_same_every_time(self):
        self.assertEqual(portrait_placeholder_png(), portrait_placeholder_png())
        self.assertEqual(self.image.file_size, len(portrait_placeholder_png()))


class LoadDemoAgainTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()

    def test_second_run_creates_and_changes_nothing(self):
        before = database_state()
        output = load_demo()
        self.assertEqual(database_state(), before)
        self.assertEqual(output.strip(), "Demo data already loaded; nothing changed.")

    def test_editors_published_change_to_a_figure_survives_a_second_run(self):
        figure = FinancialFigure.objects.get(fund="unified")
        figure.amount = Decimal("2300000.00")
        figure.save_revision().publish()
        before = database_state()
        load_demo()
        self.assertEqual(database_state(), before)
        figure.refresh_from_db()
        self.assertEqual(figure.amount, Decimal("2300000.00"))

    def test_unpublished_record_stays_unpublished(self):
        mandate = Mandate.objects.get()
        mandate.unpublish()
        before = database_state()
        load_demo()
        self.assertEqual(database_state(), before)
        mandate.refresh_from_db()
        self.assertFalse(mandate.live)

    def test_record_deleted_by_an_editor_is_not_created_again(self):
        FinancialFigure.objects.filter(fund="extrabudgetary").delete()
        before = database_state()
        load_demo()
        self.assertEqual(database_state(), before)
        self.assertFalse(FinancialFigure.objects.filter(fund="extrabudgetary").exists())

    def test_renamed_demo_record_does_not_stop_a_second_run(self):
        name = OperationName.objects.get(valid_from=datetime.date(1998, 6, 11))
        name.valid_from = datetime.date(1998, 6, 10)
        name.save()
        before = database_state()
        load_demo()
        self.assertEqual(database_state(), before)

    def test_edited_place_name_is_kept_without_a_second_place(self):
        PlaceName.objects.filter(name="Nur-Sultan").update(name="Nursultan")
        load_demo()
        self.assertEqual(Place.objects.count(), 2)
        self.assertTrue(PlaceName.objects.filter(name="Nursultan").exists())
        self.assertFalse(PlaceName.objects.filter(name="Nur-Sultan").exists())

    def test_staffing_line_removed_by_an_editor_is_not_added_back(self):
        StaffingLine.objects.filter(category="local").delete()
        load_demo()
        self.assertEqual(StaffingSnapshot.objects.get().total, 6)

    def test_editors_home_introduction_is_kept(self):
        home = HomePage.objects.get()
        home.intro = "Our offices in the field."
        home.save_revision().publish()
        load_demo()
        home.refresh_from_db()
        self.assertEqual(home.intro, "Our offices in the field.")

    def test_existing_placeholder_image_is_reused(self):
        image_model = apps.get_model("wagtailimages", "Image")
        load_demo()
        self.assertEqual(image_model.objects.count(), 1)


class LoadDemoErrorTests(TestCase):
    def test_database_without_dimensions_gives_a_clear_error(self):
        Dimension.objects.filter(code="human").delete()
        with pytest.raises(CommandError, match="is the database migrated"):
            load_demo()
        self.assertFalse(Document.objects.exists())
