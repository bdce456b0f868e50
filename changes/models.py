from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django_tasks_db.models import DBTaskResult


class ChangeQuerySet(models.QuerySet):
    def after(self, change_id):
        """The changes recorded after the one with this id, oldest first."""
        return self.filter(pk__gt=change_id).order_by("pk")

    def last_changed(self, kinds=None):
        """When the newest change (of these kinds) was recorded, or None."""
        changes = self.filter(kind__in=kinds) if kinds else self
        return changes.order_by("-pk").values_list("at", flat=True).first()


class Change(models.Model):
    """Something the public can see became public, changed or was withdrawn.

    Only what is public already goes in: a title and an address that anyone may read. Never a
    complaint, an unpublished question, or a name or address of a member of the public.
    """

    class What(models.TextChoices):
        PUBLISHED = "published", "Published"
        REVISED = "revised", "Changed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CANCELLED = "cancelled", "Cancelled"
        MOVED = "moved", "Moved"
        MINUTES_APPROVED = "minutes-approved", "Minutes approved"
        ANSWER_PUBLISHED = "answer-published", "Answer published"

    at = models.DateTimeField(default=timezone.now, editable=False)
    what = models.CharField(max_length=20, choices=What)
    kind = models.CharField(
        max_length=50, help_text='What sort of thing changed, e.g. "meeting" or "agenda-item".'
    )
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    url = models.CharField("address", max_length=500, help_text="Its public page.")
    summary = models.CharField(max_length=500)
    within = models.CharField(
        "part of", max_length=300, blank=True, help_text="The meeting or priority it belongs to."
    )
    # What one may follow that this change concerns, as "meeting:12", "committee:3",
    # "priority:5", "action:7" or "member:4" (alerts/ sends them to whoever follows them).
    about = models.JSONField(default=list, blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["kind", "-id"])]

    def __str__(self):
        return self.summary

    def get_absolute_url(self):
        return self.url

    @staticmethod
    def kind_of(model):
        return slugify(model._meta.verbose_name)


class Job(DBTaskResult):
    """A job of the queue, as staff see it in the back office: django-tasks-db's own record."""

    class Meta:
        proxy = True
        ordering = ["-enqueued_at"]
