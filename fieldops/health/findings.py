"""What a data-health check finds, and the findings of one field operation.

Severity:

- error: the public record is wrong or has a hole in it. Gaps in the history (a
  period with no name, no headquarters or no head) and figures whose parts do not
  add up to a true total. Monitoring fails on these.
- warning: allowed, but wants an editor's attention. Facts older than
  ``FIELDOPS_STALE_AFTER_MONTHS``, facts without a source document or link (a source
  note alone explains the source but does not let a reader check it), an
  expenditure above its budget, vacancies past their deadline still unpublished,
  job alerts that have waited more than a week for confirmation, job-alert mails
  given up because every attempt failed until their vacancy closed, mail
  waiting in the outbox after failed attempts, and (for the whole organisation)
  an IATI file that cannot be published for want of a valid
  ``FIELDOPS_IATI_ORGANISATION_ID``; facts on which sources disagree (with
  what each says), more than a year with no head known, and financial figures
  whose report date is not known.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from fieldops.operations.models import FieldOperation


class Severity(models.TextChoices):
    ERROR = "error", gettext_lazy("Error")
    WARNING = "warning", gettext_lazy("Warning")


class CheckKind(models.TextChoices):
    """The kinds of finding, in the order the report shows them."""

    GAP = "gap", gettext_lazy("Gaps in the history")
    FIGURES = "figures", gettext_lazy("Figures whose parts and total disagree")
    STALE = "stale", gettext_lazy("Facts older than the configured age")
    UNSOURCED = "unsourced", gettext_lazy("Unsourced facts")
    DISPUTED = "disputed", gettext_lazy("Facts on which sources disagree")
    UNDATED = "undated", gettext_lazy("Figures whose report date is not known")
    VACANCY = "vacancy", gettext_lazy("Vacancies past their deadline still in draft")
    ALERT = "alert", gettext_lazy("Job alerts waiting for confirmation for a week")
    MAIL = "mail", gettext_lazy("Mail that could not be delivered")
    OPEN_DATA = "open-data", gettext_lazy("Open data that cannot be published")


KIND_ORDER = list(CheckKind.values)


@dataclass(frozen=True)
class Finding:
    """One thing to fix: what kind, how serious, about which record, and where.

    `code` names the check's finding ("name-gap", "unsourced"...) for machines;
    `subject` says which record, `message` what is wrong; `url` is the admin
    address where it is fixed, if any.
    """

    kind: str
    code: str
    severity: str
    subject: str
    message: str
    url: str | None
    operation: FieldOperation | None = field(compare=False, default=None)
    # A button that fixes it: (address to POST to, label).
    action: tuple[str, str] | None = field(compare=False, default=None)
    # Where to read more, such as the sources that disagree: (address, label).
    links: tuple[tuple[str, str], ...] = field(compare=False, default=())

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def get_kind_display(self) -> str:
        return str(CheckKind(self.kind).label)

    def get_severity_display(self) -> str:
        return str(Severity(self.severity).label)

    def as_dict(self) -> dict[str, str | None]:
        """{"operation": slug or None, "kind", "code", "severity", "subject",
        "message", "url"}: the machine-readable form (`manage.py data_health`)."""
        return {
            "operation": self.operation.slug if self.operation else None,
            "kind": self.kind,
            "code": self.code,
            "severity": self.severity,
            "subject": self.subject,
            "message": self.message,
            "url": self.url,
        }


@dataclass
class KindGroup:
    """The findings of one kind, for a heading and a table of their own."""

    kind: str
    label: str
    findings: list[Finding]


@dataclass
class OperationHealth:
    """The findings of one field operation (or, with none, of the organisation)."""

    operation: FieldOperation | None
    name: str
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def groups(self) -> list[KindGroup]:
        by_kind = defaultdict(list)
        for finding in self.findings:
            by_kind[finding.kind].append(finding)
        return [
            KindGroup(kind, str(CheckKind(kind).label), by_kind[kind])
            for kind in KIND_ORDER
            if by_kind[kind]
        ]
