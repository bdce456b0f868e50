"""The site search's index: a copy of the words of each public thing, kept by index.py."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Now


class SearchEntry(models.Model):
    """One public thing the site search can find: a copy of its words, kept current by index.py."""

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
    # by panel_site's migration 0003 on PostgreSQL alone, since SQLite has no such index. SQLite
    # keeps the column empty and search falls back to matching words.
    search_vector = SearchVectorField(null=True, editable=False)
    # Set by the database when the entry is written (the index rewrites a thing's entries each
    # time): alerts/ waits for an entry written after a change before matching searches to it.
    indexed_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        # The table (and so its indexes, named after it) the model had in panel_site, where it
        # was made: moving the model to this app kept the data where it was, and the raw SQL of
        # index.py, panel_site's migrations and the bench data name it.
        db_table = "panel_site_searchentry"
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
    """A word of the search index as PostgreSQL stores it (a lexeme), kept by index.py.

    A search for an abbreviation in capitals also finds the words it begins ("HMIC" finds
    "HMICFRS"). Asking the GIN index for every word with a prefix cost three times as much as
    asking for the words themselves, so the words are looked up here first. A word no entry holds
    any more is left: it finds nothing.
    """

    word = models.TextField(primary_key=True)

    class Meta:
        db_table = "panel_site_searchword"  # as SearchEntry's: the table made in panel_site
        indexes = [
            # LIKE 'hmic%' can use this index whatever the database's collation.
            models.Index(
                fields=["word"], name="panel_site_searchword_prefix", opclasses=["text_pattern_ops"]
            ),
        ]

    def __str__(self):
        return self.word
