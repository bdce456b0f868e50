"""What alerts do when the change log or the search index has news: queue a job, no more."""

from .models import Subscription


def changes_committed(sender, changes, **kwargs):
    from . import tasks, webhooks

    webhooks.queue_deliveries(changes)
    if Subscription.objects.filter(frequency=Subscription.Frequency.IMMEDIATELY).exists():
        tasks.send_immediately.enqueue()


def index_changed(sender, **kwargs):
    from . import tasks

    following = Subscription.objects.filter(
        frequency=Subscription.Frequency.IMMEDIATELY, what=Subscription.What.SEARCH
    )
    if following.exists():
        tasks.send_immediately.enqueue()
