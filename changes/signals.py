from django.dispatch import Signal

# Sent once a transaction that recorded public changes has committed, with changes=[Change, ...]
# (sender=Change). The page cache forgets the pages they show on (panel_site/page_cache.py).
changes_committed = Signal()
