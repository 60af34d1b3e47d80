"""Views that replace those of Wagtail's admin (and wagtail-localize's) which list
every operation's records and offer no hook to limit them (see admin_urls)."""

from wagtail.admin.views.reports import workflows
from wagtail_localize.views import snippets_api

from .policy import without_hidden_records
from .viewsets import RecordViewSet


class WorkflowView(workflows.WorkflowView):
    """The workflow report, without other operations' records."""

    def get_queryset(self):
        return without_hidden_records(super().get_queryset(), self.request.user)


class WorkflowTasksView(workflows.WorkflowTasksView):
    """The workflow tasks report, without other operations' records."""

    def get_queryset(self):
        return without_hidden_records(
            super().get_queryset(), self.request.user, prefix="workflow_state__"
        )


class SnippetsApiViewSet(snippets_api.SnippetViewSet):
    """wagtail-localize's list of snippets for its choosers, offering records as
    the records' own choosers do."""

    def get_queryset(self):
        queryset = super().get_queryset()
        viewset = getattr(queryset.model, "snippet_viewset", None)
        if isinstance(viewset, RecordViewSet):
            return viewset.permission_policy.choosable(queryset, self.request.user)
        return queryset
