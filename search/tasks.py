from django_tasks import task

from . import index


@task()
def reindex(saved, deleted):
    """Index again what one transaction changed (index.reindex_changed)."""
    index.reindex_changed(
        saved=[tuple(pair) for pair in saved], deleted=[tuple(row) for row in deleted]
    )
