"""The base of the admin viewsets for records, limited to each user's operations."""

import functools

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import URLPattern
from django.utils.functional import cached_property, classproperty
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from django_filters.filters import QuerySetRequestMixin
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from fieldops.core.forms import RecordForm

from .policy import VISIBLE, OperationPermissionPolicy, limit_to_operations

# What a user must be allowed to do to a record to open each view of it; views
# not named here need any of VISIBLE.
VIEW_ACTIONS = {
    "edit": ("change",),
    "revisions_revert": ("change",),
    "preview_on_edit": ("change",),
    "delete": ("delete",),
    "unpublish": ("publish",),
    "revisions_unschedule": ("publish",),
}


class OperationScopedFormMixin:
    """Create and edit views that offer only the user's own operations and refuse
    to publish a record of an operation the user may not publish for."""

    scope_actions = ("change",)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        limit_operation_choices(
            form, self.permission_policy, self.request.user, self.scope_actions
        )
        return form

    def user_has_permission(self, permission):
        instance = getattr(self, "object", None)
        if permission == "publish" and instance is not None and instance.pk:
            return self.user_has_permission_for_instance(permission, instance)
        return super().user_has_permission(permission)

    def get_available_actions(self):
        actions = super().get_available_actions()
        if "publish" in actions and not self.user_has_permission("publish"):
            actions = [action for action in actions if action != "publish"]
        return actions

    def is_valid(self, form):
        valid = super().is_valid(form)
        if (
            valid
            and self.action == "publish"
            and not self.permission_policy.user_has_permission_for_instance(
                self.request.user, "publish", form.instance
            )
        ):
            form.add_error(
                None,
                _(
                    "You may not publish this field operation's records: submit "
                    "the change for review instead."
                ),
            )
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return valid


class RecordCreateView(OperationScopedFormMixin, snippet_views.CreateView):
    scope_actions = ("add",)


class RecordEditView(OperationScopedFormMixin, snippet_views.EditView):
    scope_actions = ("change",)


def limit_operation_choices(form, policy, user, actions) -> None:
    """Limit the form's field that names the operation (the first step of the
    policy's path) to the operations `user` may do `actions` for."""
    path = policy.operation_path
    if path in (None, "pk"):
        return
    name, _sep, rest = path.partition("__")
    field = form.fields.get(name)
    if field is None:
        return
    ids = policy.operations_for(user, actions)
    if ids is None:
        return
    lookup = f"{rest}__in" if rest else "pk__in"
    field.queryset = field.queryset.filter(**{lookup: ids})
    # A short list of the user's own choices, rather than a chooser of them all.
    field.widget = forms.Select(attrs=field.widget.attrs)
    field.widget.choices = field.choices


class RecordFilterSet(WagtailFilterSet):
    """A listing's filters, whose choices of records (an operation, a post...)
    are those of the operations whose records of the listed model the user sees."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        policy = self._meta.model.snippet_viewset.permission_policy
        ids = policy.operations_for(request.user, VISIBLE)
        for each in self.filters.values():
            if isinstance(each, QuerySetRequestMixin):
                each.queryset = limit_to_operations(each.get_queryset(request), ids)


class ChoosableMixin:
    """A chooser view that offers only the records the user may choose (see
    OperationPermissionPolicy.choosable)."""

    def choosable(self, queryset):
        policy = self.model_class.snippet_viewset.permission_policy
        return policy.choosable(queryset, self.request.user)

    def get_object_list(self):
        return self.choosable(super().get_object_list())

    def get_objects(self, pks):
        return self.choosable(super().get_objects(pks))


class ChooseView(ChoosableMixin, chooser_views.ChooseView):
    pass


class ChooseResultsView(ChoosableMixin, chooser_views.ChooseResultsView):
    pass


class ChosenMultipleView(ChoosableMixin, chooser_views.SnippetChosenMultipleView):
    pass


class RecordChooserViewSet(chooser_views.SnippetChooserViewSet):
    """The chooser of a record model; choosing one record by its id answers 403
    when it is not the user's to choose."""

    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_multiple_view_class = ChosenMultipleView

    def get_urlpatterns(self):
        return [
            guarded(pattern, self.model, self._choosable)
            if names_a_record(pattern)
            else pattern
            for pattern in super().get_urlpatterns()
        ]

    def _choosable(self, request):
        policy = self.model.snippet_viewset.permission_policy
        return policy.choosable(self.model._default_manager.all(), request.user)


