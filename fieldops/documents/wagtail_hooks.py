"""The register of documents in the admin, with drafts, revisions and locking;
and the claims of sources that disagree, where an editor chooses the one a fact
follows."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PublishingPanel
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from fieldops.operations.access.viewsets import RecordViewSet

from .models import Claim, Document
from .services import claim_prefer


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


def claimed_record(claim: Claim) -> str:
    """Which record a claim is about, without reading it: "operation name #12"."""
    model = ContentType.objects.get_for_id(claim.content_type_id).model_class()
    label = model._meta.verbose_name if model else _("deleted record")
    return f"{label} #{claim.object_id}"


class PreferColumn(Column):
    """A button that makes the row's claim the one its fact follows."""

    cell_template_name = "documents/admin/prefer_cell.html"

    def __init__(self, url_name: str, **kwargs):
        super().__init__("prefer", label=_("Preferred"), **kwargs)
        self.url_name = url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["prefer_url"] = reverse(self.url_name, args=[instance.pk])
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class ClaimViewSet(SnippetViewSet):
    """The claims on which sources disagree (every claim of a field where two
    differ), each with the button that makes it the preferred one."""

    model = Claim
    icon = "list-ul"
    menu_label = _("Disputed claims")
    list_filter = ["field", "preferred"]
    search_fields = ["value", "note"]
    ordering = ["content_type", "object_id", "field", "-preferred", "pk"]
    panels = [
        FieldRowPanel(["field", "value"]),
        FieldPanel("preferred", read_only=True),
        FieldPanel("note"),
        FieldPanel("source"),
        FieldPanel("source_url"),
        FieldPanel("further_source_urls"),
        FieldPanel("source_note"),
    ]

    @property
    def list_display(self):
        return [
            Column("record", label=_("record"), accessor=claimed_record),
            "field",
            "value",
            Column("source", label=_("source document")),
            "source_url",
            PreferColumn(self.get_url_name("prefer")),
        ]

    def get_queryset(self, request):
        return Claim.objects.disputed().select_related("source")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("prefer/<int:pk>/", self.prefer_view, name="prefer"),
        ]

    @property
    def prefer_view(self):
        @require_POST
        def prefer(request, pk):
            if not self.permission_policy.user_has_permission(request.user, "change"):
                raise PermissionDenied
            claim = get_object_or_404(Claim, pk=pk)
            try:
                claim_prefer(claim=claim, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(_messages_of(error)))
            else:
                messages.success(
                    request,
                    gettext("“%(value)s” is now the preferred claim.")
                    % {"value": claim.value},
                )
            return redirect(self.get_url_name("list"))

        return prefer


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


class DocumentsRegisterGroup(SnippetViewSetGroup):
    menu_label = _("Documents register")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (DocumentViewSet, ClaimViewSet)


register_snippet(DocumentsRegisterGroup)
