from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import services, webhooks
from .models import AlertTally, Follower, Subscription, Webhook, WebhookDelivery

Frequency = Subscription.Frequency


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record staff read, never edit: no add, change or delete; a long list counted once."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    """What is followed, how often, and since when: never by whom (the addresses need the
    permission of their own that Followers asks for). "Who follows what" counts them."""

    list_display = ["label", "what", "frequency", "confirmed_at", "created_at"]
    list_filter = ["what", "frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["label"]
    fields = ["label", "url", "what", "frequency", "created_at", "confirmed_at", "sent_up_to"]

    def get_urls(self):
        counts = self.admin_site.admin_view(self.counts_view)
        return [path("counts/", counts, name="alerts_subscription_counts"), *super().get_urls()]

    def counts_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        confirmed = Q(confirmed_at__isnull=False)
        things = (
            Subscription.objects.values("what", "label", "url")
            .annotate(
                followers=Count("pk", filter=confirmed),
                immediately=Count("pk", filter=confirmed & Q(frequency=Frequency.IMMEDIATELY)),
                daily=Count("pk", filter=confirmed & Q(frequency=Frequency.DAILY)),
                weekly=Count("pk", filter=confirmed & Q(frequency=Frequency.WEEKLY)),
                waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
            )
            .order_by("-followers", "label")[:200]
        )
        tally = AlertTally.objects.aggregate(emails=Sum("emails"), bounces=Sum("bounces"))
        addresses = Follower.objects.filter(subscriptions__confirmed_at__isnull=False)
        context = {
            **self.admin_site.each_context(request),
            "title": "Who follows what",
            "opts": self.model._meta,
            "things": things,
            "addresses": addresses.distinct().count(),
            "emails": tally["emails"] or 0,
            "bounces": tally["bounces"] or 0,
            "tallies": AlertTally.objects.all()[:14],
        }
        return TemplateResponse(request, "admin/alerts/counts.html", context)


@admin.register(Follower)
class FollowerAdmin(ReadOnlyAdmin):
    """The addresses, for staff who hold their own permission (none of the staff groups does):
    to answer a person's request about their data, or a bounce."""

    list_display = ["email", "created_at", "bounces"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "confirmation_sent_at", "bounces"]
    actions = ["stop_everything"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("alerts.view_follower_address")

    def has_module_permission(self, request):
        return True

    @admin.action(description="Stop all alerts to the selected addresses", permissions=["view"])
    def stop_everything(self, request, queryset):
        count = 0
        for follower in queryset:
            services.stop_everything(follower)
            count += 1
        self.message_user(request, f"{count} address(es) stopped and deleted.", messages.SUCCESS)


class WebhookForm(forms.ModelForm):
    object_id = forms.IntegerField(
        label="Its id",
        required=False,
        min_value=1,
        help_text="The committee's, meeting's, priority's, action's or member's number (in the "
        "address of its page in this back office). Leave empty for everything.",
    )

    class Meta:
        model = Webhook
        fields = ["name", "endpoint", "what", "object_id", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A search is matched against the index after the change: for emails only.
        self.fields["what"].choices = [
            choice for choice in Webhook.What.choices if choice[0] != Webhook.What.SEARCH
        ]
        self.fields["endpoint"].validators.append(webhooks.validate_endpoint)

    def clean(self):
        data = super().clean()
        what = data.get("what")
        if what:
            followed = services.followed_from(
                {"what": what, "id": str(data.get("object_id") or "")}
            )
            if followed is None:
                self.add_error("object_id", "There is nothing public of that kind with that id.")
            else:
                self.followed = followed
        return data

    def save(self, commit=True):
        webhook = super().save(commit=False)
        webhook.object_id = self.followed.get("object_id", 0)
        webhook.label = self.followed["label"]
        webhook.url = self.followed.get("url", "")
        if commit:
            webhook.save()
        return webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    show_full_result_count = False
    form = WebhookForm
    list_display = ["name", "endpoint", "label", "is_active", "delivery_log"]
    list_filter = ["is_active"]
    readonly_fields = ["label", "secret", "created_at"]

    @admin.display(description="Deliveries")
    def delivery_log(self, webhook):
        url = (
            reverse("admin:alerts_webhookdelivery_changelist") + f"?webhook__id__exact={webhook.pk}"
        )
        return format_html('<a href="{}">Delivery log</a>', url)

    def get_fieldsets(self, request, obj=None):
        fields = ["name", "endpoint", "what", "object_id", "is_active"]
        if obj is not None:
            fields += ["label", "secret", "created_at"]
        return [(None, {"fields": fields})]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """The delivery log: each change sent to each webhook, and what its server answered."""

    list_display = ["status", "last_response", "attempts", "created_at", "webhook", "change"]
    list_filter = ["status", "webhook"]
    list_select_related = ["webhook", "change"]
    actions = ["try_again"]

    @admin.action(description="Try the selected deliveries again now", permissions=["view"])
    def try_again(self, request, queryset):
        from .tasks import deliver_webhook

        count = 0
        for delivery in queryset.exclude(status=WebhookDelivery.Status.DELIVERED):
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=WebhookDelivery.Status.WAITING, next_try_at=None
            )
            deliver_webhook.enqueue(delivery.pk)
            count += 1
        self.message_user(request, f"{count} delivery(ies) will be tried again.", messages.SUCCESS)


@admin.register(AlertTally)
class AlertTallyAdmin(ReadOnlyAdmin):
    list_display = ["day", "emails", "bounces"]
