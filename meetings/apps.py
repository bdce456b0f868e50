from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Committees, meetings, agendas, papers, minutes and attendance."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"

    # What each staff group may do here, and no more (the staff app makes the groups from these
    # lists; a data migration calls its sync_staff_groups when models are added). Scrutiny
    # officers publish meetings, their papers and minutes, and keep the action log.
    staff_permissions = {
        "Scrutiny officers": [
            f"meetings.{action}_{model}"
            for model in [
                "committee",
                "council",
                "member",
                "membership",
                "meeting",
                "agendaitem",
                "paper",
                "attachment",
                "minute",
                "resolution",
                "attendance",
                "action",
                "actionresponse",
            ]
            for action in ["view", "add", "change", "delete"]
        ],
    }
