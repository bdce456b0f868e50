from django.dispatch import Signal

# Sent when the whole index has been emptied and filled again (index.rebuild()), with
# sender=SearchEntry. Its writes are in bulk and send no model signals of their own.
index_rebuilt = Signal()

# Sent when a job has indexed again what a transaction changed (index.reindex_changed()), with
# sender=SearchEntry: the kept search pages are out of date.
index_changed = Signal()
