from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """The public change log (one row per change the public can see, written by the services
    and admin pages that make it, in the same transaction), its feeds, and the job queue that
    does the work following a change (docs/operations.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "changes"
    verbose_name = "Changes and jobs"
    staff_permissions = {
        "Scrutiny officers": [
            "changes.view_change",
            "changes.view_job",
            "changes.change_job",  # to try a failed job again
        ],
    }

    def ready(self):
        from django_tasks.signals import task_finished

        from . import jobs

        task_finished.connect(jobs.try_again_later, dispatch_uid="changes-try-again")
