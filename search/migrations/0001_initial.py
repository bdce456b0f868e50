import django.contrib.postgres.search
from django.db import migrations, models

# The search index's models were made in panel_site (its migrations 0003 to 0007) and moved here
# with their tables as they are: this migration only tells Django's state that they belong to
# this app now, and panel_site's 0008 that they no longer belong there. The database keeps the
# tables, their rows and every index under the names it had, including the GIN indexes that
# panel_site's migrations made in SQL on PostgreSQL. A later kind of entry adds its GIN index
# here, on the same table (see panel_site's 0007).

MOVED = ["searchentry", "searchword"]


def move_content_types(apps, schema_editor):
    # The models' content types, and so the permissions that point at them, follow the models
    # rather than being left behind under panel_site while new ones are made for this app. A
    # database made from scratch has none yet: Django makes them after the migrations.
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label="search", model=model).exists():
            types.filter(app_label="panel_site", model=model).update(app_label="search")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label="panel_site", model=model).exists():
            types.filter(app_label="search", model=model).update(app_label="panel_site")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables as panel_site's last search migration left them.
        ("panel_site", "0007_search_members"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("meeting", "Meeting"), ("agenda_item", "Agenda item"), ("paper", "Paper"), ("minute", "Minutes"), ("action", "Action log"), ("priority", "Plan priority"), ("outcome", "Plan outcome"), ("commitment", "Plan commitment"), ("question", "Public question"), ("member", "Member")], max_length=20)),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("title", models.CharField(max_length=300)),
                        ("summary", models.TextField(blank=True)),
                        ("body", models.TextField(blank=True)),
                        ("url", models.CharField(max_length=500)),
                        ("committee", models.CharField(blank=True, max_length=200)),
                        ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("date", models.DateField(blank=True, null=True)),
                        ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                    ],
                    options={
                        "verbose_name_plural": "search entries",
                        "db_table": "panel_site_searchentry",
                        "ordering": ["-date", "pk"],
                        "indexes": [
                            models.Index(fields=["year"], name="panel_site__year_8ec1dc_idx"),
                            models.Index(fields=["committee"], name="panel_site__committ_a74111_idx"),
                            models.Index(fields=["date", "id"], name="panel_site_search_date"),
                        ],
                        "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="panel_site_search_one")],
                    },
                ),
                migrations.CreateModel(
                    name="SearchWord",
                    fields=[
                        ("word", models.TextField(primary_key=True, serialize=False)),
                    ],
                    options={
                        "db_table": "panel_site_searchword",
                        "indexes": [models.Index(fields=["word"], name="panel_site_searchword_prefix", opclasses=["text_pattern_ops"])],
                    },
                ),
            ],
            # Nothing to do in the database: the tables are there already.
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
