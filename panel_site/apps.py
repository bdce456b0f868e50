from django.apps import AppConfig


class PanelSiteConfig(AppConfig):
    """Site-wide pages and the wiring between the apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "panel_site"
    verbose_name = "Site"

    def ready(self):
        connect_page_cache()


def connect_page_cache():
    """Forget the kept public pages that show what changed: when a public change is committed,
    when a job has indexed something again, and when the whole index is rebuilt."""
    from changes.signals import changes_committed
    from search.signals import index_changed, index_rebuilt

    from .page_cache import public_changes_committed, search_index_changed, start_new_generation

    changes_committed.connect(public_changes_committed, dispatch_uid="page-cache-changes")
    index_changed.connect(search_index_changed, dispatch_uid="page-cache-search")

    def index_rebuilt_receiver(sender, **kwargs):
        start_new_generation()

    index_rebuilt.connect(index_rebuilt_receiver, dispatch_uid="page-cache-rebuilt", weak=False)
