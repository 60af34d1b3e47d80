"""The base of the admin viewsets for records, limited to each user's operations."""

import functools

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import URLPattern
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import RecordForm
from .permissions import VISIBLE, OperationPermissionPolicy

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

    def get_urlpatterns(self):
        # Every view of one record (edit, delete, history, revisions, workflow
        # actions...) first checks that the record exists (else 404) and is the
        # user's to see (else 403).
        return [
            self._scoped(pattern)
            if isinstance(pattern, URLPattern) and "pk" in pattern.pattern.converters
            else pattern
            for pattern in super().get_urlpatterns()
        ]

    def _scoped(self, pattern: URLPattern) -> URLPattern:
        view = pattern.callback
        actions = VIEW_ACTIONS.get(pattern.name, VISIBLE)

        @functools.wraps(view)
        def scoped_view(request, *args, **kwargs):
            allowed = self.permission_policy.instances_user_has_any_permission_for(
                request.user, actions
            )
            try:
                records = self.model._default_manager.filter(
                    pk=unquote(str(kwargs["pk"]))
                )
                exists = records.exists()
            except (ValueError, ValidationError):
                exists = False
            if not exists:
                raise Http404
            if not allowed.filter(pk__in=records.values("pk")).exists():
                # Answered here: raised, the admin would turn it into a redirect.
                return permission_denied(request, PermissionDenied())
            return view(request, *args, **kwargs)

        return URLPattern(
            pattern.pattern, scoped_view, pattern.default_args, pattern.name
        )
