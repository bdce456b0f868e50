"""The audit trail of staff accounts. Domain models live in their own apps."""

from django.contrib.auth.models import User
from simple_history import register
from simple_history.models import HistoricalRecords


class HistoryWithOldTableNames(HistoricalRecords):
    """The history was made in panel_site and moved here with its tables, which keep their names
    (see migrations/0001_initial.py): the account's own table by `table_name`, the tables of its
    groups and permissions here, since simple-history names those after the app."""

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        options["db_table"] = f"panel_site_{self.get_history_model_name(through_model).lower()}"
        return options


# Every change to a staff account, its groups and its permissions is kept with who made it
# and when. The domain apps add HistoricalRecords to their own models in the same way. Password
# hashes are not copied into the history (Django's admin log records password changes), and a
# login adds no entry (see apps.py).
register(
    User,
    app=__package__,
    records_class=HistoryWithOldTableNames,
    table_name="panel_site_historicaluser",
    m2m_fields=[User.groups.field, User.user_permissions.field],
    excluded_fields=["password", "last_login"],
)
