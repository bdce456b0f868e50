from django_tasks import task

from . import services, webhooks


@task()
def send_immediately():
    """Email those who follow as it happens what changed since their last email."""
    return services.send_immediately()


@task()
def send_digests():
    """Send the day's and the week's digests, if due and not sent yet."""
    return services.send_digests()


@task()
def deliver_webhook(delivery_id):
    """POST one change to one webhook; tried again later, for a day, if it fails."""
    return webhooks.deliver(delivery_id)
