"""
Two-factor sign-in for the back office: a password, then a 6-digit code from an authenticator app
(TOTP, through django-otp).

The admin's own login form takes the password. The session is then signed in but not verified:
it reaches only the code step (or, for an officer with no app set up yet, the set-up step) and
log out. Every other admin page asks for `user.is_verified()`, which django-otp's middleware gives.
"""

from base64 import b32encode, b64encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, logout, user_login_failed
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code your authenticator app shows for this site.",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        # Apps show the code as "123 456"; people type it either way.
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app.")
        return code


def is_verified(user):
    # django-otp's middleware sets otp_device on the request's user; a user object that has just
    # come from the password form has none yet.
    return getattr(user, "otp_device", None) is not None


def awaits_code(user):
    """A staff member who has given the password in this session but not yet a code."""
    return user.is_active and user.is_staff and not is_verified(user)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def qr_code_data_uri(text):
    """The QR code as an SVG data: URI for an <img>: nothing inline for the CSP to allow."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    return "data:image/svg+xml;base64," + b64encode(image.to_string()).decode()


def readable_secret(device):
    """The key as authenticator apps take it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class PanelAdminSite(admin.AdminSite):
    """The back office, open only to staff who signed in with both password and code."""

    site_header = "South Yorkshire Police and Crime Panel: back office"
    site_title = "Panel back office"
    index_title = "Publish and manage"

    def has_permission(self, request):
        return super().has_permission(request) and is_verified(request.user)

    def get_urls(self):
        return [
            path("login/code/", csrf_protect(never_cache(self.code_view)), name="login_code"),
            path("login/set-up/", csrf_protect(never_cache(self.enrol_view)), name="login_enrol"),
            # Log out needs no permission: a session waiting for its code must be able to end.
            path("logout/", self.logout, name="logout"),
            *super().get_urls(),
        ]

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        if awaits_code(request.user):
            return self.next_step(request)
        response = super().login(request, extra_context)
        # The password was right (Django's login has replaced request.user): on to the code.
        if awaits_code(request.user):
            return self.next_step(request)
        return response

    def next_step(self, request):
        """Where a session stands in sign-in: code, set-up, password, or done."""
        user = request.user
        if not user.is_authenticated:
            name = "admin:login"
        elif not awaits_code(user):
            return redirect(self.next_url(request))
        elif confirmed_device(user):
            name = "admin:login_code"
        else:
            name = "admin:login_enrol"
        url = reverse(name, current_app=self.name)
        next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if next_url:
            url += "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
        return redirect(url)

    def next_url(self, request):
        next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return reverse("admin:index", current_app=self.name)

    def code_view(self, request):
        """Every sign-in: the code from the officer's app, after the password."""
        device = confirmed_device(request.user) if awaits_code(request.user) else None
        if device is None:
            return self.next_step(request)
        form = CodeForm(request.POST or None)
        if form.is_valid() and self.check_code(request, form, device):
            return self.verified(request, device)
        return self.render_step(request, "admin/two_factor/code.html", form, "Enter your code")

    def enrol_view(self, request):
        """First sign-in, or after a superuser has reset the officer's app: set up the app."""
        user = request.user
        # A password alone never replaces a device that is set up: only a superuser can reset it.
        if not awaits_code(user) or confirmed_device(user):
            return self.next_step(request)
        # The same key until it is confirmed, so that reloading the page keeps the QR code.
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        form = CodeForm(request.POST or None)
        if form.is_valid() and self.check_code(request, form, device):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return self.verified(request, device)
        context = {
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": readable_secret(device),
        }
        return self.render_step(
            request, "admin/two_factor/enrol.html", form, "Set up your authenticator app", context
        )

    def check_code(self, request, form, device):
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            # django-otp's own brake: after each wrong code the device waits twice as long.
            form.add_error(
                "code", "Too many wrong codes. Wait a minute, then enter the code your app shows."
            )
            return False
        if device.verify_token(form.cleaned_data["code"]):
            return True
        form.add_error(
            "code",
            "That code is not right. Enter the code your authenticator app shows now: "
            "each code lasts 30 seconds.",
        )
        # A wrong code counts towards the same lock-out as a wrong password (django-axes).
        username = request.user.get_username()
        user_login_failed.send(__name__, credentials={"username": username}, request=request)
        if getattr(request, "axes_locked_out", False):
            # Axes answers with its lock-out page; the password step must be taken again after.
            logout(request)
        return False

    def verified(self, request, device):
        otp_login(request, device)
        # Only now do the wrong passwords and codes before count for nothing (AXES_RESET_ON_SUCCESS
        # is off: a right password alone would let someone who has it guess codes for ever).
        axes_reset(ip=get_client_ip_address(request), username=request.user.get_username())
        # A new session key for the session that now has full access.
        request.session.cycle_key()
        return redirect(self.next_url(request))

    def render_step(self, request, template, form, title, context=None):
        context = {
            **self.each_context(request),
            "title": title,
            "form": form,
            "issuer": settings.OTP_TOTP_ISSUER,  # the name the app shows for the account
            **(context or {}),
        }
        request.current_app = self.name
        return TemplateResponse(request, template, context)
