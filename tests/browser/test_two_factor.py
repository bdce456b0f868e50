"""An officer's first sign-in sets up an authenticator app; later sign-ins ask for its code."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import current_code

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


def test_first_sign_in_sets_up_the_app_then_every_sign_in_asks_for_its_code(
    page, assert_accessible, django_user_model, staff_groups
):
    officer = django_user_model.objects.create_user("officer", password=PASSWORD, is_staff=True)

    # The officer follows a link into the back office, and signs in with the password.
    page.goto("/admin/password_change/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # No app yet: set one up.
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    assert_accessible(page)
    qr_code = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr_code.evaluate("image => image.naturalWidth") > 0  # the browser could draw it
    key = page.locator("#setup-key").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})*", key)

    # A mistyped code is refused and says why.
    page.get_by_label("Code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".errornote")).to_have_text(
        "Enter the 6-digit code from your authenticator app."
    )
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    device = TOTPDevice.objects.get(user=officer)
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    # Signed in, on the page the link was for.
    expect(page.locator("#user-tools")).to_be_visible()
    assert page.url.endswith("/admin/password_change/")
    device.refresh_from_db()
    assert device.confirmed

    # Log out, then sign in again: this time the code is asked for, not the set-up.
    page.goto("/admin/")
    page.get_by_role("button", name="Log out").click()
    page.goto("/admin/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(page)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".errornote")).to_contain_text("That code is not right.")
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert page.console_errors == []
