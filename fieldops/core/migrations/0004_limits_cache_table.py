"""The table of the limits' database cache (fieldops.core.cache), made here so that
`migrate` is the only step an installation needs."""

from django.core.management.commands.createcachetable import Command
from django.db import migrations

TABLE = "fieldops_limits_cache"


def create_table(apps, schema_editor):
    command = Command()
    command.verbosity = 0
    # Django's own table layout for a cache table; nothing when it exists already.
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(
        f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}"
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_record_log_entry_to_operations")]

    operations = [migrations.RunPython(create_table, drop_table)]
