"""Mail the daily or weekly job alert digests; run from cron (docs/operations.md)."""

from django.core.management.base import BaseCommand

from fieldops.recruitment.alerts.delivery import digests_send
from fieldops.recruitment.models import Frequency
from fieldops.recruitment.tasks import deliveries_send_batch


class Command(BaseCommand):
    help = (
        "Mail each daily or weekly job alert its pending vacancies in one email, and "
        "send any immediate alert mail still waiting (for example after an SMTP "
        "outage). Safe to run twice or in parallel: nothing is mailed twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            required=True,
            choices=[Frequency.DAILY, Frequency.WEEKLY],
            help="Which alerts to mail: daily or weekly.",
        )

    def handle(self, *args, frequency, **options):
        digests = digests_send(frequency=frequency)
        stragglers = deliveries_send_batch()
        batch = stragglers
        while batch.claimed and not batch.failed:
            batch = deliveries_send_batch()
            stragglers.add(batch)
        self.stdout.write(
            f"{frequency} digests: {digests.sent} sent, {digests.failed} failed, "
            f"{digests.skipped} deliveries skipped; immediate mails still waiting: "
            f"{stragglers.sent} sent, {stragglers.failed} failed."
        )
        if digests.failed or stragglers.failed:
            self.stderr.write("; ".join(digests.errors + stragglers.errors)[:2000])
