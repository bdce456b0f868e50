from django.dispatch import Signal

# Sent when the whole index has been emptied and filled again (index.rebuild()), with
# sender=SearchEntry. Its writes are in bulk and send no model signals of their own.
index_rebuilt = Signal()
