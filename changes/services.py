"""Recording public changes, and gathering what a transaction changed to act on it once."""

from django.db import transaction

from .models import Change
from .signals import changes_committed

# The advisory lock that keeps the change log's numbers in commit order (any fixed number).
CHANGE_LOG_LOCK = 16_2026


def once_on_commit(name, item, flush, using=None):
    """Add `item` to this transaction's set called `name`; `flush(items)` runs once, when the
    transaction commits, with all of them. A meeting saved with its 15 items is acted on once,
    not 16 times. Outside a transaction `flush` runs at once, with this item alone."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        flush([item])
        return
    gathered = connection.__dict__.setdefault("gathered_on_commit", {})
    pending = gathered.get(name)
    # A set still waiting for this transaction's commit; once it has run, or after a rollback
    # (its callback is no longer registered), a new set is started.
    if (
        pending is None
        or pending.done
        or not any(func == pending.run for _, func, _ in connection.run_on_commit)
    ):
        pending = gathered[name] = _Pending(flush)
        transaction.on_commit(pending.run, using=using, robust=True)
    pending.add(item)


def drop_on_commit(name, using=None):
    """Forget this transaction's set called `name`: what it was gathered for is done already
    (the whole search index rebuilt, say)."""
    connection = transaction.get_connection(using)
    pending = connection.__dict__.get("gathered_on_commit", {}).pop(name, None)
    if pending is not None:
        pending.items.clear()


class _Pending:
    def __init__(self, flush):
        self.flush = flush
        self.items = {}  # an ordered set
        self.done = False

    def add(self, item):
        self.items[item] = None

    def run(self):
        self.done = True
        if self.items:
            self.flush(list(self.items))


def record(obj, what, *, title=None, summary=None):
    """Record that `obj` (with a public page) was published, changed or withdrawn, in the
    current transaction. Those who act on changes hear of it once the transaction commits."""
    what = Change.What(what)
    kind = Change.kind_of(type(obj))
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        # One recording transaction at a time, until it commits: the changes' numbers then
        # become visible in order, and a reader of /api/changes/ who has read up to a number
        # never misses a smaller one committed later. (SQLite lets one writer in at a time.)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOG_LOCK])
    title = (title or str(obj))[:300]
    # A model says what it is part of and what one may follow through it (alerts/).
    within, about = obj.followed_through() if hasattr(obj, "followed_through") else ("", [])
    change = Change.objects.create(
        what=what,
        kind=kind,
        object_id=obj.pk,
        title=title,
        url=obj.get_absolute_url(),
        summary=(summary or f"{what.label}: {title}")[:500],
        within=within[:300],
        about=about,
    )
    once_on_commit("changes", change, _announce)
    return change


def _announce(changes):
    changes_committed.send(sender=Change, changes=changes)
