"""The admin of an operation's changes and lineage, limited like the other
records to the operations of the user's roles (see access/)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PublishingPanel
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn

from fieldops.core.panels import source_panel

from .access.viewsets import RecordViewSet
from .models import OperationChange, Succession


class OperationChangeViewSet(RecordViewSet):
    model = OperationChange
    icon = "history"
    related = ("operation", "decision")
    list_display = [
        "__str__",
        "operation",
        "kind",
        Column("adopted", label=_("adopted on")),
        Column("effective", label=_("took effect on")),
        LiveStatusTagColumn(),
    ]
    list_filter = ["operation", "kind", "deciding_body"]
    search_fields = ["note"]
    ordering = ["operation", "adopted_on", "effective_on"]
    panels = [
        FieldPanel("operation"),
        FieldRowPanel(["kind", "uncertain"]),
        FieldRowPanel(["deciding_body", "decision"]),
        FieldRowPanel(["adopted_on", "adopted_on_precision"]),
        FieldRowPanel(["effective_on", "effective_on_precision"]),
        FieldPanel("note"),
        source_panel(),
        PublishingPanel(),
    ]


class SuccessionViewSet(RecordViewSet):
    """Lineage is no record with drafts: a succession is saved as it is, and
    belongs to the earlier operation's editors (the later one's show it too)."""

    model = Succession
    icon = "arrow-right"
    operation_path = "predecessor"
    related = ("predecessor", "successor")
    list_display = ["__str__", "predecessor", "successor", "kind"]
    list_filter = ["predecessor", "successor", "kind"]
    ordering = ["predecessor", "successor"]
    panels = [
        FieldRowPanel(["predecessor", "successor"]),
        FieldPanel("kind"),
        source_panel(),
    ]
