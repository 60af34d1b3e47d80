"""The review workflow of vacancies: a vacancy submitted for review is approved
(and published) or sent back by a member of the “HR approvers” group."""

from django.db import migrations

WORKFLOW = "Vacancy review"
TASK = "HR approval"
GROUP = "HR approvers"
# What an approver needs: the admin, and to see, edit and publish vacancies.
PERMISSIONS = [
    ("view_vacancy", "Can view vacancy"),
    ("change_vacancy", "Can change vacancy"),
    ("publish_vacancy", "Can publish vacancy"),
    ("lock_vacancy", "Can lock vacancy"),
    ("unlock_vacancy", "Can unlock vacancy"),
]


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    vacancy_type, _ = ContentType.objects.get_or_create(
        app_label="recruitment", model="vacancy"
    )
    if WorkflowContentType.objects.filter(content_type=vacancy_type).exists():
        return  # an editor has already chosen the vacancies' workflow
    admin_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )

    group, _ = Group.objects.get_or_create(name=GROUP)
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group.permissions.add(access_admin)
    for codename, name in PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=vacancy_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)

    task = GroupApprovalTask.objects.create(
        name=TASK, content_type=task_type, active=True
    )
    task.groups.set([group])
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.create(workflow=workflow, content_type=vacancy_type)


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Group = apps.get_model("auth", "Group")
    Workflow.objects.filter(name=WORKFLOW).delete()
    GroupApprovalTask.objects.filter(name=TASK).delete()
    Group.objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
