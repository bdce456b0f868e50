"""The audit trail of staff accounts. Domain models live in their own apps."""

from django.contrib.auth.models import User
from simple_history import register

# Every change to a staff account, its groups and its permissions is kept with who made it
# and when. The domain apps add HistoricalRecords to their own models in the same way. Password
# hashes are not copied into the history (Django's admin log records password changes), and a
# login adds no entry (see apps.py).
register(
    User,
    app=__package__,
    m2m_fields=[User.groups.field, User.user_permissions.field],
    excluded_fields=["password", "last_login"],
)
