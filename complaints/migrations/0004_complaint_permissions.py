from django.db import migrations

from staff.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_complaints"),
        ("meetings", "0005_member_photo_size"),
        ("plans", "0004_variation_step_permissions"),
    ]

    # Complaints officers handle complaints; give them its permissions now that it exists.
    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
