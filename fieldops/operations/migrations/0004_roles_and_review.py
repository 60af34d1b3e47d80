"""The groups of the organisation administrators and of each field operation, and
the review of every record before it is live.

Facts go through “Record review”, approved by the approvers of the record's field
operation or by the organisation administrators. Vacancies keep their “Vacancy
review” workflow, whose step now lets the operation's approvers approve their own
vacancies, and the “HR approvers” group (central HR) approve those of every
operation. The profile pages under the field operations index get the record
review too.
"""

from django.db import migrations

from fieldops.operations.access import roles

RECORD_WORKFLOW = "Record review"
RECORD_TASK = "Approval by the field operation"
VACANCY_WORKFLOW = "Vacancy review"
OLD_VACANCY_TASK = "HR approval"
VACANCY_TASK = "HR approval by the field operation"
HR_APPROVERS = "HR approvers"


def _task(apps, name, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OperationApprovalTask = apps.get_model("operations", "OperationApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="operations", model="operationapprovaltask"
    )
    task = OperationApprovalTask.objects.create(
        name=name, content_type=task_type, active=True
    )
    task.groups.set(groups)
    return task


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    FieldOperation = apps.get_model("operations", "FieldOperation")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    IndexPage = apps.get_model("operations", "FieldOperationIndexPage")

    admins = roles.ensure_organisation_admins(apps)
    for operation in FieldOperation.objects.all():
        roles.ensure_operation_groups(apps, operation)

    workflow = Workflow.objects.create(name=RECORD_WORKFLOW, active=True)
    task = _task(apps, RECORD_TASK, [admins])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for app_label, model in roles.RECORD_MODELS:
        if model == "vacancy":
            continue
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    for index in IndexPage.objects.all():
        if not WorkflowPage.objects.filter(page_id=index.pk).exists():
            WorkflowPage.objects.create(page_id=index.pk, workflow=workflow)

    # The vacancies' step: swapped only while no vacancy is in review at the old
    # one, so that a review under way is never left without its step.
    old = Task.objects.filter(
        name=OLD_VACANCY_TASK, workflow_tasks__workflow__name=VACANCY_WORKFLOW
    ).first()
    if old is None or TaskState.objects.filter(task=old, status="in_progress").exists():
        return
    hr_approvers = list(Group.objects.filter(name=HR_APPROVERS))
    new = _task(apps, VACANCY_TASK, [*hr_approvers, admins])
    WorkflowTask.objects.filter(task=old).update(task=new)
    old.active = False
    old.save(update_fields=["active"])


def remove(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    OperationApprovalTask = apps.get_model("operations", "OperationApprovalTask")
    OperationRole = apps.get_model("operations", "OperationRole")

    old = Task.objects.filter(name=OLD_VACANCY_TASK, active=False).first()
    new = OperationApprovalTask.objects.filter(name=VACANCY_TASK).first()
    if old is not None and new is not None:
        WorkflowTask.objects.filter(task_id=new.pk).update(task=old)
        old.active = True
        old.save(update_fields=["active"])
    Workflow.objects.filter(name=RECORD_WORKFLOW).delete()
    OperationApprovalTask.objects.filter(name__in=[RECORD_TASK, VACANCY_TASK]).delete()
    Group.objects.filter(
        pk__in=OperationRole.objects.values_list("group_id", flat=True)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0003_roles_and_approval_task"),
        ("recruitment", "0003_fields_of_expertise"),
        ("documents", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create, remove)]
