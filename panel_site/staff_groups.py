"""
The two staff groups and the permissions each needs for its work, and no more.

Each app lists its own permissions here as its models land; a data migration of that app calls
`sync_staff_groups` so that the groups in every database match this list.
"""

SCRUTINY_OFFICERS = "Scrutiny officers"
COMPLAINTS_OFFICERS = "Complaints officers"

# "app_label.codename" for each permission. Scrutiny officers publish meetings, papers and the plan
# and moderate questions; complaints officers handle complaints and nothing else.
MEETINGS_PERMISSIONS = [
    f"meetings.{action}_{model}"
    for model in [
        "committee",
        "council",
        "member",
        "membership",
        "meeting",
        "agendaitem",
        "paper",
        "attachment",
        "minute",
        "resolution",
        "attendance",
        "action",
        "actionresponse",
    ]
    for action in ["view", "add", "change", "delete"]
]

# Scrutiny officers moderate public questions and may read (never change) the emails sent about
# them; the outbox itself shows each officer only the emails of their own work.
QUESTION_PERMISSIONS = [
    f"complaints.{action}_question" for action in ["view", "add", "change", "delete"]
] + ["complaints.view_outgoingemail"]

# Complaints officers alone handle complaints about the office holder: the records, their files,
# stage moves and letters, and may read (never change) the log of who viewed them and the emails
# sent about them. Nobody else on the staff gets any of these.
COMPLAINT_PERMISSIONS = [
    f"complaints.{action}_{model}"
    for model in ["complaint", "complaintfile", "stagechange", "letter"]
    for action in ["view", "add", "change", "delete"]
] + ["complaints.view_complaintview", "complaints.view_outgoingemail"]

STAFF_GROUP_PERMISSIONS = {
    SCRUTINY_OFFICERS: [
        f"plans.{action}_{model}"
        for model in [
            "office",
            "officeholder",
            "plan",
            "priority",
            "outcome",
            "commitment",
            "commitmentupdate",
            "measure",
            "measurereading",
            "fundingline",
            "workforcefigure",
            "glossaryterm",
            "planvariationstep",
        ]
        for action in ["view", "add", "change", "delete"]
    ]
    + MEETINGS_PERMISSIONS
    + QUESTION_PERMISSIONS,
    COMPLAINTS_OFFICERS: COMPLAINT_PERMISSIONS,
}


def sync_staff_groups(apps, schema_editor=None):
    """Create the staff groups and give each exactly the permissions listed above."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations have run; make sure those of the
    # apps migrated so far exist now. create_permissions skips an app without a models module,
    # which is how a migration's historical apps look; the real registry (the tests pass it)
    # must be left as it was.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in STAFF_GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            permissions.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
