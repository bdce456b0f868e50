from django.db import migrations


class Migration(migrations.Migration):
    # The search index's models now belong to the search app (see its 0001_initial, which takes
    # them over first). Their tables and rows stay: only Django's state forgets them here.
    dependencies = [
        ("panel_site", "0007_search_members"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SearchEntry"),
                migrations.DeleteModel(name="SearchWord"),
            ],
            database_operations=[],
        ),
    ]
