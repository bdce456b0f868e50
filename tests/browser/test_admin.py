import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_officer_signs_in_and_uses_the_back_office_without_policy_errors(
    page, django_user_model, staff_groups, sign_in
):
    chief = django_user_model.objects.create_superuser(
        "chief", "chief@example.org", "a-long-test-password"
    )
    officer = django_user_model.objects.create_user("officer", password="another-long-password")

    sign_in(page, chief, "a-long-test-password")
    expect(page.get_by_role("heading", name="Publish and manage")).to_be_visible()

    # Put the officer in a staff group, then read the audit trail of that change.
    page.goto(f"/admin/auth/user/{officer.pk}/change/")
    page.get_by_label("Staff status").check()
    page.locator("#id_groups_from").select_option(label="Scrutiny officers")
    page.locator("#id_groups_add").click()
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator("ul.messagelist").inner_text()
    assert Group.objects.get(name="Scrutiny officers").user_set.filter(pk=officer.pk).exists()

    page.goto(f"/admin/auth/user/{officer.pk}/history/")
    assert page.locator("#change-history tbody tr").first.get_by_text("chief").count() >= 1
    assert page.console_errors == []
