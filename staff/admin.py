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
