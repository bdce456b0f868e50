"""Staff accounts: password and code for every sign-in, the first sign-in sets up the app, idle
sessions end, weak passwords are refused, and guessed passwords lock sign-in out for a while."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.groups import SCRUTINY_OFFICERS
from tests.conftest import confirmed_device
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def give_password(client, next_url=None):
    data = {"username": "officer", "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("admin:login"), data)


def admin_pages():
    """Every admin index, app index, changelist and add page."""
    yield reverse("admin:index")
    yield reverse("admin:password_change")
    for model in admin.site._registry:
        opts = model._meta
        yield reverse("admin:app_list", args=[opts.app_label])
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")


def test_a_session_without_its_code_reaches_no_admin_page(client, admin_user):
    confirmed_device(admin_user)
    client.force_login(admin_user)  # the password step only

    pages = sorted(set(admin_pages()))
    assert len(pages) > 20
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        final = client.get(url, follow=True)
        assert final.request["PATH_INFO"] == reverse("admin:login_code"), url
    # The object pages too, and the admin's own session check.
    response = client.get(reverse("admin:auth_user_change", args=[admin_user.pk]), follow=True)
    assert response.request["PATH_INFO"] == reverse("admin:login_code")


def test_a_session_with_its_code_reaches_the_admin(client, admin_user, login_staff):
    login_staff(client, admin_user)

    for url in sorted(set(admin_pages())):
        # 403: an add page of a model the admin lets nobody add to (such as audit records).
        expected = {200, 403} if url.endswith("/add/") else {200}
        assert client.get(url).status_code in expected, url


def test_the_password_leads_to_the_code_and_the_code_to_the_page_asked_for(
    client, staff_user, totp_code
):
    device = confirmed_device(staff_user)
    wanted = reverse("admin:password_change")

    response = give_password(client, next_url=wanted)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login_code')}?next={wanted.replace('/', '%2F')}"
    page = client.get(response.url)
    assert "Enter your code" in page.text
    assert 'autocomplete="one-time-code"' in page.text
    session_key = client.session.session_key

    response = client.post(response.url, {"code": totp_code(device)})

    assert response.status_code == 302
    assert response.url == wanted
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != session_key
    assert client.get(wanted).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, staff_user, totp_code):
    device = confirmed_device(staff_user)
    give_password(client)
    right = totp_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(reverse("admin:login_code"), {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right." in response.text
    assert response.text.count("That code is not right.") == 1
    assert "<title>Error: Enter your code" in response.text
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("admin:index")).status_code == 302
    bad = client.post(reverse("admin:login_code"), {"code": "12345"})
    assert "Enter the 6-digit code from your authenticator app." in bad.text


def test_the_way_back_after_the_code_goes_only_to_this_site(client, staff_user, totp_code):
    device = confirmed_device(staff_user)
    give_password(client)

    response = client.post(
        reverse("admin:login_code") + "?next=https://evil.example/", {"code": totp_code(device)}
    )

    assert response.url == reverse("admin:index")


def test_wrong_codes_lock_sign_in_out_like_wrong_passwords(client, staff_user, settings):
    from axes.models import AccessAttempt

    confirmed_device(staff_user)
    # django-otp's own brake would stop checking codes after the first: take it off to see axes.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    give_password(client)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("admin:login_code"), {"code": "000000"})
        assert response.status_code == 200

    locked = client.post(reverse("admin:login_code"), {"code": "000000"})

    assert locked.status_code == 429
    assert "Sign in is locked for a while" in locked.text
    assert "_auth_user_id" not in client.session  # signed out: the password step again
    assert give_password(client).status_code == 429
    assert AccessAttempt.objects.get().username == "officer"


def test_giving_the_password_again_does_not_start_the_count_of_wrong_codes_again(
    client, staff_user, settings
):
    """Someone who has the password but not the app: wrong codes, log out, the password again,
    more wrong codes. The password alone never clears the count: only a right code does."""
    from axes.models import AccessAttempt

    confirmed_device(staff_user)
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    assert give_password(client).url.startswith(reverse("admin:login_code"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("admin:login_code"), {"code": "000000"}).status_code == 200
    client.post(reverse("admin:logout"))
    assert give_password(client).url.startswith(reverse("admin:login_code"))

    locked = client.post(reverse("admin:login_code"), {"code": "000000"})

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert give_password(client).status_code == 429
    assert AccessAttempt.objects.get().username == "officer"


def test_a_right_code_after_wrong_ones_starts_the_count_again(
    client, staff_user, settings, totp_code
):
    from axes.models import AccessAttempt

    device = confirmed_device(staff_user)
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    give_password(client)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("admin:login_code"), {"code": "000000"})

    client.post(reverse("admin:login_code"), {"code": totp_code(device)})

    assert DEVICE_ID_SESSION_KEY in client.session
    assert not AccessAttempt.objects.exists()
    client.post(reverse("admin:logout"))
    give_password(client)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("admin:login_code"), {"code": "000000"}).status_code == 200


def test_after_a_wrong_code_the_app_waits_before_another_is_checked(client, staff_user, totp_code):
    device = confirmed_device(staff_user)
    give_password(client)
    client.post(reverse("admin:login_code"), {"code": "000000"})

    # Even the right code waits out django-otp's brake (one second after one failure).
    response = client.post(reverse("admin:login_code"), {"code": totp_code(device)})

    assert "Too many wrong codes." in response.text
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_first_sign_in_sets_up_the_authenticator_app(client, staff_user, totp_code):
    response = give_password(client)
    assert response.url == reverse("admin:login_enrol")
    assert client.get(reverse("admin:login_code")).url == reverse("admin:login_enrol")

    page = client.get(reverse("admin:login_enrol"))
    device = TOTPDevice.objects.get(user=staff_user)
    assert not device.confirmed
    assert 'src="data:image/svg+xml;base64,' in page.text
    secret = re.search(r'<code id="setup-key">([A-Z2-7 ]+)</code>', page.text).group(1)
    assert len(secret.replace(" ", "")) == 32
    # Reloading the page keeps the same key, so a QR code already scanned still works.
    assert secret in client.get(reverse("admin:login_enrol")).text
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1

    wrong = client.post(reverse("admin:login_enrol"), {"code": "000000"})
    assert "That code is not right." in wrong.text
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("admin:login_enrol"), {"code": totp_code(device)})

    assert response.url == reverse("admin:index")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_password_alone_never_replaces_an_app_that_is_set_up(client, staff_user):
    device = confirmed_device(staff_user)
    give_password(client)

    response = client.get(reverse("admin:login_enrol"))

    assert response.url == reverse("admin:login_code")
    assert list(TOTPDevice.objects.all()) == [device]


def test_a_superuser_resets_an_officers_app_and_the_next_sign_in_sets_it_up(
    client, staff_user, admin_client
):
    device = confirmed_device(staff_user)
    change = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.text  # nobody reads an officer's secret key

    admin_client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert give_password(client).url == reverse("admin:login_enrol")


def test_scrutiny_officers_cannot_reset_apps(client, staff_user, login_staff, staff_groups):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)

    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403


def test_a_session_waiting_for_its_code_can_log_out(client, staff_user):
    confirmed_device(staff_user)
    give_password(client)

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:login_code")).url == reverse("admin:login")


def test_a_draft_meeting_is_not_previewed_on_the_password_alone(client, staff_user, login_staff):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    meeting = build_meeting(is_published=False)
    client.force_login(staff_user)

    assert client.get(meeting.get_absolute_url()).status_code == 404
    login_staff(client, staff_user)
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_createsuperuser_leads_to_a_login_that_sets_up_the_app(client, django_user_model):
    from django.core.management import call_command

    call_command(
        "createsuperuser", "--noinput", username="chief", email="chief@example.org", verbosity=0
    )
    chief = django_user_model.objects.get(username="chief")
    chief.set_password(PASSWORD)
    chief.save()

    response = client.post(reverse("admin:login"), {"username": "chief", "password": PASSWORD})

    assert response.url == reverse("admin:login_enrol")


def test_staff_sessions_end_after_30_idle_minutes(client, staff_user, login_staff):
    login_staff(client, staff_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 30 * 60

    # Last active 29 minutes ago: still signed in, and this request starts the 30 minutes again.
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get(reverse("admin:index")).status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=29)

    # 30 minutes without a request: signed out.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "password",
    [
        "Sh0rt-pass",  # under 12 characters
        "password1234",  # a common password
        "384729104857361",  # only digits
        "officer-smith-1",  # too like the username
    ],
)
def test_weak_staff_passwords_are_refused(django_user_model, password):
    user = django_user_model(username="officer-smith", email="o.smith@example.org")

    with pytest.raises(ValidationError):
        validate_password(password, user)
    validate_password("correct horse battery staple", user)


def test_the_admin_refuses_a_weak_password_for_a_new_account(admin_client, django_user_model):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newofficer",
            "password1": "short1",
            "password2": "short1",
            "usable_password": "true",
        },
    )

    assert response.status_code == 200
    assert "This password is too short." in response.text
    assert not django_user_model.objects.filter(username="newofficer").exists()


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
