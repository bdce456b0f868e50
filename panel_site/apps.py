from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig


class PanelSiteConfig(AppConfig):
    """Site-wide pages and the wiring between the apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "panel_site"
    verbose_name = "Site"


class PanelStaticFilesConfig(StaticFilesConfig):
    # The Sass sources and their build script are inputs to static/build/, not files to serve.
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "scss"]
