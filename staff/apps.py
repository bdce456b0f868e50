from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the back office's site: password and code for every sign-in."""

    default = False  # named in INSTALLED_APPS; "staff" itself stays StaffConfig
    default_site = "staff.two_factor.PanelAdminSite"

    def ready(self):
        super().ready()  # imports every app's admin.py: all the lists are registered now
        # Every list in the back office (the apps' own and those of django-axes and django-otp)
        # counts its rows once. Django otherwise counts the whole table a second time, for
        # "N total" beside a filtered count: slow on lists of many thousands.
        for model_admin in self.module.site._registry.values():
            model_admin.show_full_result_count = False


class StaffConfig(AppConfig):
    """
    The back office's staff: two-factor sign-in, the staff groups and what each may do, and the
    audit trail of staff accounts. Named "staff" rather than "accounts" because only the panel's
    officers have accounts: residents never sign in.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "staff"
    verbose_name = "Staff"

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
