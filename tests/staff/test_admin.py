import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_admin_changelist_and_add_form_opens(admin_client, admin_user, rf):
    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
        if model_admin.has_add_permission(request):
            assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200


def test_staff_without_permissions_see_no_models(client, login_staff, staff_user):
    login_staff(client, staff_user)
    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "You don’t have permission to view or edit anything." in response.text
