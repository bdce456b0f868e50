import os

import pytest

# Playwright's synchronous API runs an event loop in the test thread; the Django ORM calls made in
# the same thread are still synchronous, so Django's guard against async misuse must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files, and the demo's PDF, go to the test's own folder, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no public form counted against its address."""
    from complaints.ratelimit import storage

    storage().reset()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="officer", password="a-long-test-password", is_staff=True
    )


@pytest.fixture
def staff_groups(django_db_blocker):
    """The staff groups as the migrations make them (a transactional test's flush removes them)."""
    from django.apps import apps

    from staff.groups import sync_staff_groups

    with django_db_blocker.unblock():
        sync_staff_groups(apps)


# Signing staff in. Every admin page asks for a session verified by a code
# (staff/two_factor.py), so tests sign staff in through these, never with a bare force_login.


def confirmed_device(user):
    """The user's authenticator app, set up (as after the first sign-in)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    )


def current_code(device):
    """The code the officer's app shows now, as a 6-digit string."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        # This step's code has been used: the next step's is also accepted (tolerance 1).
        totp.time = (device.last_t + 1) * device.step + device.t0
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def totp_code():
    return current_code


@pytest.fixture
def login_staff():
    """`login_staff(client, user)`: the test client signed in as the user, password and code."""
    from django_otp import DEVICE_ID_SESSION_KEY

    def log_in(client, user):
        device = confirmed_device(user)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device

    return log_in


@pytest.fixture
def admin_client(admin_user, login_staff):
    """pytest-django's admin_client, signed in with a code as well as the password."""
    from django.test import Client

    client = Client()
    login_staff(client, admin_user)
    return client


@pytest.fixture
def sign_in():
    """`sign_in(page, user, password)`: signs in through the admin's pages in the browser, typing
    the password and then the code from the user's (test) authenticator app."""
    from playwright.sync_api import expect

    def sign_in_with_code(page, user, password):
        device = confirmed_device(user)
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        page.get_by_label("Code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
        # The admin's own pages show the user tools; the sign-in steps do not.
        expect(page.locator("#user-tools")).to_be_visible()
        return device

    return sign_in_with_code
