"""Export the demo, empty the database, load the export back: the profile reads the
same, today and on past days."""

import csv
import io
import json
import re
import tempfile
import zipfile
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page

from fieldops.core import data_version
from fieldops.core.images import portrait_placeholder_png
from fieldops.demo.services import ASTANA_FILE, DEMO_FILE
from fieldops.demo.testing import load_astana_demo
from fieldops.documents.models import Document
from fieldops.operations.models import (
    Appointment,
    Dimension,
    FieldOperation,
    FieldOperationIndexPage,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationName,
    Person,
    Place,
    Post,
    StaffingSnapshot,
)
from fieldops.operations.tests.factories import (
    AppointmentFactory,
    FieldOperationPageFactory,
)
from fieldops.operations.tests.test_load_demo import database_state
from fieldops.recruitment.models import FieldOfExpertise, Vacancy

PROFILE = "/en/field-operations/astana/"
DAYS = ["", "?as_of=2010-01-01", "?as_of=2020-06-01"]
# Kept through the emptying: the page tree's fixed pages, the dimensions and the
# review task made by migrations, and the admin's log (a view of Wagtail's).
KEPT = {
    # Not data: the version of it (fieldops/core/data_version.py).
    "DataVersion",
    "Dimension",
    "HomePage",
    "FieldOperationIndexPage",
    "OperationApprovalTask",
    "RecordLogEntry",
}


def main_content(html: bytes) -> str:
    """The <main> of a page, without what differs from one load to the next."""
    text = html.decode()
    text = text[text.index("<main") : text.index("</main>")]
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", text)
    text = re.sub(r"operation=[0-9]+", "operation=ID", text)
    return re.sub(r"/media/images/[^\"' ]+", "/media/images/IMAGE", text)


