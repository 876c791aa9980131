from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The throttle's table (planner/settings/base.py THROTTLE_CACHE) wherever the
    # database is migrated; nothing is created when the caches are in Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
