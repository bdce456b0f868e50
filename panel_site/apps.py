from django.apps import AppConfig


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
