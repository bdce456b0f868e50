from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The office holder's Police and Crime Plan and the panel's review of it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Police and Crime Plan"

    # What each staff group may do here, and no more (the staff app makes the groups from these
    # lists; a data migration calls its sync_staff_groups when models are added). Scrutiny
    # officers keep the plan and record the panel's review of it.
    staff_permissions = {
        "Scrutiny officers": [
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
        ],
    }
