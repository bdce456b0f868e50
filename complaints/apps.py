from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """What the public sends in: questions for panel meetings and complaints."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints"
    verbose_name = "Questions and complaints"
