from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Alerts: residents follow the panel, a committee, a meeting, a priority, an action, a
    member or a search, by email (as it happens, daily or weekly); partners by webhook. Fed by
    the change log once a change has committed; sent by jobs (docs/operations.md, "Alerts")."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = "Alerts"
    # Counts only: the addresses need view_follower_address, which no group is given.
    staff_permissions = {
        "Scrutiny officers": [
            "alerts.view_alerttally",
            "alerts.view_subscription",
            "alerts.view_webhook",
            "alerts.add_webhook",
            "alerts.change_webhook",
            "alerts.delete_webhook",
            "alerts.view_webhookdelivery",
        ],
    }

    def ready(self):
        from changes.signals import changes_committed
        from search.signals import index_changed

        from . import receivers

        changes_committed.connect(receivers.changes_committed, dispatch_uid="alerts-changes")
        # Searches are matched against the index, which a job of its own writes after a change.
        index_changed.connect(receivers.index_changed, dispatch_uid="alerts-index")
