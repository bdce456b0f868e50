from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from complaints import ratelimit
from complaints.views import too_many_requests

from . import services
from .forms import FollowForm, ManageLinkForm, StartForm
from .models import Subscription


def _refused(request):
    return render(request, "alerts/refused.html", status=400)


def _private(response):
    """A page reached by a secret link: never indexed, never kept by a cache."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Never the link (its secret) to another site; "no-referrer" would also make browsers send
    # "Origin: null" with the page's forms, which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@method_decorator(never_cache, name="dispatch")
class StartView(View):
    """/alerts/: what one can follow, follow everything or a committee, or get one's link."""

    def get(self, request):
        return self.page(StartForm(), ManageLinkForm(prefix="link"))

    def post(self, request):
        if request.POST.get("action") == "link":
            return self.manage_link(request)
        form = StartForm(request.POST)
        if form.is_spam:
            return _refused(request)
        if not form.is_valid():
            return self.page(form, ManageLinkForm(prefix="link"))
        what, _, pk = form.cleaned_data["followed"].partition(":")
        followed = services.followed_from({"what": what, "id": pk})
        if followed is None:
            form.add_error("followed", "Choose what you want to hear about")
            return self.page(form, ManageLinkForm(prefix="link"))
        return _follow(request, form, followed)

    def manage_link(self, request):
        form = ManageLinkForm(request.POST, prefix="link")
        if form.is_spam:
            return _refused(request)
        if not form.is_valid():
            return self.page(StartForm(), form)
        limit = ratelimit.hit(request, "alerts")
        if not limit.allowed:
            return too_many_requests(request, limit)
        services.send_manage_link(form.cleaned_data["email"])
        return redirect("alerts:check-email")

    def page(self, form, link_form):
        context = {"form": form, "link_form": link_form}
        return render(self.request, "alerts/start.html", context)


def _follow(request, form, followed):
    limit = ratelimit.hit(request, "alerts")
    if not limit.allowed:
        return too_many_requests(request, limit)
    services.follow(
        email=form.cleaned_data["email"],
        followed=followed,
        frequency=form.cleaned_data["frequency"],
    )
    return redirect("alerts:check-email")


@method_decorator(never_cache, name="dispatch")
class FollowView(View):
    """Follow one thing, from its page's "Get alerts" link: /alerts/follow/?what=meeting&id=12."""

    def followed(self):
        followed = services.followed_from(self.request.GET)
        if followed is None:
            raise Http404("There is nothing to follow at this address.")
        return followed

    def get(self, request):
        return self.page(FollowForm(), self.followed())

    def post(self, request):
        followed = self.followed()
        form = FollowForm(request.POST)
        if form.is_spam:
            return _refused(request)
        if not form.is_valid():
            return self.page(form, followed)
        return _follow(request, form, followed)

    def page(self, form, followed):
        return render(self.request, "alerts/follow.html", {"form": form, "followed": followed})


@never_cache
def check_email(request):
    return render(request, "alerts/check_email.html")


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The confirmation link. A GET shows what waits and asks (mail scanners follow links, and
    must not confirm for someone); the button confirms it all and opens the manage page."""

    def dispatch(self, request, token):
        self.follower, _ = services.follower_from(token, "confirm")
        if self.follower is None:
            return _private(render(request, "alerts/link_expired.html", status=404))
        return _private(super().dispatch(request, token))

    def get(self, request, token):
        waiting = self.follower.subscriptions.filter(confirmed_at__isnull=True)
        if not waiting:
            return redirect(self.manage_url())
        return render(request, "alerts/confirm.html", {"waiting": waiting})

    def post(self, request, token):
        services.confirm(self.follower)
        return redirect(f"{self.manage_url()}?confirmed=1")

    def manage_url(self):
        return reverse("alerts:manage", args=[services.token(self.follower, "manage")])


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    """What an address follows, each to change or stop, and "stop everything"."""

    def dispatch(self, request, token):
        self.follower, _ = services.follower_from(token, "manage")
        if self.follower is None:
            return _private(render(request, "alerts/link_expired.html", status=404))
        return _private(super().dispatch(request, token))

    def get(self, request, token):
        if request.GET.get("confirmed"):
            return self.page(
                done="Your alerts are confirmed. We will email you when something "
                "you follow changes."
            )
        return self.page()

    def post(self, request, token):
        action = request.POST.get("action", "")
        pk = request.POST.get("subscription", "")
        subscription = None
        if pk.isascii() and pk.isdigit() and len(pk) <= 18:
            subscription = self.follower.subscriptions.filter(pk=pk).first()
        if action == "stop-everything":
            services.stop_everything(self.follower)
            return render(request, "alerts/stopped.html")
        if action == "confirm":
            services.confirm(self.follower)
            return self.page(done="Your alerts are confirmed.")
        if subscription is None:
            return self.page(error="That alert has already been stopped.")
        if action == "stop":
            services.stop(subscription)
            if not type(self.follower).objects.filter(pk=self.follower.pk).exists():
                return render(request, "alerts/stopped.html")
            return self.page(done=f"You will no longer get emails about {subscription.label}.")
        frequency = request.POST.get("frequency", "")
        if action == "change" and frequency in Subscription.Frequency.values:
            services.change_frequency(subscription, frequency)
            label = Subscription.Frequency(frequency).label.lower()
            return self.page(done=f"Emails about {subscription.label}: {label}.")
        return self.page(error="Choose how often you want emails.")

    def page(self, done="", error=""):
        subscriptions = self.follower.subscriptions.order_by("created_at", "pk")
        context = {
            "subscriptions": subscriptions,
            "waiting": any(s.confirmed_at is None for s in subscriptions),
            "frequencies": Subscription.Frequency.choices,
            "done": done,
            "error": error,
        }
        return render(self.request, "alerts/manage.html", context, status=400 if error else 200)


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(View):
    """Stop every alert to the address. A GET asks first (mail scanners follow links); a POST,
    from the page's button or a mail program's one-click unsubscribe (RFC 8058), stops them.
    The signed link is the proof: a mail program's POST carries no CSRF token."""

    def dispatch(self, request, token):
        self.follower, signed_at = services.follower_from(token, "unsubscribe")
        if signed_at is None:
            return _private(render(request, "alerts/link_expired.html", status=404))
        return _private(super().dispatch(request, token))

    def get(self, request, token):
        if self.follower is None:
            return render(request, "alerts/stopped.html")
        count = self.follower.subscriptions.count()
        return render(request, "alerts/unsubscribe.html", {"count": count})

    def post(self, request, token):
        if self.follower is not None:
            services.stop_everything(self.follower)
        return render(request, "alerts/stopped.html")
