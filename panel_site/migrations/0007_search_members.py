from django.db import migrations, models

# Members are a kind of entry of their own. A site that already has members finds them once
# `manage.py rebuild_search_index` has run (load_demo runs it, and saving a member indexes them).
KIND = "member"


def add_kind_index(apps, schema_editor):
    # As migration 0005 does for the other kinds: each kind is counted through its own GIN index.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX panel_site_search_vector_{KIND} ON panel_site_searchentry "
            f"USING gin (search_vector) WHERE kind = '{KIND}'"
        )


def drop_kind_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS panel_site_search_vector_{KIND}")


class Migration(migrations.Migration):
    dependencies = [
        ("panel_site", "0006_search_words"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("meeting", "Meeting"),
                    ("agenda_item", "Agenda item"),
                    ("paper", "Paper"),
                    ("minute", "Minutes"),
                    ("action", "Action log"),
                    ("priority", "Plan priority"),
                    ("outcome", "Plan outcome"),
                    ("commitment", "Plan commitment"),
                    ("question", "Public question"),
                    ("member", "Member"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(add_kind_index, drop_kind_index),
    ]
