"""`manage.py data_health`: the same findings as text or JSON, and an exit status for
monitoring (1 with an error, 0 with warnings alone)."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from fieldops.health.report import data_health
from fieldops.operations.models import StaffingSnapshot

from .test_dashboard import current_operation

pytestmark = pytest.mark.django_db


def run(*args):
    """The command's output and exit status, as a shell would see it."""
    out = StringIO()
    try:
        call_command("data_health", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


@pytest.fixture
def fine():
    return current_operation("fine")


@pytest.fixture
def unsourced(fine):
    """An operation with a warning and no error."""
    operation = current_operation("unsourced", doc=fine.names.first().source)
    StaffingSnapshot.objects.filter(operation=operation).update(source=None)
    return operation


@pytest.fixture
def broken(fine):
    """An operation with an error (no headquarters)."""
    operation = current_operation("broken", doc=fine.names.first().source)
    operation.offices.all().delete()
    return operation


class CommandTests:
    def test_no_finding_exits_zero(self, fine):
        out, status = run()

        assert status == 0
        assert "(fine): 0 error(s), 0 warning(s)" in out
        assert out.strip().endswith("Total: 0 error(s), 0 warning(s)")

    def test_warnings_alone_exit_zero(self, unsourced):
        out, status = run()

        assert status == 0
        snapshot = StaffingSnapshot.objects.get(operation=unsourced)
        assert "WARNING [unsourced/unsourced] Staffing snapshot:" in out
        assert (
            f"<{settings.WAGTAILADMIN_BASE_URL}/admin/snippets/operations/"
            f"staffingsnapshot/edit/{snapshot.pk}/>" in out
        )
        assert "Total: 0 error(s), 1 warning(s)" in out

    def test_an_error_exits_one(self, broken, unsourced):
        out, status = run()

        assert status == 1
        assert "ERROR [gap/seat-missing] Offices: No headquarters is recorded." in out
        assert "Total: 1 error(s), 1 warning(s)" in out

    def test_one_operation(self, broken, unsourced):
        out, status = run("--operation", "unsourced")

        assert status == 0
        assert "(unsourced)" in out
        assert "(broken)" not in out

    def test_an_unknown_operation_is_a_usage_error(self, fine):
        out, status = run("--operation", "nowhere")

        assert status == 2
        assert out == ""

    def test_json_lists_the_same_findings_as_the_pages(self, broken, unsourced):
        out, status = run("--format", "json")

        assert status == 1
        data = json.loads(out)
        assert (data["errors"], data["warnings"]) == (1, 1)
        expected = {
            h.operation.slug: [f.code for f in h.findings] for h in data_health()
        }
        assert {
            o["operation"]: [f["code"] for f in o["findings"]]
            for o in data["operations"]
        } == expected
        (finding,) = next(
            o["findings"] for o in data["operations"] if o["operation"] == "broken"
        )
        assert finding == {
            "operation": "broken",
            "kind": "gap",
            "code": "seat-missing",
            "severity": "error",
            "subject": "Offices",
            "message": "No headquarters is recorded.",
            "url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/snippets/operations/"
            "office/add/",
        }

    def test_the_help_documents_the_exit_status_for_monitoring(self):
        # The real process, as cron runs it: the help is printed and exits 0.
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "data_health", "--help"],
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            check=False,
        )

        assert result.returncode == 0
        help_text = " ".join(result.stdout.split())
        assert "status 1 when there is at least one error" in help_text
        assert "cron" in help_text
