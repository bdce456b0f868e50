from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py load_demo`: the demo data of every app, loaded in order. The data itself stays
    with each app (its demo.py), beside the models it fills; this app only runs them in turn and
    indexes the result for search."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
