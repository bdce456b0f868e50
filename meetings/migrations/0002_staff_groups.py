from django.db import migrations

from staff.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("panel_site", "0002_staff_groups"),
        ("meetings", "0001_initial"),
    ]

    # Scrutiny officers publish meetings; give them its permissions now that its models exist.
    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
