from django.core.management.commands.createcachetable import Command
from django.db import migrations

# The database cache table the public's throttle uses when there is no Redis
# (planner/settings/base.py THROTTLE_CACHE). 0002 created it only when the
# database was migrated without DJANGO_CACHE_URL; a database migrated with Redis
# and later served without it answered 500 to every suggestion. Created here
# whatever the caches are (nothing happens when it exists).
TABLE = "planner_throttle"


def create_table(apps, schema_editor):
    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("consultation", "0003_sorting_answers_feedback")]

    operations = [migrations.RunPython(create_table, migrations.RunPython.noop)]
