from django.db import migrations

from staff.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("changes", "0003_change_context"),
    ]

    # Scrutiny officers see the counts and keep the webhooks: give them the permissions now
    # that the models exist.
    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
