"""Who may edit which field operation's records: the organisation's administrators,
and for each field operation its editors, HR officers, finance officers and
approvers, each a Django group linked to the operation by an OperationRole.

The functions that make the groups take an app registry (`apps`), so that the data
migrations and the services share one definition of what each role may do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The group of the organisation's administrators: every operation, and the
# administrators whom two-factor authentication is required of.
ORGANISATION_ADMINS = "Organisation administrators"


class Role(models.TextChoices):
    EDITOR = "editor", _("editors")
    HR_OFFICER = "hr-officer", _("HR officers")
    FINANCE_OFFICER = "finance-officer", _("finance officers")
    APPROVER = "approver", _("approvers")


# Record models by role; Person, Place and Document are shared by every operation.
PROFILE_MODELS = (
    ("operations", "operationname"),
    ("operations", "operationchange"),
    ("operations", "office"),
    ("operations", "mandate"),
    ("operations", "post"),
    ("operations", "appointment"),
    ("operations", "person"),
    ("operations", "place"),
    ("documents", "document"),
)
VACANCY_MODELS = (("recruitment", "vacancy"),)
FIGURE_MODELS = (
    ("operations", "staffingsnapshot"),
    ("operations", "financialfigure"),
)
# Lineage has no drafts and no review: its editors save it as it is.
LINEAGE_MODELS = (("operations", "succession"),)
RECORD_MODELS = (
    (("operations", "fieldoperation"),)
    + PROFILE_MODELS
    + VACANCY_MODELS
    + FIGURE_MODELS
)

# Editing never includes "publish": where a workflow applies, the way to live is
# to submit for review, which the operation's approvers (or the organisation's
# administrators) approve.
EDITING = ("add", "change", "delete", "view", "lock", "unlock")
APPROVING = ("change", "view", "publish", "lock", "unlock")

ROLE_MODELS = {
    Role.EDITOR: (PROFILE_MODELS + LINEAGE_MODELS, EDITING),
    Role.HR_OFFICER: (VACANCY_MODELS, EDITING),
    Role.FINANCE_OFFICER: (FIGURE_MODELS, EDITING),
    Role.APPROVER: (PROFILE_MODELS + VACANCY_MODELS + FIGURE_MODELS, APPROVING),
}
# Permissions on the operation's profile page (FieldOperationPage).
ROLE_PAGE_PERMISSIONS = {
    Role.EDITOR: ("add", "change", "lock", "unlock"),
    Role.APPROVER: ("change", "publish", "lock", "unlock"),
}
# Editors may add and choose images (portraits) and files (documents).
ROLE_COLLECTION_PERMISSIONS = {
    Role.EDITOR: (
        ("wagtailimages", "image", ("add", "choose")),
        ("wagtaildocs", "document", ("add", "choose")),
    ),
}
ADMIN_PAGE_PERMISSIONS = (
    "add",
    "change",
    "publish",
    "bypass_workflow",
    "lock",
    "unlock",
)
ADMIN_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "delete", "choose")),
    ("wagtaildocs", "document", ("add", "change", "delete", "choose")),
)
ADMIN_ACTIONS = ("add", "change", "delete", "view", "publish", "lock", "unlock")


def group_name(slug: str, role: str) -> str:
    """The name of an operation's group, such as “astana: editors”."""
    return f"{slug}: {Role(role).label}"


def _permission(apps, app_label: str, model: str, action: str):
    """The permission, made if missing (inside migrations, Django makes the
    permissions of new models only after every migration has run)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    try:
        name = apps.get_model(app_label, model)._meta.verbose_name_raw
    except LookupError:
        name = model
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {name}"[:255]},
    )
    return permission


def _access_admin(apps):
    return _permission(apps, "wagtailadmin", "admin", "access")


def _grant_collection_permissions(apps, group, rules) -> None:
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for app_label, model, actions in rules:
        for action in actions:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=_permission(apps, app_label, model, action),
            )


def _grant_page_permissions(apps, group, page, actions) -> None:
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for action in actions:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=page.pk,
            permission=_permission(apps, "wagtailcore", "page", action),
        )


def ensure_organisation_admins(apps):
    """The organisation administrators' group, with every permission on the
    records, the lineage and the claims of sources (whose preferred one they
    choose), the pages, images and files, and access to the admin."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    group, _created = Group.objects.get_or_create(name=ORGANISATION_ADMINS)
    permissions = [_access_admin(apps)]
    for app_label, model in (
        *RECORD_MODELS,
        ("recruitment", "fieldofexpertise"),
        *LINEAGE_MODELS,
        ("documents", "claim"),
    ):
        actions = ADMIN_ACTIONS if (app_label, model) in RECORD_MODELS else EDITING[:4]
        permissions += [_permission(apps, app_label, model, a) for a in actions]
    group.permissions.add(*permissions)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        _grant_page_permissions(apps, group, root, ADMIN_PAGE_PERMISSIONS)
    _grant_collection_permissions(apps, group, ADMIN_COLLECTION_PERMISSIONS)
    return group


def ensure_operation_groups(apps, operation) -> dict[str, object]:
    """The four role groups of `operation` (made if missing) with their permissions,
    and their rights on the operation's profile pages; by role."""
    Group = apps.get_model("auth", "Group")
    OperationRole = apps.get_model("operations", "OperationRole")
    FieldOperationPage = apps.get_model("operations", "FieldOperationPage")
    access_admin = _access_admin(apps)
    pages = list(FieldOperationPage.objects.filter(operation_id=operation.pk))
    groups = {}
    for role in Role:
        link = (
            OperationRole.objects.select_related("group")
            .filter(operation_id=operation.pk, role=role)
            .first()
        )
        if link is None:
            group, _created = Group.objects.get_or_create(
                name=group_name(operation.slug, role)
            )
            OperationRole.objects.create(
                group=group, operation_id=operation.pk, role=role
            )
        else:
            group = link.group
        record_models, actions = ROLE_MODELS[role]
        group.permissions.add(
            access_admin,
            *(
                _permission(apps, app_label, model, action)
                for app_label, model in record_models
                for action in actions
            ),
        )
        for page in pages:
            _grant_page_permissions(
                apps, group, page, ROLE_PAGE_PERMISSIONS.get(role, ())
            )
        _grant_collection_permissions(
            apps, group, ROLE_COLLECTION_PERMISSIONS.get(role, ())
        )
        groups[role] = group
    return groups
