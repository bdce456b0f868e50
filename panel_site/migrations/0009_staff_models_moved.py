from django.db import migrations


class Migration(migrations.Migration):
    # The history of staff accounts now belongs to the staff app (see its 0001_initial, which
    # takes it over first). Its tables and rows stay: only Django's state forgets them here.
    dependencies = [
        ("panel_site", "0008_search_models_moved"),
        ("staff", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalUser_groups"),
                migrations.DeleteModel(name="HistoricalUser_user_permissions"),
                migrations.DeleteModel(name="HistoricalUser"),
            ],
            database_operations=[],
        ),
    ]
