from django.db import migrations

from staff.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_member_photo_action_log"),
    ]

    # Scrutiny officers keep the action log.
    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
