"""Who follows what: email subscriptions and webhooks, fed by the change log (changes/)."""

import secrets

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone


def new_key():
    return secrets.token_urlsafe(24)


def new_secret():
    return secrets.token_hex(32)


class Followed(models.Model):
    """What one follows: the panel, a committee, a meeting, a priority, an action, a member, or
    a search with the search page's filters."""

    class What(models.TextChoices):
        EVERYTHING = "everything", "Everything the panel publishes"
        COMMITTEE = "committee", "Committee"
        MEETING = "meeting", "Meeting"
        PRIORITY = "priority", "Plan priority"
        ACTION = "action", "Action log entry"
        MEMBER = "member", "Member"
        SEARCH = "search", "Search"

    what = models.CharField(max_length=20, choices=What)
    # 0 for everything and searches, so that the unique constraints hold (NULLs never clash).
    object_id = models.PositiveBigIntegerField(default=0)
    query = models.CharField(max_length=200, blank=True)
    search_kind = models.CharField(max_length=20, blank=True)
    search_committee = models.CharField(max_length=200, blank=True)
    search_year = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300, help_text="What it is, as the follower sees it.")
    url = models.CharField("address", max_length=2000, blank=True)

    class Meta:
        abstract = True

    @property
    def topic(self):
        """As the change log's `about` names it: "meeting:12"; None for everything or a search."""
        if self.what in (self.What.EVERYTHING, self.What.SEARCH):
            return None
        return f"{self.what}:{self.object_id}"

    @property
    def search(self):
        return (self.query, self.search_kind, self.search_committee, self.search_year)


class Follower(models.Model):
    """An email address that follows something. Stopping deletes it, with all it followed."""

    email = models.EmailField(unique=True)
    # In the signed links of its emails: the address itself never goes in a URL.
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    bounces = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        permissions = [("view_follower_address", "Can see the addresses of alert followers")]

    def __str__(self):
        return f"Follower {self.pk}"


class Subscription(Followed):
    """One thing an address follows, and how often it hears of it."""

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", "As it happens"
        DAILY = "daily", "Once a day"
        WEEKLY = "weekly", "Once a week"

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="subscriptions")
    frequency = models.CharField(max_length=12, choices=Frequency, default=Frequency.DAILY)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The number of the last change this subscription has been told of (or skipped as not
    # its business): nothing at or below it is ever sent again.
    sent_up_to = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "follower",
                    "what",
                    "object_id",
                    "query",
                    "search_kind",
                    "search_committee",
                    "search_year",
                ],
                name="alerts_follow_once",
            ),
        ]
        indexes = [
            models.Index(fields=["frequency", "what", "object_id"]),
            models.Index(fields=["confirmed_at", "created_at"]),
        ]

    def __str__(self):
        return f"{self.label} ({self.get_frequency_display().lower()})"


class AlertRun(models.Model):
    """A day's or week's digest run (or the day's immediate alerts): the change it reaches, so
    that a run started again after a stop sends the same, and how many emails it queued."""

    frequency = models.CharField(max_length=12, choices=Subscription.Frequency)
    period = models.DateField(help_text="The day, or the Monday of the week.")
    up_to = models.PositiveBigIntegerField(help_text="The last change it covers.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    emails = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-period", "frequency"]
        constraints = [
            models.UniqueConstraint(fields=["frequency", "period"], name="alerts_one_run"),
        ]

    def __str__(self):
        return f"{self.get_frequency_display()}, {self.period:%-d %B %Y}"


class Webhook(Followed):
    """A partner's address, sent each change it follows as signed JSON."""

    name = models.CharField(max_length=200, help_text="Whose it is, e.g. a partner organisation.")
    endpoint = models.CharField(
        "URL",
        max_length=500,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text="Where changes are POSTed. In production: https, on a public address.",
    )
    secret = models.CharField(
        max_length=64,
        default=new_secret,
        help_text="Shared with the partner: the body is signed with it (HMAC-SHA256).",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One change sent (or being sent) to one webhook: at most once each, retried for a day."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    change = models.ForeignKey("changes.Change", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_try_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_response = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["webhook", "change"], name="alerts_deliver_once"),
        ]

    def __str__(self):
        return f"{self.webhook}: change {self.change_id}"


class AlertTally(models.Model):
    """A day's counts, which staff see instead of addresses."""

    day = models.DateField(unique=True)
    emails = models.PositiveIntegerField("alert emails queued", default=0)
    bounces = models.PositiveIntegerField("bounces reported", default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name_plural = "alert tallies"

    def __str__(self):
        return f"{self.day:%-d %B %Y}"
