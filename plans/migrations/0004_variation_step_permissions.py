from django.db import migrations

from staff.groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_plan_variation_step"),
    ]

    # Scrutiny officers record the variation process too.
    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
