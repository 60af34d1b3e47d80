"""The operations' editors and approvers get their rights on the recorded changes
(which go through the record review like the other facts) and the editors on
the lineage; the organisation administrators on both and on the claims."""

from django.db import migrations

from fieldops.operations.access import roles

RECORD_WORKFLOW = "Record review"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    FieldOperation = apps.get_model("operations", "FieldOperation")
    roles.ensure_organisation_admins(apps)
    for operation in FieldOperation.objects.all():
        roles.ensure_operation_groups(apps, operation)
    workflow = Workflow.objects.filter(name=RECORD_WORKFLOW).first()
    if workflow is None:
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="operations", model="operationchange"
    )
    WorkflowContentType.objects.get_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )


class Migration(migrations.Migration):
    dependencies = [("operations", "0007_long_source_links")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
