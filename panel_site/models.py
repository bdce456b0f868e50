"""The audit trail of staff accounts. Domain models live in their own apps."""

from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchVectorField
from django.db import models
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


class SearchEntry(models.Model):
    """One public thing the site search can find: a copy of its words, kept current by search.py."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        AGENDA_ITEM = "agenda_item", "Agenda item"
        PAPER = "paper", "Paper"
        MINUTE = "minute", "Minutes"
        ACTION = "action", "Action log"
        PRIORITY = "priority", "Plan priority"
        OUTCOME = "outcome", "Plan outcome"
        COMMITMENT = "commitment", "Plan commitment"
        QUESTION = "question", "Public question"
        MEMBER = "member", "Member"

    kind = models.CharField(max_length=20, choices=Kind)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    committee = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    # Filled on PostgreSQL only (weights: A title, B summary, C body); the GIN index on it is made
    # by the migration on PostgreSQL alone, since SQLite has no such index. SQLite keeps the
    # column empty and search falls back to matching words.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="panel_site_search_one"),
        ]
        indexes = [
            models.Index(fields=["year"]),
            models.Index(fields=["committee"]),
            # A broad search ranks only its most recent matches, found through this index.
            models.Index(fields=["date", "id"], name="panel_site_search_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.url


class SearchWord(models.Model):
    """A word of the search index as PostgreSQL stores it (a lexeme), kept by search.py.

    A search for an abbreviation in capitals also finds the words it begins ("HMIC" finds
    "HMICFRS"). Asking the GIN index for every word with a prefix cost three times as much as
    asking for the words themselves, so the words are looked up here first. A word no entry holds
    any more is left: it finds nothing.
    """

    word = models.TextField(primary_key=True)

    class Meta:
        indexes = [
            # LIKE 'hmic%' can use this index whatever the database's collation.
            models.Index(
                fields=["word"], name="panel_site_searchword_prefix", opclasses=["text_pattern_ops"]
            ),
        ]

    def __str__(self):
        return self.word
