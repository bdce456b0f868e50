from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(SimpleHistoryAdmin, UserAdmin):
    """Staff accounts, with the history of every change to them."""

    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    history_list_display = ["is_staff", "is_active"]


# Every list in the back office (the apps' own and those of django-axes and django-otp, all
# registered by now: this app comes last) counts its rows once. Django otherwise counts the whole
# table a second time, for "N total" beside a filtered count: slow on lists of many thousands.
for model_admin in admin.site._registry.values():
    model_admin.show_full_result_count = False
