"""The staff groups: each holds exactly what the apps list for it, and nothing beyond its work."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured

from staff.groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS, sync_staff_groups

pytestmark = pytest.mark.django_db


def test_staff_groups_exist_and_grant_nothing_beyond_their_work():
    scrutiny = Group.objects.get(name=SCRUTINY_OFFICERS)
    complaints = Group.objects.get(name=COMPLAINTS_OFFICERS)

    # Neither group may manage staff accounts or groups, and scrutiny officers never see complaints:
    # in the complaints app they moderate the public's questions and read the emails about them.
    for group in (scrutiny, complaints):
        assert not group.permissions.filter(content_type__app_label="auth").exists()
    assert set(
        scrutiny.permissions.filter(content_type__app_label="complaints").values_list(
            "content_type__model", flat=True
        )
    ) == {"question", "outgoingemail"}
    assert not complaints.permissions.exclude(content_type__app_label="complaints").exists()


def test_sync_staff_groups_gives_each_group_exactly_what_the_apps_list(monkeypatch):
    for app_config in apps.get_app_configs():
        if hasattr(app_config, "staff_permissions"):
            monkeypatch.setattr(app_config, "staff_permissions", {})
    monkeypatch.setattr(
        apps.get_app_config("staff"),
        "staff_permissions",
        {SCRUTINY_OFFICERS: ["staff.view_historicaluser"]},
        raising=False,
    )
    Group.objects.get(name=SCRUTINY_OFFICERS).permissions.add(
        Permission.objects.get(codename="delete_user")
    )

    sync_staff_groups(apps)

    codenames = set(
        Group.objects.get(name=SCRUTINY_OFFICERS).permissions.values_list("codename", flat=True)
    )
    assert codenames == {"view_historicaluser"}
    assert not Group.objects.get(name=COMPLAINTS_OFFICERS).permissions.exists()


def test_each_app_lists_only_permissions_of_its_own_models_that_exist():
    listed = 0
    for app_config in apps.get_app_configs():
        for permissions in getattr(app_config, "staff_permissions", {}).values():
            for dotted in permissions:
                app_label, codename = dotted.split(".")
                assert app_label == app_config.label, dotted
                assert Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).exists(), dotted
                listed += 1
    # Scrutiny officers' (7 of alerts') and complaints officers' (the outbox twice).
    assert listed == 119 + 18


def test_a_permission_for_a_group_that_does_not_exist_is_refused(monkeypatch):
    monkeypatch.setattr(
        apps.get_app_config("plans"), "staff_permissions", {"Plan readers": ["plans.view_plan"]}
    )

    with pytest.raises(ImproperlyConfigured, match="'Plan readers'"):
        sync_staff_groups(apps)


def test_sync_staff_groups_leaves_the_app_registry_as_it_was():
    # It once left every app without its models module, after which dumpdata (and so a
    # backup's check) saw no model at all.
    from django.core.management import call_command

    before = {config.label: config.models_module for config in apps.get_app_configs()}
    sync_staff_groups(apps)

    assert {config.label: config.models_module for config in apps.get_app_configs()} == before
    dumped = StringIO()
    call_command("dumpdata", "auth.group", stdout=dumped)
    assert SCRUTINY_OFFICERS in dumped.getvalue()
