import os

import pytest

# Playwright's synchronous API runs an event loop in the test thread; the Django ORM calls made in
# the same thread are still synchronous, so Django's guard against async misuse must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="officer", password="a-long-test-password", is_staff=True
    )


@pytest.fixture
def staff_groups(django_db_blocker):
    """The staff groups as the migrations make them (a transactional test's flush removes them)."""
    from django.apps import apps

    from panel_site.staff_groups import sync_staff_groups

    with django_db_blocker.unblock():
        sync_staff_groups(apps)
