from django.db import migrations

from panel_site.staff_groups import sync_staff_groups


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Scrutiny officers", "Complaints officers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("panel_site", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, remove_groups)]
