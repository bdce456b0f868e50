from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Committees, meetings, agendas, papers, minutes and attendance."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
