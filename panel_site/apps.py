from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PanelAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the back office's site: password and code for every sign-in."""

    default = False  # named in INSTALLED_APPS; "panel_site" itself stays PanelSiteConfig
    default_site = "panel_site.two_factor.PanelAdminSite"


class PanelSiteConfig(AppConfig):
    """Site-wide pages and the wiring between the apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "panel_site"
    verbose_name = "Site"

    def ready(self):
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login

        def update_last_login_quietly(sender, user, **kwargs):
            # A login is not a change to the account: keep it out of the account's audit history.
            user.skip_history_when_saving = True
            try:
                update_last_login(sender, user, **kwargs)
            finally:
                del user.skip_history_when_saving

        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(
            update_last_login_quietly, dispatch_uid="update_last_login", weak=False
        )
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
