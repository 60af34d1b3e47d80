import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fieldops.health.report import data_health
from fieldops.operations.models import FieldOperation


class Command(BaseCommand):
    help = (
        "Print the data-health findings of every field operation (or of one, with "
        "--operation): facts older than FIELDOPS_STALE_AFTER_MONTHS, unsourced "
        "facts, gaps in the history, figures whose parts and total disagree, "
        "vacancies past their deadline still unpublished, and job alerts waiting "
        "more than a week for confirmation. Exits with status 1 when there is at "
        "least one error (warnings alone exit 0), so that monitoring can run it, "
        "for example from cron once a day: "
        "`0 6 * * * cd /srv/fieldops && .venv/bin/python manage.py data_health "
        "--format json > var/data-health.json || alert-the-team`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--operation",
            metavar="SLUG",
            help="Only the field operation with this slug.",
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="text for people (the default), json for machines.",
        )

    def handle(self, *args, **options):
        slug = options["operation"]
        if slug and not FieldOperation.objects.filter(slug=slug).exists():
            raise CommandError(
                f"No field operation has the slug “{slug}”.", returncode=2
            )
        report = data_health(slug=slug)
        if options["format"] == "json":
            data = _as_json(report)
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self._write_text(report)
        errors = sum(health.errors for health in report)
        if errors:
            # Exit status 1, which monitoring looks at; the findings are printed.
            raise CommandError(f"{errors} data-health error(s).", returncode=1)

    def _write_text(self, report):
        for health in report:
            slug = health.operation.slug if health.operation else "-"
            self.stdout.write(
                f"{health.name} ({slug}): {health.errors} error(s), "
                f"{health.warnings} warning(s)"
            )
            for finding in health.findings:
                link = f" <{_absolute(finding.url)}>" if finding.url else ""
                self.stdout.write(
                    f"  {finding.severity.upper()} [{finding.kind}/{finding.code}] "
                    f"{finding.subject}: {finding.message}{link}"
                )
        errors = sum(h.errors for h in report)
        warnings = sum(h.warnings for h in report)
        self.stdout.write(f"Total: {errors} error(s), {warnings} warning(s)")


def _absolute(url: str | None) -> str | None:
    # Printed outside a request: the admin's own address makes the link usable.
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{url}" if url else url


def _as_json(report) -> dict:
    return {
        "errors": sum(h.errors for h in report),
        "warnings": sum(h.warnings for h in report),
        "operations": [
            {
                "operation": h.operation.slug if h.operation else None,
                "name": h.name,
                "errors": h.errors,
                "warnings": h.warnings,
                "findings": [
                    {**f.as_dict(), "url": _absolute(f.url)} for f in h.findings
                ],
            }
            for h in report
        ],
    }
