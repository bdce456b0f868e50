from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The office holder's Police and Crime Plan and the panel's review of it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Police and Crime Plan"
