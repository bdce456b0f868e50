"""The audit trail of staff accounts: who changed what, and a login is no change."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from staff.groups import SCRUTINY_OFFICERS

pytestmark = pytest.mark.django_db


def test_changes_to_staff_accounts_are_recorded_with_who_made_them(admin_client, staff_user):
    group = Group.objects.get(name=SCRUTINY_OFFICERS)
    response = admin_client.post(
        reverse("admin:auth_user_change", args=[staff_user.pk]),
        {
            "username": "officer",
            "is_active": "on",
            "is_staff": "on",
            "groups": [group.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302

    latest = staff_user.history.latest()
    assert latest.history_user.username == "admin"
    assert list(latest.groups.values_list("group__name", flat=True)) == [SCRUTINY_OFFICERS]
    history_page = admin_client.get(reverse("admin:auth_user_history", args=[staff_user.pk]))
    assert history_page.status_code == 200
    assert "admin" in history_page.text


def test_a_login_adds_nothing_to_the_account_history(client, staff_user):
    before = staff_user.history.count()

    client.post(reverse("admin:login"), {"username": "officer", "password": "a-long-test-password"})

    staff_user.refresh_from_db()
    assert staff_user.last_login is not None
    assert staff_user.history.count() == before


def test_the_history_keeps_the_tables_it_had_in_panel_site():
    history = User.history.model
    tables = connection.introspection.table_names()

    assert history._meta.app_label == "staff"
    for model in [history, *(field.remote_field.through for field in history._meta.many_to_many)]:
        assert model._meta.db_table in tables
    assert {m._meta.db_table for m in apps.get_app_config("staff").get_models()} == {
        "panel_site_historicaluser",
        "panel_site_historicaluser_groups",
        "panel_site_historicaluser_user_permissions",
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_keeps_the_history_of_its_accounts(staff_user):
    # Back to where every database stood before the staff app: the history in panel_site.
    executor = MigrationExecutor(connection)
    before_the_move = [("panel_site", "0008_search_models_moved"), ("staff", None)]
    executor.migrate(before_the_move)
    old_apps = executor.loader.project_state(before_the_move[0]).apps
    OldHistory = old_apps.get_model("panel_site", "HistoricalUser")
    OldHistory.objects.create(
        id=staff_user.pk,
        username="officer",
        is_staff=True,
        history_date=timezone.now(),
        history_type="~",
        history_change_reason="Made before the move",
    )
    assert ContentType.objects.filter(app_label="panel_site", model="historicaluser").exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    reasons = list(staff_user.history.values_list("history_change_reason", flat=True))
    assert "Made before the move" in reasons
    assert ContentType.objects.get_for_model(User.history.model).app_label == "staff"
    assert not ContentType.objects.filter(app_label="panel_site").exists()
    assert Group.objects.filter(name=SCRUTINY_OFFICERS).get().permissions.exists()
