from django.db import migrations

from staff.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0002_staff_groups"),
        ("changes", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        # After the staff accounts' history has left panel_site, or its permissions would be
        # made again under panel_site.
        ("panel_site", "0009_staff_models_moved"),
    ]

    # Scrutiny officers read the change log and the jobs: give them the permissions now that
    # the models exist.
    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
