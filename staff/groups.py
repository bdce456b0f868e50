"""
The two staff groups. Each app says in its AppConfig what each group may do with its models
(`staff_permissions`, "app_label.codename" by group name), and no more; `sync_staff_groups` makes
the groups hold exactly what the installed apps list. A data migration of an app calls it when the
app's models (and so its permissions) land, so that the groups in every database match the lists.
"""

from django.apps import apps as installed_apps
from django.core.exceptions import ImproperlyConfigured

SCRUTINY_OFFICERS = "Scrutiny officers"
COMPLAINTS_OFFICERS = "Complaints officers"
STAFF_GROUPS = [SCRUTINY_OFFICERS, COMPLAINTS_OFFICERS]


def staff_group_permissions():
    """Each staff group's permissions, as the installed apps list them."""
    wanted = {name: [] for name in STAFF_GROUPS}
    # The real app registry, even inside a migration: the historical one has no AppConfig classes.
    for app_config in installed_apps.get_app_configs():
        for name, permissions in getattr(app_config, "staff_permissions", {}).items():
            if name not in wanted:
                raise ImproperlyConfigured(
                    f"{app_config.name} gives permissions to {name!r}, which is not a staff group "
                    f"(staff/groups.py names them: {', '.join(STAFF_GROUPS)})."
                )
            wanted[name].extend(permissions)
    return wanted


def sync_staff_groups(apps, schema_editor=None):
    """Create the staff groups and give each exactly the permissions the apps list for it."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations have run; make sure those the groups
    # are given exist now, for the apps migrated so far (and only those apps: another's models
    # may be half-way through a move between apps, as staff accounts' history once was).
    # create_permissions skips an app without a models module, which is how a migration's
    # historical apps look; the real registry (the tests pass it) must be left as it was.
    wanted = staff_group_permissions()
    drawn_from = {dotted.split(".")[0] for permissions in wanted.values() for dotted in permissions}
    for app_config in apps.get_app_configs():
        if app_config.label not in drawn_from:
            continue
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, listed in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in listed:
            app_label, codename = dotted.split(".")
            permissions.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
