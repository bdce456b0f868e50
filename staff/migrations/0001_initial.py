import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The history of staff accounts was made in panel_site (its migration 0001) and moved here with
# its tables as they are: this migration only tells Django's state that the models belong to this
# app now, and panel_site's 0009 that they no longer belong there. The database keeps the tables,
# their rows and their names (panel_site_historicaluser and the two tables of its groups and
# permissions), as the search index did when it moved (search's 0001).

MOVED = ["historicaluser", "historicaluser_groups", "historicaluser_user_permissions"]


def move_content_types(apps, schema_editor):
    # The models' content types, and so the permissions that point at them, follow the models
    # rather than being left behind under panel_site while new ones are made for this app. A
    # database made from scratch has none yet: Django makes them after the migrations.
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label="staff", model=model).exists():
            types.filter(app_label="panel_site", model=model).update(app_label="staff")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label="panel_site", model=model).exists():
            types.filter(app_label="staff", model=model).update(app_label="panel_site")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The tables as panel_site made them.
        ("panel_site", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalUser",
                    fields=[
                        ("id", models.IntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("is_superuser", models.BooleanField(default=False, help_text="Designates that this user has all permissions without explicitly assigning them.", verbose_name="superuser status")),
                        ("username", models.CharField(db_index=True, error_messages={"unique": "A user with that username already exists."}, help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.", max_length=150, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name="username")),
                        ("first_name", models.CharField(blank=True, max_length=150, verbose_name="first name")),
                        ("last_name", models.CharField(blank=True, max_length=150, verbose_name="last name")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="email address")),
                        ("is_staff", models.BooleanField(default=False, help_text="Designates whether the user can log into this admin site.", verbose_name="staff status")),
                        ("is_active", models.BooleanField(default=True, help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.", verbose_name="active")),
                        ("date_joined", models.DateTimeField(default=django.utils.timezone.now, verbose_name="date joined")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                        ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "historical user",
                        "verbose_name_plural": "historical users",
                        "db_table": "panel_site_historicaluser",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalUser_groups",
                    fields=[
                        ("id", models.IntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("group", models.ForeignKey(blank=True, db_constraint=False, db_tablespace="", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="auth.group")),
                        ("history", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="staff.historicaluser")),
                        ("user", models.ForeignKey(blank=True, db_constraint=False, db_tablespace="", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "HistoricalUser_groups",
                        "db_table": "panel_site_historicaluser_groups",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalUser_user_permissions",
                    fields=[
                        ("id", models.IntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="staff.historicaluser")),
                        ("permission", models.ForeignKey(blank=True, db_constraint=False, db_tablespace="", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="auth.permission")),
                        ("user", models.ForeignKey(blank=True, db_constraint=False, db_tablespace="", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "HistoricalUser_user_permissions",
                        "db_table": "panel_site_historicaluser_user_permissions",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            # Nothing to do in the database: the tables are there already.
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
