import json
from pathlib import Path

from django.core.management.base import BaseCommand

from fieldops.opendata.dataset.schema import dataset_schema
from fieldops.opendata.dataset.validation import SCHEMA_FILE


def schema_json() -> str:
    """The built schema as the committed file holds it."""
    return json.dumps(dataset_schema(), ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = (
        "Print the JSON Schema of the dataset, built from the format and the "
        "models; with --write, write it to the file the site serves and "
        "validates against (after a change to the format or the models)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--write", action="store_true", help=f"Write it to {SCHEMA_FILE.name}."
        )

    def handle(self, *args, write: bool, **options):
        text = schema_json()
        if write:
            Path(SCHEMA_FILE).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {SCHEMA_FILE}.")
        else:
            self.stdout.write(text, ending="")
