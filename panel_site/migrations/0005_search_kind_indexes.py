from django.db import migrations

# The kinds of SearchEntry when this was written; a kind added later works without its own
# index, only slower to count.
KINDS = [
    "meeting",
    "agenda_item",
    "paper",
    "minute",
    "action",
    "question",
    "priority",
    "outcome",
    "commitment",
]


def add_kind_indexes(apps, schema_editor):
    # A search counts its matches of each kind (search._counts). Through the one GIN index each
    # count read every match of every kind: nine times the work, 0.3-1 s for a broad search at
    # the benchmark's size. A GIN index per kind lets each count read its own kind's only.
    if schema_editor.connection.vendor == "postgresql":
        for kind in KINDS:
            schema_editor.execute(
                f"CREATE INDEX panel_site_search_vector_{kind} ON panel_site_searchentry "
                f"USING gin (search_vector) WHERE kind = '{kind}'"
            )


def drop_kind_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for kind in KINDS:
            schema_editor.execute(f"DROP INDEX IF EXISTS panel_site_search_vector_{kind}")


class Migration(migrations.Migration):
    dependencies = [
        ("panel_site", "0004_search_speed"),
    ]

    operations = [
        migrations.RunPython(add_kind_indexes, drop_kind_indexes),
    ]
