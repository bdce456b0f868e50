import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from plans.models import Plan
from staff.groups import SCRUTINY_OFFICERS
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


def test_scrutiny_officer_can_edit_plans(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)

    assert client.get(reverse("admin:plans_plan_changelist")).status_code == 200
    assert client.get(reverse("admin:plans_plan_add")).status_code == 200
    assert client.get(reverse("admin:plans_measure_changelist")).status_code == 200


def test_staff_without_the_group_cannot_open_plans(client, login_staff, staff_user):
    login_staff(client, staff_user)

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


def test_plan_form_links_a_new_version_to_its_comparison(admin_client):
    old = build_plan(slug="old")
    new = build_plan(slug="new", status="draft")
    change = reverse("admin:plans_plan_change", args=[new.pk])
    assert "a link to compare them shows here" in admin_client.get(change).text

    new.refreshes = old
    new.save()

    html = admin_client.get(change).text
    assert f'<a href="{reverse("plans:compare")}?from=old&amp;to=new">Compare with' in html


def test_officer_starts_a_new_version_then_compares_it(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    current = build_plan(slug="current", priorities=2)
    changelist = reverse("admin:plans_plan_changelist")

    response = client.post(
        changelist, {"action": "start_new_version", "_selected_action": [current.pk]}
    )

    draft = Plan.objects.get(refreshes=current)
    assert response["Location"] == reverse("admin:plans_plan_change", args=[draft.pk])
    assert (draft.status, draft.slug, draft.published_on) == ("draft", "current-new-version", None)
    assert [p.title for p in draft.priorities.all()] == [p.title for p in current.priorities.all()]
    copied = draft.priorities.first()
    assert copied.outcomes.count() == current.priorities.first().outcomes.count() > 0
    assert copied.commitments.count() == current.priorities.first().commitments.count() > 0
    assert current.priorities.first().measures.exists() and not copied.measures.exists()
    # The officer edits the draft and sees what changed, before the public can see it.
    copied.outcomes.all().delete()
    comparison = client.get(reverse("plans:compare"), {"from": "current", "to": draft.slug})
    assert "Outcomes removed</h4>" in comparison.text
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_second_new_version_gets_its_own_address(admin_client):
    current = build_plan(slug="current", priorities=0)
    changelist = reverse("admin:plans_plan_changelist")
    for _ in range(2):
        admin_client.post(
            changelist, {"action": "start_new_version", "_selected_action": [current.pk]}
        )

    assert sorted(Plan.objects.filter(refreshes=current).values_list("slug", flat=True)) == [
        "current-new-version",
        "current-new-version-2",
    ]
