import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from panel_site.staff_groups import SCRUTINY_OFFICERS
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

PLANS_MODELS = [model for model in admin.site._registry if model._meta.app_label == "plans"]


def test_plans_admin_changelists_change_and_add_forms_open(admin_client):
    plan = build_plan()
    objects = {
        "plan": plan,
        "priority": plan.priorities.get(),
        "commitment": plan.priorities.get().commitments.get(),
        "measure": plan.priorities.get().measures.get(),
        "office": plan.office_holder.office,
        "officeholder": plan.office_holder,
    }
    assert len(PLANS_MODELS) == 6
    for model in PLANS_MODELS:
        name = model._meta.model_name
        assert admin_client.get(reverse(f"admin:plans_{name}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:plans_{name}_add")).status_code == 200
        change = reverse(f"admin:plans_{name}_change", args=[objects[name].pk])
        assert admin_client.get(change).status_code == 200
        history = reverse(f"admin:plans_{name}_history", args=[objects[name].pk])
        assert admin_client.get(history).status_code == 200


def test_scrutiny_officer_can_edit_plans(client, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    client.force_login(staff_user)

    assert client.get(reverse("admin:plans_plan_changelist")).status_code == 200
    assert client.get(reverse("admin:plans_plan_add")).status_code == 200
    assert client.get(reverse("admin:plans_measure_changelist")).status_code == 200


def test_staff_without_the_group_cannot_open_plans(client, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("admin:plans_plan_changelist")).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("admin:plans_plan_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_scrutiny_officers_have_every_plans_permission():
    group = Group.objects.get(name=SCRUTINY_OFFICERS)
    codenames = set(
        group.permissions.filter(content_type__app_label="plans").values_list("codename", flat=True)
    )

    assert {"view_plan", "add_plan", "change_plan", "delete_plan"} <= codenames
    assert {"change_measurereading", "add_commitmentupdate"} <= codenames
