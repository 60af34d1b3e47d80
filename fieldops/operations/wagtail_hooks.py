"""The field operations' records in the admin, with drafts, revisions, locking and
review; each user sees and changes only the records of the operations of their
roles (see fieldops.operations.access)."""

from django.db import models
from django.http import HttpResponseForbidden
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PublishingPanel,
)
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.models import ModelLogEntry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from fieldops.core.panels import PeriodColumn, period_panel, source_panel

from .access.log import RecordLogEntry
from .access.viewsets import RecordDeleteBulkAction, RecordViewSet
from .charts import profile_series_charts
from .forms import PlaceForm
from .history_viewsets import OperationChangeViewSet, SuccessionViewSet
from .models import (
    INDEX_CONTEXT_HOOK,
    PROFILE_CONTEXT_HOOK,
    Appointment,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationName,
    Person,
    Place,
    Post,
    StaffingSnapshot,
)
from .selectors import profile_as_of
from .views import index_context


class FieldOperationViewSet(RecordViewSet):
    model = FieldOperation
    icon = "site"
    operation_path = "pk"
    list_display = [
        "slug",
        Column("host_country", label=_("host country"), accessor="host_country.name"),
        LiveStatusTagColumn(),
    ]
    list_filter = ["host_country"]
    search_fields = ["slug"]
    ordering = ["slug"]
    panels = [
        FieldPanel("slug"),
        FieldRowPanel(["host_country", "region"]),
        InlinePanel(
            "host_state_names",
            panels=[FieldPanel("name"), period_panel()],
            label=_("name"),
            heading=_("The host state's names of the time"),
        ),
        FieldPanel("status"),
        FieldPanel("dimensions"),
        FieldPanel("official_url"),
        FieldRowPanel(["coverage", "coverage_note"]),
        PublishingPanel(),
    ]


class OperationNameViewSet(RecordViewSet):
    model = OperationName
    icon = "title"
    related = ("operation",)
    list_display = [
        "full_name",
        "operation",
        PeriodColumn(),
        "change",
        LiveStatusTagColumn(),
    ]
    list_filter = ["operation", "presence_kind", "change"]
    search_fields = ["full_name", "short_name"]
    ordering = ["operation", "valid_from"]
    panels = [
        FieldPanel("operation"),
        FieldPanel("full_name"),
        FieldPanel("short_name"),
        FieldRowPanel(["presence_kind", "change"]),
        FieldPanel("note"),
        period_panel(),
        source_panel(),
        PublishingPanel(),
    ]


class PlaceViewSet(RecordViewSet):
    model = Place
    icon = "globe"
    operation_path = None  # shared by every operation
    prefetched = ("names",)
    list_display = ["__str__", "country", "time_zone", LiveStatusTagColumn()]
    list_filter = ["country"]
    search_fields = ["names__name"]
    base_form_class = PlaceForm
    panels = [
        FieldRowPanel(["country", "time_zone"]),
        InlinePanel(
            "names",
            panels=[FieldPanel("name"), period_panel()],
            label=_("name"),
            heading=_("Names over time"),
            min_num=1,
        ),
        PublishingPanel(),
    ]

    def get_queryset(self, request):
        # A place matches a search once, however many of its names match.
        return super().get_queryset(request).distinct()


class OfficeViewSet(RecordViewSet):
    model = Office
    icon = "home"
    related = ("operation", "place")
    prefetched = ("place__names",)
    list_display = [
        "__str__",
        "operation",
        "role",
        PeriodColumn(),
        LiveStatusTagColumn(),
    ]
    list_filter = ["operation", "role"]
    ordering = ["operation", "role", "valid_from"]
    panels = [
        FieldPanel("operation"),
        FieldRowPanel(["place", "role"]),
        FieldRowPanel(["name", "note"]),
        period_panel(),
        source_panel(),
        PublishingPanel(),
    ]


class MandateViewSet(RecordViewSet):
    model = Mandate
    icon = "clipboard-list"
    related = ("operation",)
    list_display = ["__str__", "operation", PeriodColumn(), LiveStatusTagColumn()]
    list_filter = ["operation"]
    search_fields = ["summary"]
    ordering = ["operation", "valid_from"]
    panels = [
        FieldPanel("operation"),
        FieldPanel("summary"),
        period_panel(),
        source_panel(),
        PublishingPanel(),
    ]


class PersonViewSet(RecordViewSet):
    model = Person
    icon = "user"
    operation_path = None  # shared by every operation
    list_display = ["name", "sort_name", LiveStatusTagColumn()]
    search_fields = ["name", "sort_name"]
    ordering = ["sort_name", "name"]
    panels = [FieldPanel("name"), FieldPanel("sort_name"), PublishingPanel()]


class PostViewSet(RecordViewSet):
    model = Post
    icon = "tag"
    related = ("operation",)
    list_display = ["title", "operation", "role", LiveStatusTagColumn()]
    list_filter = ["operation", "role"]
    search_fields = ["title"]
    ordering = ["operation", "role", "title"]
    panels = [
        FieldPanel("operation"),
        FieldRowPanel(["title", "role"]),
        PublishingPanel(),
    ]