def empty_the_database() -> None:
    """Delete every record, page and image the demo or a load created."""
    Vacancy.objects.all().delete()
    FieldOfExpertise.objects.all().delete()
    for page in FieldOperationPage.objects.all():
        page.delete()
    for model in (Appointment, Post, Person, StaffingSnapshot, FinancialFigure):
        model.objects.all().delete()
    for model in (Mandate, Office, OperationName, Place, FieldOperation, Document):
        model.objects.all().delete()
    get_image_model().objects.all().delete()
    for label in ("core", "documents", "operations", "recruitment"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__ not in KEPT:
                assert not model._default_manager.exists(), model.__name__
    assert not get_image_model().objects.exists()
    assert Page.objects.count() == 3  # the root, the home page and the index
    assert FieldOperationIndexPage.objects.exists()
    assert Dimension.objects.count() == 3
    # What the commit does (a TestCase never commits): pages read anew.
    data_version.bump()


def load_dataset(path: Path) -> str:
    out = StringIO()
    call_command("load_dataset", str(path), stdout=out)
    return out.getvalue()


class RoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()
        folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(folder.cleanup)
        cls.folder = Path(folder.name)

    def download(self, url: str, name: str) -> Path:
        response = self.client.get(url)
        assert response.status_code == 200, response.content[:300]
        path = self.folder / name
        path.write_bytes(response.content)
        return path

    def profiles(self) -> dict[str, str]:
        pages = {}
        for query in DAYS:
            response = self.client.get(PROFILE + query)
            assert response.status_code == 200
            pages[query] = main_content(response.content)
        return pages

    def assert_same_profiles(self, before: dict[str, str]) -> None:
        after = self.profiles()
        for query in DAYS:
            with self.subTest(as_of=query):
                assert after[query] == before[query]

    def test_json_export_loads_back_into_the_same_profile(self):
        before = self.profiles()
        path = self.download("/exports/field-operations/astana.json", "astana.json")
        empty_the_database()
        # Plain JSON carries no image files: the photo is found by its title.
        for row in json.loads(path.read_text())["images"]:
            image = get_image_model()(
                title=row["title"], description=row["description"]
            )
            image.file = ContentFile(portrait_placeholder_png(), name="portrait.png")
            image.save()
        output = load_dataset(path)
        assert "without a photo" not in output
        self.assert_same_profiles(before)

    def test_json_export_without_its_images_leaves_the_photo_out_and_says_so(self):
        path = self.download("/exports/all.json", "all.json")
        empty_the_database()
        output = load_dataset(path)
        assert "“Portrait placeholder”" in output
        assert "without a photo" in output
        assert Appointment.objects.get().photo is None
        assert not get_image_model().objects.exists()

    def test_zip_export_loads_back_with_its_photo(self):
        before = self.profiles()
        path = self.download("/exports/field-operations/astana.zip", "astana.zip")
        empty_the_database()
        output = load_dataset(path)
        assert "without a photo" not in output
        photo = Appointment.objects.get().photo
        assert photo.title == "Portrait placeholder"
        assert "not a photograph" in photo.description
        self.assert_same_profiles(before)

    def test_loading_the_same_export_twice_changes_nothing(self):
        path = self.download("/exports/all.zip", "all.zip")
        empty_the_database()
        load_dataset(path)
        state = database_state()
        output = load_dataset(path)
        assert database_state() == state
        assert "created 0," in output

    def test_loading_into_the_demo_it_came_from_changes_nothing(self):
        path = self.download("/exports/all.json", "all.json")
        state = database_state()
        output = load_dataset(path)
        assert database_state() == state
        assert "created 0," in output

    def test_past_export_loads_only_what_had_started(self):
        path = self.download("/exports/all.json?as_of=2010-01-01", "2010.json")
        empty_the_database()
        load_dataset(path)
        names = list(OperationName.objects.values_list("full_name", flat=True))
        assert names == ["OSCE Centre in Almaty", "OSCE Centre in Astana"]
        assert not StaffingSnapshot.objects.exists()
        assert not Vacancy.objects.exists()
        response = self.client.get(PROFILE + "?as_of=2010-01-01")
        assert "OSCE Centre in Astana" in main_content(response.content)


class MalformedDatasetTests(TestCase):
    """An invalid file is refused with a message naming the problem; nothing is
    stored."""

    @classmethod
    def setUpTestData(cls):
        folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(folder.cleanup)
        cls.folder = Path(folder.name)
        cls.demo = json.loads(DEMO_FILE.read_text())

    def refused(self, content: str | bytes, match: str) -> None:
        path = self.folder / "bad.json"
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        with pytest.raises(CommandError, match=match):
            load_dataset(path)
        assert not Document.objects.exists()
        assert not FieldOperation.objects.exists()
        assert not FieldOperationPage.objects.exists()

    def changed(self, table: str, index: int, **values) -> str:
        data = json.loads(json.dumps(self.demo))
        row = data[table][index]
        for key, value in values.items():
            if value is None:
                row.pop(key, None)
            else:
                row[key] = value
        return json.dumps(data)

    def test_text_that_is_not_json(self):
        self.refused('{"meta": {', "not valid JSON")

    def test_json_that_is_not_a_dataset(self):
        self.refused('{"names": []}', "not a fieldops-dataset file")

    def test_a_later_version_of_the_format(self):
        data = dict(self.demo, meta={"format": "fieldops-dataset", "version": "9"})
        self.refused(json.dumps(data), "Version .9. of fieldops-dataset")

    def test_a_row_without_a_required_value(self):
        self.refused(
            self.changed("names", 2, full_name=None),
            r"names\[2\]: 'full_name' is a required property",
        )

    def test_a_row_without_its_operation(self):
        self.refused(
            self.changed("mandates", 0, operation=None),
            r"mandates\[0\]: 'operation' is a required property",
        )

    def test_an_impossible_date(self):
        self.refused(
            self.changed("names", 1, valid_from="2007-02-30"),
            r"names\[1\]\.valid_from: '2007-02-30' is not a 'date'",
        )

    def test_an_amount_that_is_not_a_number(self):
        self.refused(
            self.changed("financial_figures", 0, amount="2 232 700,00"),
            r"financial_figures\[0\]\.amount: '2 232 700,00' does not match",
        )

    def test_a_negative_amount(self):
        self.refused(
            self.changed("financial_figures", 1, amount="-5"),
            r"financial_figures\[1\]\.amount: '-5' does not match",
        )

    def test_a_reference_to_a_missing_place(self):
        self.refused(
            self.changed("offices", 0, place="Atlantis"),
            r"offices\[0\]: no place .Atlantis.",
        )

    def test_an_unknown_field(self):
        self.refused(
            self.changed("people", 0, live=False),
            r"people\[0\]: Additional properties are not allowed \('live' was",
        )

    def test_an_error_in_the_last_table_stores_nothing_before_it(self):
        data = json.loads(json.dumps(self.demo))
        data["profiles"][0]["operation"] = "nowhere"
        self.refused(json.dumps(data), r"profiles\[0\]: no field operation")
        assert not Place.objects.exists()

    def test_a_missing_file(self):
        with pytest.raises(CommandError, match="No file at"):
            load_dataset(self.folder / "missing.json")

    def test_a_zip_without_a_dataset(self):
        path = self.folder / "bad.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("README.txt", "nothing")
        with pytest.raises(CommandError, match="without dataset.json"):
            load_dataset(path)


class DemoFileTests(TestCase):
    def test_demo_file_is_itself_a_dataset_that_load_dataset_reads(self):
        output = load_dataset(ASTANA_FILE)
        assert "created 21, already present 0." in output
        assert "without a photo" in output
        assert FieldOperation.objects.get().slug == "astana"
        assert OperationName.objects.count() == 5
        assert FieldOperationPage.objects.get().live


class MalformedZipTests(TestCase):
    def test_an_image_that_is_not_a_picture_stores_nothing(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bad.zip"
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr("dataset.json", ASTANA_FILE.read_text())
                archive.writestr("images/portrait-placeholder.png", b"not a PNG")
            with pytest.raises(CommandError, match=r"images\[0\]: .*not a picture"):
                load_dataset(path)
        assert not FieldOperation.objects.exists()
        assert not get_image_model().objects.exists()


def png(colour: tuple[int, int, int]) -> bytes:
    """A small PNG of one colour: different colours, different files."""
    buffer = BytesIO()
    PillowImage.new("RGB", (4, 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


def stored_image(title: str, content: bytes, path: str):
    """An image whose file is stored at exactly `path` (folders and non-ASCII
    names included), as an upload elsewhere could have left it."""
    image = get_image_model()(title=title, description=f"{title} at {path}")
    image.file = ContentFile(content, name="upload.png")
    image.save()
    image.file.storage.delete(image.file.name)
    image.file.name = image.file.storage.save(path, ContentFile(content))
    image.file_hash = ""  # as an image made outside the admin may have it
    image.save()
    return image


def contents(image) -> bytes:
    with image.open_file() as file:
        return file.read()


class ImageRoundTripTests(TestCase):
    """Every appointment keeps its own photo through export and load, whatever
    the images' titles and file names; two appointments with one image keep
    sharing it (one file in the ZIP, one image after loading)."""

    @classmethod
    def setUpTestData(cls):
        folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(folder.cleanup)
        cls.folder = Path(folder.name)
        operation = FieldOperationPageFactory(operation__slug="pictures").operation
        red = stored_image("Portrait", png((255, 0, 0)), "original_images/p.png")
        blue = stored_image("Portrait", png((0, 0, 255)), "elsewhere/p.png")
        green = stored_image(
            "Портрет", png((0, 255, 0)), "original_images/портрет главы.png"
        )
        shared = stored_image("Shared", png((9, 9, 9)), "original_images/s.png")
        # A title that the key of a repeated title would otherwise take.
        clash = stored_image(f"Portrait #{red.pk}", png((1, 2, 3)), "x/p.png")
        cls.photos = {
            "Red": red,
            "Blue": blue,
            "Green": green,
            "Shared one": shared,
            "Shared two": shared,
            "Clash": clash,
        }
        for index, (person, image) in enumerate(cls.photos.items()):
            AppointmentFactory(
                post__operation=operation,
                post__title=f"Post {index}",
                person__name=person,
                photo=image,
            )
        cls.contents = {person: contents(image) for person, image in cls.photos.items()}

    def export_zip(self) -> Path:
        response = self.client.get("/exports/all.zip")
        assert response.status_code == 200
        path = self.folder / "pictures.zip"
        path.write_bytes(response.content)
        return path

    def photos_by_person(self) -> dict[str, bytes]:
        appointments = Appointment.objects.select_related("person", "photo")
        return {a.person.name: contents(a.photo) for a in appointments}

    def test_each_image_is_one_file_and_one_key_in_the_export(self):
        archive = zipfile.ZipFile(self.export_zip())
        data = json.loads(archive.read("dataset.json"))
        images = data["images"]
        keys = [image.get("key") or image["title"] for image in images]
        files = [image["file"] for image in images]
        assert len(images) == 5  # the shared image once
        assert len(set(keys)) == len(set(files)) == 5
        assert len({name.casefold() for name in files}) == 5
        by_key = dict(zip(keys, files, strict=True))
        photos = {a["person"]: a["photo"] for a in data["appointments"]}
        assert photos["Shared one"] == photos["Shared two"]
        assert len(set(photos.values())) == 5
        for person, key in photos.items():
            assert archive.read(by_key[key]) == self.contents[person], person
        red, blue = (self.photos[p].pk for p in ("Red", "Blue"))
        assert photos["Red"] == f"Portrait #{red} (2)"
        assert photos["Blue"] == f"Portrait #{blue}"
        assert photos["Green"] == "Портрет"
        assert by_key["Портрет"].endswith("/портрет главы.png")
        # The CSV names the same keys and addresses.
        rows = list(
            csv.DictReader(io.StringIO(archive.read("csv/appointments.csv").decode()))
        )
        urls = {image.get("key") or image["title"]: image["url"] for image in images}
        assert {r["person"]: r["photo_url"] for r in rows} == {
            person: urls[key] for person, key in photos.items()
        }

    def test_the_zip_round_trip_gives_everyone_their_own_photo(self):
        path = self.export_zip()
        empty_the_database()
        output = load_dataset(path)
        assert "without a photo" not in output
        assert self.photos_by_person() == self.contents
        assert get_image_model().objects.count() == 5
        shared = Appointment.objects.filter(person__name__startswith="Shared")
        assert len({a.photo_id for a in shared}) == 1
        state = database_state()
        again = load_dataset(path)
        assert "created 0," in again
        assert database_state() == state
        assert self.photos_by_person() == self.contents

    def test_the_json_alone_never_guesses_between_images_of_one_title(self):
        response = self.client.get("/exports/all.json")
        path = self.folder / "pictures.json"
        path.write_bytes(response.content)
        empty_the_database()
        # Only the images with a title of their own can be found by it.
        for title in ("Портрет", "Shared"):
            image = get_image_model()(title=title)
            image.file = ContentFile(png((7, 7, 7)), name="other.png")
            image.save()
        output = load_dataset(path)
        photos = {
            a.person.name: a.photo.title if a.photo else None
            for a in Appointment.objects.select_related("person", "photo")
        }
        assert photos == {
            "Red": None,
            "Blue": None,
            "Green": "Портрет",
            "Shared one": "Shared",
            "Shared two": "Shared",
            "Clash": None,
        }
        assert output.count("without a photo") == 3
