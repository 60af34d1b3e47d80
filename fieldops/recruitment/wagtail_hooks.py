"""Vacancies in the admin: drafts, revisions, locking, the review workflow,
scheduled publishing and previews (all from the model's Wagtail mixins)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PublishingPanel,
)
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from fieldops.operations.access.viewsets import RecordViewSet

from .models import FieldOfExpertise, Vacancy


def open_or_closed(vacancy: Vacancy) -> str:
    return _("open") if vacancy.is_open else _("closed")


class VacancyViewSet(RecordViewSet):
    model = Vacancy
    icon = "doc-full"
    related = ("operation", "field_of_expertise")
    list_display = [
        "number",
        "title",
        "operation",
        "grade",
        "deadline",
        Column("state", label=_("Applications"), accessor=open_or_closed),
        LiveStatusTagColumn(),
    ]
    list_filter = ["operation", "recruitment_type", "modality", "live"]
    # The database's own matching: the search backend on SQLite fails on a
    # search limited to these fields ("no such column: number").
    search_backend_name = None
    search_fields = ["number", "title", "description"]
    ordering = ["-deadline", "number"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("operation"),
                FieldRowPanel(["number", "posts"]),
                FieldPanel("title"),
                FieldRowPanel(["grade", "recruitment_type", "modality"]),
                FieldRowPanel(["field_of_expertise", "duty_station"]),
            ],
            heading=_("Position"),
        ),
        FieldRowPanel(["issued_on", "deadline"], heading=_("Dates")),
        FieldPanel("description"),
        FieldPanel("apply_url"),
        FieldRowPanel(["funding", "funding_project"], heading=_("Funding")),
        PublishingPanel(),
    ]


class FieldOfExpertiseViewSet(SnippetViewSet):
    model = FieldOfExpertise
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


class RecruitmentGroup(SnippetViewSetGroup):
    menu_label = _("Recruitment")
    menu_icon = "doc-full"
    menu_order = 210
    items = (VacancyViewSet, FieldOfExpertiseViewSet)


register_snippet(RecruitmentGroup)
