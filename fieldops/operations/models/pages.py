"""The public pages of field operations: their index and each profile.

The selectors build on these models, so the pages do not call them: what a page
shows of the operations is added to its context by the hooks registered under
the names below (operations/wagtail_hooks.py registers the profile and the list).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from fieldops.core.blocks import NarrativeBlock
from fieldops.core.sites import PublicPageMixin

from ..time_travel import AsOf, BadDate, BadQuery, parse_as_of
from .records import FieldOperation

# Called as hook(page, request, context) by get_context(), to fill the context.
PROFILE_CONTEXT_HOOK = "construct_field_operation_page_context"
# The index's hooks find the view shown in context["view"] (one of INDEX_VIEWS)
# and may raise BadQuery for a query string they cannot read.
INDEX_CONTEXT_HOOK = "construct_field_operation_index_page_context"

# The index's own views, at its address and under it; no profile may take
# these slugs (FieldOperationPage.clean).
INDEX_VIEWS = {
    "list": "operations/field_operation_index_page.html",
    "timeline": "operations/field_operations_timeline.html",
    "comparison": "operations/field_operations_comparison.html",
}


class FieldOperationIndexPage(PublicPageMixin, RoutablePageMixin, Page):
    """The list of every field operation, past and present, and the views of
    them all: the timeline (timeline/) and the comparison of a year
    (comparison/)."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph above the list."),
    )

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = ["operations.FieldOperationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("field operations index")

    def route(self, request, path_components):
        # Profiles are the only children: fetching the child as a profile at once
        # saves the second query of Page.route (generic page, then specific).
        if not path_components or path_components[0] in INDEX_VIEWS:
            return super().route(request, path_components)
        try:
            child = FieldOperationPage.objects.child_of(self).get(
                slug=path_components[0]
            )
        except FieldOperationPage.DoesNotExist:
            raise Http404 from None
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def get_context(self, request, *args, view: str = "list", **kwargs):
        """The page and the `view` shown (one of INDEX_VIEWS), with what it
        shows added by the construct_field_operation_index_page_context hooks.
        Raises BadQuery when a hook cannot read the query string."""
        context = super().get_context(request, *args, **kwargs)
        context["view"] = view
        for construct in hooks.get_hooks(INDEX_CONTEXT_HOOK):
            construct(self, request, context)
        return context

    @path("", name="list")
    def list_view(self, request):
        return self._serve_view(request, "list")

    @path("timeline/", name="timeline")
    def timeline_view(self, request):
        return self._serve_view(request, "timeline")

    @path("comparison/", name="comparison")
    def comparison_view(self, request):
        return self._serve_view(request, "comparison")

    def _serve_view(self, request, view: str):
        request.is_preview = getattr(request, "is_preview", False)
        try:
            context = self.get_context(request, view=view)
        except BadQuery as error:
            context = {"page": self, "view": view, "bad_query": error.messages}
            return TemplateResponse(request, "400.html", context, status=400)
        return TemplateResponse(request, INDEX_VIEWS[view], context)

    def get_sitemap_urls(self, request=None):
        """The list, then the timeline and the comparison under it."""
        urls = super().get_sitemap_urls(request)
        for view in ("timeline", "comparison"):
            location = self.full_url + self.reverse_subpage(view)
            urls.append({**urls[0], "location": location})
        return urls


class FieldOperationPageQuerySet(PageQuerySet):
    def live_in_language(self, language: str | None = None):
        """Published profiles in `language` (a language code), by default the
        reader's: the active language as Wagtail maps it to a content language."""
        if language is None:
            language = get_supported_content_language_variant(get_language())
        return self.live().filter(locale__language_code=language)


class FieldOperationPage(PublicPageMixin, Page):
    """The public profile of one field operation."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_(
            "The operation whose dated facts this page shows. The page's slug must "
            "be the operation's slug."
        ),
    )
    overview = StreamField(
        NarrativeBlock(),
        blank=True,
        verbose_name=_("overview"),
        help_text=_("What the operation does, in the editors' words."),
    )

    objects = PageManager.from_queryset(FieldOperationPageQuerySet)()

    content_panels = [*Page.content_panels, "operation", "overview"]
    parent_page_types = ["operations.FieldOperationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("field operation profile")

    def get_context(self, request, *args, as_of: AsOf | None = None, **kwargs):
        """The page and the day shown (`as_of`, today unless given), with the
        operation's `profile` on that day added by the
        construct_field_operation_page_context hooks."""
        context = super().get_context(request, *args, **kwargs)
        if as_of is None:
            today = timezone.localdate()
            as_of = AsOf(today, today)
        context["as_of"] = as_of
        for construct in hooks.get_hooks(PROFILE_CONTEXT_HOOK):
            construct(self, request, context)
        return context

    def serve(self, request, *args, **kwargs):
        """The profile as of today, or as of the day in `?as_of=YYYY-MM-DD`."""
        request.is_preview = False
        try:
            as_of = parse_as_of(request.GET.get("as_of"), timezone.localdate())
        except BadDate:
            context = {"page": self, "bad_as_of": request.GET["as_of"]}
            return TemplateResponse(request, "400.html", context, status=400)
        context = self.get_context(request, *args, as_of=as_of, **kwargs)
        profile = context["profile"]
        if profile.established and as_of.day < profile.established.date:
            return TemplateResponse(
                request,
                "operations/field_operation_not_established.html",
                context,
                status=404,
            )
        return TemplateResponse(
            request, self.get_template(request, *args, **kwargs), context
        )

    def clean(self):
        super().clean()
        if self.operation_id is None:
            return
        if not self.slug:
            self.slug = self.operation.slug
        if self.slug in INDEX_VIEWS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is the address of a list.")
                    % {"slug": self.slug}
                }
            )
        if self.slug != self.operation.slug:
            raise ValidationError(
                {
                    "slug": _(
                        "Use the operation's slug “%(slug)s” so its address is stable."
                    )
                    % {"slug": self.operation.slug}
                }
            )
        twins = FieldOperationPage.objects.filter(
            operation_id=self.operation_id, locale_id=self.locale_id
        ).exclude(pk=self.pk)
        if twins.exists():
            raise ValidationError(
                {
                    "operation": _(
                        "This operation already has a profile in this language."
                    )
                }
            )
