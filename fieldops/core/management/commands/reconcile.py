"""`manage.py reconcile`: do the work that stored state says is still owed."""

from django.core.management.base import BaseCommand, CommandError

from fieldops.core.reconcile import reconcile


class Command(BaseCommand):
    help = (
        "Do the work still owed by what is stored (match published vacancies, send "
        "due alerts and queued mail, mark tasks of dead workers). Run it every "
        "minute from cron; it is safe to run in several places at once."
    )

    def handle(self, *args, **options):
        results = reconcile()
        for name, outcome in results.items():
            self.stdout.write(f"{name}: {outcome}")
        failed = [name for name, outcome in results.items() if isinstance(outcome, str)]
        if failed:
            raise CommandError(f"Steps failed: {', '.join(failed)}")