def names_a_record(pattern) -> bool:
    """Whether the URL pattern names one record by a "pk" parameter."""
    return isinstance(pattern, URLPattern) and "pk" in pattern.pattern.regex.groupindex


def guarded(pattern: URLPattern, model, allowed) -> URLPattern:
    """`pattern`, whose view first checks that the record of `model` its "pk"
    names exists (else 404) and is among `allowed(request)`, a queryset (else
    403)."""
    view = pattern.callback

    @functools.wraps(view)
    def guarded_view(request, *args, **kwargs):
        try:
            records = model._default_manager.filter(pk=unquote(str(kwargs["pk"])))
            exists = records.exists()
        except (ValueError, ValidationError):
            exists = False
        if not exists:
            raise Http404
        if not allowed(request).filter(pk__in=records.values("pk")).exists():
            # Answered here: raised, the admin would turn it into a redirect.
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return URLPattern(pattern.pattern, guarded_view, pattern.default_args, pattern.name)


class RecordViewSet(SnippetViewSet):
    """A record's admin views, with drafts, revisions, locking and review (from the
    model), limited to the operations of the user's roles.

    `operation_path` leads from a record to its field operation ("operation",
    "post__operation"); None marks a record shared by every operation. `panels`
    are built on `base_form_class`; the listing loads the `related` and
    `prefetched` rows it shows in a fixed number of queries.
    """

    base_form_class = RecordForm
    add_view_class = RecordCreateView
    edit_view_class = RecordEditView
    chooser_viewset_class = RecordChooserViewSet
    operation_path: str | None = "operation"
    related: tuple[str, ...] = ()
    prefetched: tuple[str, ...] = ()

    @cached_property
    def permission_policy(self):
        return OperationPermissionPolicy(self.model, self.operation_path)

    def get_edit_handler(self):
        return ObjectList(
            self.panels, base_form_class=self.base_form_class
        ).bind_to_model(self.model)

    def get_queryset(self, request):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                request.user, VISIBLE
            )
            .select_related(*self.related)
            .prefetch_related(*self.prefetched)
        )

    @property
    def url_finder_class(self):
        # Links to a record (from the site history, a shared record's usage...)
        # only for those who may change it; others see it as private.
        return type(
            "RecordAdminURLFinder",
            (ModelAdminURLFinder,),
            {
                "permission_policy": self.permission_policy,
                "edit_url_name": self.get_url_name("edit"),
            },
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            base_filterset_class=RecordFilterSet, **kwargs
        )

    def get_urlpatterns(self):
        # Every view of one record (edit, delete, history, revisions and their
        # comparison, workflow actions...) first checks that the record exists
        # (else 404) and is the user's to see (else 403).
        return [
            guarded(pattern, self.model, self._allowed(pattern.name))
            if names_a_record(pattern)
            else pattern
            for pattern in super().get_urlpatterns()
        ]

    def _allowed(self, view_name):
        actions = VIEW_ACTIONS.get(view_name, VISIBLE)
        return lambda request: (
            self.permission_policy.instances_user_has_any_permission_for(
                request.user, actions
            )
        )


class RecordDeleteBulkAction(DeleteBulkAction):
    """Wagtail's deletion of selected snippets, for the records: each is checked
    like the record's own delete view, and naming a record the user may not see
    answers 403 rather than listing it."""

    @classproperty
    def models(cls):
        return [
            model
            for model in get_snippet_models()
            if isinstance(model.snippet_viewset, RecordViewSet)
        ]

    @cached_property
    def policy(self):
        return self.model.snippet_viewset.permission_policy

    def dispatch(self, request, *args, **kwargs):
        ids = [pk for pk in request.GET.getlist("id") if pk != "all"]
        visible = self.policy.visible_instances(request.user)
        try:
            hidden = self.model._default_manager.filter(pk__in=ids).exclude(
                pk__in=visible.values("pk")
            )
            refused = hidden.exists()
        except (ValueError, ValidationError):
            raise Http404 from None
        if refused:
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_all_objects_in_listing_query(self, parent_id):
        visible = self.policy.visible_instances(self.request.user)
        return visible.values_list("pk", flat=True)

    def check_perm(self, snippet):
        return self.policy.user_has_permission_for_instance(
            self.request.user, "delete", snippet
        )
