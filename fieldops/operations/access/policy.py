"""Which field operation a record belongs to, and what a user may do to it.

A permission held through an operation's role group (see roles) holds for that
operation's records only; one held through any other group (the organisation
administrators) or given to the user directly holds for every operation. Records
shared by every operation (documents, people, places) have no operation: a
permission held for any operation holds for them.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

# What makes a record visible (listed, opened) to a user in the admin.
VISIBLE = ("change", "delete", "view", "publish")

# The scope of a record whose approval is open to any operation's approvers.
SHARED = "shared"

_CACHE = "_fieldops_operation_scopes"


def permission_scopes(user) -> dict[str, set[int] | None]:
    """Each permission (“app_label.codename”) of `user`, with the ids of the
    operations it holds for, or None when it holds for every operation."""
    scopes = getattr(user, _CACHE, None)
    if scopes is not None:
        return scopes
    scopes = {}
    if user.is_active and user.is_authenticated:
        rows = Permission.objects.filter(group__user=user).values_list(
            "content_type__app_label",
            "codename",
            "group__operation_role__operation_id",
        )
        for app_label, codename, operation_id in rows:
            key = f"{app_label}.{codename}"
            if operation_id is None:
                scopes[key] = None
            elif key not in scopes or scopes[key] is not None:
                scopes.setdefault(key, set()).add(operation_id)
        direct = Permission.objects.filter(user=user).values_list(
            "content_type__app_label", "codename"
        )
        for app_label, codename in direct:
            scopes[f"{app_label}.{codename}"] = None
    setattr(user, _CACHE, scopes)
    return scopes


def operation_id_of(instance, path: str | None):
    """The id of the operation `instance` belongs to by `path` (such as
    "post__operation"), None when it has none (yet)."""
    if path is None:
        return None
    if path == "pk":
        return instance.pk
    *hops, last = path.split("__")
    for hop in hops:
        instance = getattr(instance, hop, None)
        if instance is None:
            return None
    return getattr(instance, f"{last}_id", None)


def operation_path_of(model) -> str | None:
    """The operation path declared by the model's admin viewset."""
    viewset = getattr(model, "snippet_viewset", None)
    return getattr(viewset, "operation_path", None)


def operation_models() -> list:
    """The models whose records each belong to one operation (the operations
    themselves included), by their admin viewsets."""
    return [model for model in apps.get_models() if operation_path_of(model)]


def limit_to_operations(queryset, ids: set[int] | None):
    """`queryset` limited to the records of the operations `ids` (None: every
    operation); a queryset of records shared by every operation, or of a model
    that is no record, is returned unchanged."""
    path = operation_path_of(queryset.model)
    if ids is None or path is None:
        return queryset
    return queryset.filter(**{f"{path}__in": ids})


def without_hidden_records(queryset, user, prefix: str = ""):
    """`queryset` of rows that name an object by content type and object id (log
    entries, workflow states; after `prefix`, such as "workflow_state__"),
    without those naming a record `user` may not see: another operation's, or a
    deleted one (whose operation is unknown)."""
    for model in operation_models():
        policy = model.snippet_viewset.permission_policy
        if policy.operations_for(user, VISIBLE) is None:
            continue
        visible = policy.visible_instances(user)
        # object_id is text: compare with the ids as text (PostgreSQL casts none).
        ids = visible.values_list(Cast("pk", output_field=CharField()), flat=True)
        queryset = queryset.exclude(
            Q(**{f"{prefix}content_type": ContentType.objects.get_for_model(model)})
            & ~Q(**{f"{prefix}object_id__in": ids})
        )
    return queryset


def scope_of(obj):
    """Whose approvers may approve `obj`: an operation's id, SHARED (any
    operation's), or None (the organisation administrators only)."""
    if isinstance(obj, Page):
        operation_id = getattr(obj.specific_deferred, "operation_id", None)
        return operation_id
    viewset = getattr(type(obj), "snippet_viewset", None)
    if viewset is None or not hasattr(viewset, "operation_path"):
        return None
    if viewset.operation_path is None:
        return SHARED
    return operation_id_of(obj, viewset.operation_path)


class OperationPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, each limited to the operations it is held for.

    `operation_path` leads from a record to its operation ("operation",
    "post__operation", "pk" for the operation itself); None marks a record shared
    by every operation.
    """

    def __init__(self, model, operation_path: str | None = None):
        super().__init__(model)
        self.operation_path = operation_path

    def operations_for(self, user, actions) -> set[int] | None:
        """The ids of the operations `user` may do any of `actions` for; None:
        every operation."""
        if not (user.is_active and user.is_authenticated):
            return set()
        if user.is_superuser:
            return None
        scopes = permission_scopes(user)
        ids: set[int] = set()
        for action in actions:
            key = self._get_permission_name(action)
            if key not in scopes:
                continue
            if scopes[key] is None:
                return None
            ids |= scopes[key]
        return ids

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, [action])

    def user_has_any_permission(self, user, actions):
        ids = self.operations_for(user, actions)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        ids = self.operations_for(user, actions)
        if ids is None:
            return True
        if not ids:
            return False
        if self.operation_path is None:
            return True
        return operation_id_of(instance, self.operation_path) in ids

    def visible_instances(self, user):
        """The records `user` may see in the admin: a listing's, a report's."""
        return self.instances_user_has_any_permission_for(user, VISIBLE)

    def choosable(self, queryset, user):
        """`queryset` of the model, limited to what a chooser offers `user`: every
        shared record (any role may refer to a document, a person or a place),
        else the records of the operations where `user` sees the model's."""
        if self.operation_path is None:
            return queryset
        return limit_to_operations(queryset, self.operations_for(user, VISIBLE))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def instances_user_has_any_permission_for(self, user, actions):
        instances = self.model._default_manager.all()
        ids = self.operations_for(user, actions)
        if ids is None:
            return instances
        if not ids:
            return instances.none()
        if self.operation_path is None:
            return instances
        return instances.filter(**{f"{self.operation_path}__in": ids})
