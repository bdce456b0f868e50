from django.db import migrations

from staff.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("meetings", "0004_action_log_permissions"),
    ]

    # Scrutiny officers moderate public questions; give them its permissions now that it exists.
    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
