import json
import logging
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fieldops.opendata.dataset.format import DATASET_ENTRY
from fieldops.opendata.dataset.read import DatasetError, dataset_load
from fieldops.operations.services import CREATED, PRESENT

# Larger entries are refused rather than unpacked into memory.
MAX_ENTRY_SIZE = 200 * 1024 * 1024


def read_dataset(path: Path) -> tuple[object, dict[str, bytes]]:
    """The dataset in a JSON file or an export ZIP, and the ZIP's images."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            entries = {info.filename: info for info in archive.infolist()}
            if DATASET_ENTRY not in entries:
                raise CommandError(
                    f"{path} is a ZIP file without {DATASET_ENTRY}: is it a "
                    f"fieldops export?"
                )
            wanted = [
                info
                for name, info in entries.items()
                if name == DATASET_ENTRY
                or (name.startswith("images/") and not info.is_dir())
            ]
            if any(info.file_size > MAX_ENTRY_SIZE for info in wanted):
                raise CommandError(f"{path} holds a file too large to load.")
            files = {info.filename: archive.read(info) for info in wanted}
        raw = files.pop(DATASET_ENTRY)
    else:
        files, raw = {}, path.read_bytes()
    try:
        return json.loads(raw.decode("utf-8")), files
    except UnicodeDecodeError as error:
        raise CommandError(f"{path} is not UTF-8 text: {error}") from error
    except json.JSONDecodeError as error:
        raise CommandError(f"{path} is not valid JSON: {error}") from error


class Command(BaseCommand):
    help = (
        "Load a dataset export (the JSON of /exports/…/*.json, or the ZIP of "
        "/exports/…/*.zip with its images). Records already present, found by their "
        "natural keys, are left as they are, so loading a file twice changes "
        "nothing. An invalid file stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A .json or .zip export file.")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        data, files = read_dataset(path)
        wagtail_logger = logging.getLogger("wagtail")
        level = wagtail_logger.level
        if options["verbosity"] < 2:
            # Wagtail logs each revision it publishes; the summary is enough.
            wagtail_logger.setLevel(logging.WARNING)
        try:
            result = dataset_load(data=data, files=files)
        except DatasetError as error:
            raise CommandError(
                f"{path} was not loaded, nothing was stored: {error}"
            ) from error
        finally:
            wagtail_logger.setLevel(level)
        if options["verbosity"] < 1:
            return
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(
            f"Dataset {path.name}: created {result.tally[CREATED]}, "
            f"already present {result.tally[PRESENT]}."
        )
        for table, count in result.created.items():
            self.stdout.write(f"  {table}: {count} created")
