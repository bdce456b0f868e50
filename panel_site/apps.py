from django.apps import AppConfig


class PanelSiteConfig(AppConfig):
    """Site-wide pages and the wiring between the apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "panel_site"
    verbose_name = "Site"

    def ready(self):
        connect_page_cache()


def connect_page_cache():
    """Forget the kept public pages whenever anything they show may have changed. Connected after
    the search index (search comes before this app in INSTALLED_APPS), so that search pages are
    forgotten once the index has caught up too; and when the whole index is rebuilt."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from search.signals import index_rebuilt

    from .page_cache import content_changed, start_new_generation

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{id(signal)}", weak=False)

    def index_changed(sender, **kwargs):
        start_new_generation()

    index_rebuilt.connect(index_changed, dispatch_uid="page-cache-search", weak=False)
