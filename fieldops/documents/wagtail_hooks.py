"""The register of documents in the admin, with drafts, revisions and locking."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PublishingPanel
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from fieldops.operations.access.viewsets import RecordViewSet

from .models import Document


class DocumentViewSet(RecordViewSet):
    model = Document
    icon = "doc-full"
    operation_path = None  # the register is shared by every operation
    list_display = ["title", "symbol", "kind", "adopted_on", LiveStatusTagColumn()]
    list_filter = ["kind"]
    # The database's own matching finds partial symbols such as “PC.DEC”.
    search_backend_name = None
    search_fields = ["title", "symbol", "summary"]
    ordering = ["adopted_on", "symbol"]
    panels = [
        FieldPanel("title"),
        FieldRowPanel(["issuing_body", "kind"]),
        FieldRowPanel(["symbol", "number"]),
        FieldPanel("adopted_on"),
        FieldPanel("url"),
        FieldPanel("file"),
        FieldPanel("summary"),
        PublishingPanel(),
    ]


class DocumentsRegisterGroup(SnippetViewSetGroup):
    menu_label = _("Documents register")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (DocumentViewSet,)


register_snippet(DocumentsRegisterGroup)
