"""The audit trail of staff accounts: who changed what, and a login is no change."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

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
