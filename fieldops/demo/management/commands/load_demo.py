import logging

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError

from fieldops.demo.services import demo_load
from fieldops.opendata.dataset.read import DatasetError
from fieldops.operations.services import CREATED, PRESENT


class Command(BaseCommand):
    help = (
        "Load the demo (the OSCE's field operations from the public record, "
        "fieldops/demo/osce.json) into a database that does not have it yet. "
        "Once it is there, running "
        "the command again changes nothing, so the editors' work is kept. To "
        "reset the demo, delete var/ (the SQLite database) and run `make run` "
        "again."
    )

    def handle(self, *args, **options):
        wagtail_logger = logging.getLogger("wagtail")
        level = wagtail_logger.level
        if options["verbosity"] < 2:
            # Wagtail logs each revision it publishes; one summary line is enough.
            wagtail_logger.setLevel(logging.WARNING)
        try:
            outcomes = demo_load()
        except ObjectDoesNotExist as error:
            raise CommandError(
                f"The demo data could not be loaded (is the database migrated?): "
                f"{error}"
            ) from error
        except (ValidationError, DatasetError) as error:
            raise CommandError(
                f"A missing demo record could not be created: {error} To reset the "
                f"demo, delete var/ and run `make run` again."
            ) from error
        finally:
            wagtail_logger.setLevel(level)
        if options["verbosity"] >= 1 and not outcomes:
            self.stdout.write("Demo data already loaded; nothing changed.")
        elif options["verbosity"] >= 1:
            self.stdout.write(
                f"Demo data: created {outcomes[CREATED]}, "
                f"already present {outcomes[PRESENT]}."
            )
