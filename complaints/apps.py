from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """What the public sends in: questions for panel meetings and complaints."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints"
    verbose_name = "Questions and complaints"

    # What each staff group may do here, and no more (the staff app makes the groups from these
    # lists; a data migration calls its sync_staff_groups when models are added).
    staff_permissions = {
        # Scrutiny officers moderate public questions and may read (never change) the emails sent
        # about them; the outbox itself shows each officer only the emails of their own work.
        "Scrutiny officers": [
            f"complaints.{action}_question" for action in ["view", "add", "change", "delete"]
        ]
        + ["complaints.view_outgoingemail"],
        # Complaints officers alone handle complaints about the office holder: the records, their
        # files, stage moves and letters, and may read (never change) the log of who viewed them
        # and the emails sent about them. Nobody else on the staff gets any of these.
        "Complaints officers": [
            f"complaints.{action}_{model}"
            for model in ["complaint", "complaintfile", "stagechange", "letter"]
            for action in ["view", "add", "change", "delete"]
        ]
        + ["complaints.view_complaintview", "complaints.view_outgoingemail"],
    }
