from django.db import migrations


class Migration(migrations.Migration):
    # This step made the staff groups; the staff app makes them now (its 0002_staff_groups). It
    # stays, with nothing to do, because the first data migrations of plans and meetings name it
    # as a dependency, and every existing database has it recorded as applied.
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("panel_site", "0001_initial"),
    ]

    operations = []
