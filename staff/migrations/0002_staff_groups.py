from django.db import migrations

from staff.groups import STAFF_GROUPS, sync_staff_groups


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=STAFF_GROUPS).delete()


class Migration(migrations.Migration):
    # The staff groups, made by panel_site's 0002 before this app took them over. Each app's own
    # data migrations call sync_staff_groups again when its models land; on a database that has
    # the groups already this changes nothing.
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("staff", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, remove_groups)]
