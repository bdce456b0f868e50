from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError
from django.urls import reverse

from panel_site.staff_groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS

pytestmark = pytest.mark.django_db


def test_public_pages_send_strict_security_headers(client):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_anonymous_public_pages_set_no_cookie(client):
    response = client.get(reverse("home"))

    assert response.cookies == {}


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")

    assert response.status_code == 200
    assert response.text == "ok\n"


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def fail(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get("/healthz")

    assert response.status_code == 503


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


def test_sync_staff_groups_gives_each_group_exactly_its_list(monkeypatch):
    from django.apps import apps

    from panel_site import staff_groups

    monkeypatch.setitem(
        staff_groups.STAFF_GROUP_PERMISSIONS, SCRUTINY_OFFICERS, ["panel_site.view_historicaluser"]
    )
    Group.objects.get(name=SCRUTINY_OFFICERS).permissions.add(
        Permission.objects.get(codename="delete_user")
    )

    staff_groups.sync_staff_groups(apps)

    codenames = set(
        Group.objects.get(name=SCRUTINY_OFFICERS).permissions.values_list("codename", flat=True)
    )
    assert codenames == {"view_historicaluser"}


def test_sync_staff_groups_leaves_the_app_registry_as_it_was():
    # It once left every app without its models module, after which dumpdata (and so a
    # backup's check) saw no model at all.
    from django.apps import apps
    from django.core.management import call_command

    from panel_site import staff_groups

    before = {config.label: config.models_module for config in apps.get_app_configs()}
    staff_groups.sync_staff_groups(apps)

    assert {config.label: config.models_module for config in apps.get_app_configs()} == before
    dumped = StringIO()
    call_command("dumpdata", "auth.group", stdout=dumped)
    assert SCRUTINY_OFFICERS in dumped.getvalue()


def test_admin_login_locks_out_after_repeated_failures_then_cools_off(client, staff_user, settings):
    from axes.models import AccessAttempt

    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "officer", "password": "wrong"})

    locked = client.post(url, {"username": "officer", "password": "a-long-test-password"})
    assert locked.status_code == 429
    assert "Sign in is locked for a while" in locked.text
    assert "signing in is paused for 15 minutes" in locked.text

    # After the cool-off the attempts no longer count.
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
    ok = client.post(url, {"username": "officer", "password": "a-long-test-password"})
    assert ok.status_code == 302


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


@pytest.mark.parametrize(("behind_proxy", "expected"), [(False, "10.0.0.1"), (True, "203.0.113.9")])
def test_client_address_comes_from_the_proxy_header_only_behind_our_proxy(
    rf, settings, behind_proxy, expected
):
    from panel_site.client_ip import client_ip

    settings.BEHIND_PROXY = behind_proxy
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")

    assert client_ip(request) == expected