class AppointmentViewSet(RecordViewSet):
    model = Appointment
    icon = "user"
    operation_path = "post__operation"
    related = ("post__operation", "person")
    list_display = [
        "person",
        "post",
        "honorific",
        PeriodColumn(),
        LiveStatusTagColumn(),
    ]
    list_filter = ["post__operation", "post"]
    search_fields = ["person__name", "post__title"]
    ordering = ["post", "valid_from"]
    panels = [
        FieldPanel("post"),
        FieldRowPanel(["person", "honorific"]),
        FieldPanel("photo"),
        period_panel(),
        source_panel(),
        PublishingPanel(),
    ]


class StaffingSnapshotViewSet(RecordViewSet):
    model = StaffingSnapshot
    icon = "group"
    related = ("operation",)
    prefetched = ("lines",)
    list_display = [
        "__str__",
        "operation",
        "as_of",
        Column("total", label=_("total")),
        LiveStatusTagColumn(),
    ]
    list_filter = ["operation"]
    ordering = ["operation", "-as_of"]
    panels = [
        FieldRowPanel(["operation", "as_of"]),
        FieldRowPanel(["meaning", "approximate"]),
        FieldPanel("note"),
        InlinePanel("lines", label=_("line"), heading=_("Counted staff")),
        source_panel(),
        PublishingPanel(),
    ]


class FinancialFigureViewSet(RecordViewSet):
    model = FinancialFigure
    icon = "table"
    related = ("operation",)
    list_display = [
        "__str__",
        "operation",
        "year",
        "fund",
        "measure",
        "amount",
        "currency",
        LiveStatusTagColumn(),
    ]
    list_filter = ["operation", "year", "fund", "measure"]
    search_fields = ["based_on"]
    ordering = ["operation", "-year", "fund", "measure"]
    panels = [
        FieldRowPanel(["operation", "year"]),
        FieldRowPanel(["fund", "measure"]),
        FieldRowPanel(["basis", "based_on"]),
        FieldRowPanel(["amount", "currency", "approximate"]),
        FieldRowPanel(["as_of", "note"]),
        source_panel(),
        PublishingPanel(),
    ]


class FieldOperationsGroup(SnippetViewSetGroup):
    menu_label = _("Field operations")
    menu_icon = "site"
    menu_order = 200
    items = (
        FieldOperationViewSet,
        OperationNameViewSet,
        OperationChangeViewSet,
        SuccessionViewSet,
        MandateViewSet,
        PlaceViewSet,
        OfficeViewSet,
        PersonViewSet,
        PostViewSet,
        AppointmentViewSet,
        StaffingSnapshotViewSet,
        FinancialFigureViewSet,
    )


register_snippet(FieldOperationsGroup)


@hooks.register("after_create_snippet")
def create_the_operation_s_groups(request, instance):
    """A new field operation gets its editors', officers' and approvers' groups."""
    from .services import operation_groups_create

    if isinstance(instance, FieldOperation):
        operation_groups_create(operation=instance)


@hooks.register("after_create_page")
def grant_the_operation_s_groups_its_profile(request, page):
    """The groups of a new profile's operation get their rights on the page."""
    from .services import operation_groups_create

    if isinstance(page.specific_deferred, FieldOperationPage):
        operation_groups_create(operation=page.specific_deferred.operation)


@hooks.register("before_delete_snippet")
def refuse_deleting_another_operation_s_records(request, instances):
    """The bulk delete checks only the model's permission: check each record."""
    for instance in instances:
        viewset = getattr(type(instance), "snippet_viewset", None)
        if isinstance(viewset, RecordViewSet) and not (
            viewset.permission_policy.user_has_permission_for_instance(
                request.user, "delete", instance
            )
        ):
            return HttpResponseForbidden()
    return None


# Admin views of Wagtail's own that reach the records, limited like the records'
# own viewsets to each user's operations. After Wagtail's own registration (order
# 0), which this one replaces.
@hooks.register("register_log_actions", order=100)
def log_records_with_their_scope(actions):
    """The site history reads the log of every object but pages through
    RecordLogEntry, which leaves out other operations' records."""
    actions.register_model(models.Model, RecordLogEntry)
    actions.log_entry_models.discard(ModelLogEntry)


# After Wagtail's DeleteBulkAction, which this one replaces for the records.
hooks.register("register_bulk_action", RecordDeleteBulkAction, order=100)


@hooks.register(PROFILE_CONTEXT_HOOK)
def add_the_profile(page, request, context):
    """The profile page shows the operation as it stood on the day asked."""
    as_of = context["as_of"]
    context["profile"] = profile_as_of(page.operation_id, as_of.day, today=as_of.today)


@hooks.register(PROFILE_CONTEXT_HOOK)
def add_the_figures_over_the_years(page, request, context):
    """The profile's staff and money over the years, from the records it read."""
    context["series_charts"] = profile_series_charts(context["profile"].records)


# The index's list, timeline and comparison (operations/views.py).
hooks.register(INDEX_CONTEXT_HOOK, index_context)
