from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import jobs
from .models import Change, Job
from .services import record

What = Change.What


def published(model):
    """What of `model` the public sees, or None when it has no published(): all of it."""
    objects = model._default_manager.get_queryset()
    return objects.published() if hasattr(objects, "published") else None


class RecordsPublicChanges:
    """For the admin of anything the public can see: an officer's edit, addition or deletion
    that changes what the public sees is recorded in the change log, in the same transaction.
    Saving a draft records nothing. A model with no published() queryset is always public."""

    def public_objects(self):
        """What of this model the public sees (None: all of it)."""
        return published(self.model)

    def public_title(self, obj):
        return str(obj)

    def _is_public(self, obj):
        public = self.public_objects()
        return public is None or public.filter(pk=obj.pk).exists()

    def save_model(self, request, obj, form, change):
        # What the public saw before: the database still holds it.
        obj._was_public = change and self._is_public(obj)
        super().save_model(request, obj, form, change)
        if getattr(request, "reverting_from_history", False):
            # django-simple-history's revert saves the object alone (no save_related).
            self._record(obj, form, changed=True)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed_rows = [fs for fs in formsets if self._public_rows_changed(fs)]
        self._record(form.instance, form, form.has_changed() or bool(changed_rows), changed_rows)

    def _record(self, obj, form, changed, changed_rows=()):
        what = self.public_change(obj, form, obj._was_public, self._is_public(obj), changed)
        if what:
            title = self.public_title(obj)
            summary = None
            if what == What.REVISED:
                summary = self.revision_summary(title, form, changed_rows)
            record(obj, what, title=title, summary=summary)

    @staticmethod
    def revision_summary(title, form, changed_rows):
        """One line saying what changed: "Changed (venue, start): Police and Crime Panel, ..."."""
        parts = [str(form.fields[name].label or name) for name in form.changed_data]
        parts += [str(fs.model._meta.verbose_name_plural) for fs in changed_rows]
        parts = list(dict.fromkeys(part.lower() for part in parts))
        if not parts:
            return None
        return f"Changed ({', '.join(parts)}): {title}"

    @staticmethod
    def _public_rows_changed(formset):
        """Whether an inline row the public sees (or saw) changed: not a draft paper or an
        exempt item's minute edited on a public item's page."""
        for row in formset.forms:
            if not row.has_changed() or row.instance.pk is None:
                continue
            public = published(type(row.instance))
            if public is None:
                return True
            deleted = formset.can_delete and formset._should_delete_form(row)
            publication = {"is_published", "status", "is_exempt"} & set(row.changed_data)
            if deleted or publication or public.filter(pk=row.instance.pk).exists():
                return True
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_from_history = request.method == "POST"
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def public_change(self, obj, form, was_public, is_public, changed):
        """What the public saw happen, or None. Admins may say more (a meeting moved...)."""
        if is_public and not was_public:
            return What.PUBLISHED
        if was_public and not is_public:
            return What.WITHDRAWN
        if is_public and changed:
            return What.REVISED
        return None

    def delete_model(self, request, obj):
        with transaction.atomic():
            if self._is_public(obj):
                record(obj, What.WITHDRAWN, title=self.public_title(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # Django's "delete selected" runs outside a transaction: the rows and the record of
        # their withdrawal go together, and the pages are forgotten once they have gone.
        with transaction.atomic():
            for obj in queryset:
                if self._is_public(obj):
                    record(obj, What.WITHDRAWN, title=self.public_title(obj))
            super().delete_queryset(request, queryset)


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The change log as the public feeds give it: read only, it is a record."""

    list_display = ["at", "what", "kind", "public_page"]
    list_filter = ["what", "kind"]
    search_fields = ["title", "summary"]
    date_hierarchy = "at"

    @admin.display(description="Summary")
    def public_page(self, change):
        return format_html('<a href="{}">{}</a>', change.url, change.summary)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Staff see the queue as the jobs of this app, not as the library's "task results".
admin.site.unregister(DBTaskResult)


@admin.register(Job)
class JobAdmin(DBTaskResultAdmin):
    """The job queue: what waits, what runs, what failed and why. A failed job is tried again
    by itself a few times (changes/jobs.py); after that, staff may try it again here."""

    list_display = ["task_name", "state", "tries", "enqueued_at", "finished_at", "error"]
    list_filter = ["status"]
    ordering = ["-enqueued_at"]
    actions = ["try_again"]

    @admin.display(description="State")
    def state(self, job):
        if job.status == jobs.READY and job.traceback:
            return "Waiting to try again"
        return job.get_status_display()

    @admin.display(description="Tries")
    def tries(self, job):
        return jobs.attempts(job)

    @admin.display(description="Last error")
    def error(self, job):
        return job.exception_class_path.rsplit(".", 1)[-1] if job.traceback else ""

    def has_change_permission(self, request, obj=None):
        # No field can be edited; the action needs the permission to change.
        return request.user.has_perm("changes.change_job") and obj is None

    @admin.action(description="Try the selected failed jobs again now", permissions=["change"])
    def try_again(self, request, queryset):
        with transaction.atomic():
            count = jobs.try_again_now(queryset)
        self.message_user(request, f"{count} failed job(s) will be tried again.", messages.SUCCESS)
