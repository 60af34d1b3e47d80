"""The base of the admin viewsets for records."""

from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import RecordForm


class RecordViewSet(SnippetViewSet):
    """A record's admin views, with drafts, revisions and locking (from the model).

    `panels` are built on `base_form_class`; the listing loads the `related` and
    `prefetched` rows it shows in a fixed number of queries.
    """

    base_form_class = RecordForm
    related: tuple[str, ...] = ()
    prefetched: tuple[str, ...] = ()

    def get_edit_handler(self):
        return ObjectList(
            self.panels, base_form_class=self.base_form_class
        ).bind_to_model(self.model)

    def get_queryset(self, request):
        return (
            self.model._default_manager.select_related(*self.related)
            .prefetch_related(*self.prefetched)
            .all()
        )
