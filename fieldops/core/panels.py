"""Admin panels and listing columns shared by the apps' dated and sourced records."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column

from .dates import PartialDate
from .models import Temporal


def period_panel() -> MultiFieldPanel:
    """The fields of Temporal, each date beside its precision."""
    return MultiFieldPanel(
        [
            FieldRowPanel(
                ["valid_from", "valid_from_precision", "valid_from_uncertain"]
            ),
            FieldRowPanel(["valid_to", "valid_to_precision", "valid_to_uncertain"]),
            FieldPanel("known_on"),
        ],
        heading=_("Period"),
    )


def source_panel() -> MultiFieldPanel:
    """The fields of Sourced."""
    return MultiFieldPanel(
        [
            FieldPanel("source"),
            FieldPanel("source_url"),
            FieldPanel("further_source_urls"),
            FieldPanel("source_note"),
        ],
        heading=_("Source"),
    )


def period_label(record: Temporal) -> str:
    """“11 June 1998 – 2019”, as precisely as each end is known."""
    if record.start:
        start = str(record.start)
    elif record.known_on:
        start = _("known on %(day)s") % {"day": PartialDate(record.known_on)}
    else:
        start = _("unknown")
    end = str(record.end) if record.end else _("open")
    return f"{start} – {end}"


class PeriodColumn(Column):
    def __init__(self, **kwargs):
        super().__init__(
            "period",
            label=_("Period"),
            accessor=period_label,
            sort_key="valid_from",
            **kwargs,
        )
