from django_tasks import task

from complaints import services
from complaints.models import OutgoingEmail


class EmailNotSent(Exception):
    """The mail server refused the email or could not be reached: the job is tried again."""


@task()
def send_email(email_id):
    """Send one queued email, unless it has gone already."""
    if services.email_send(email_id):
        return True
    if OutgoingEmail.objects.filter(pk=email_id, sent_at__isnull=True).exists():
        # Failing makes the queue try again later (changes/jobs.py); the outbox keeps the error.
        raise EmailNotSent(f"Email {email_id} not sent yet")
    return False


@task()
def send_emails(email_ids):
    """Send a batch of queued emails (alerts queue theirs a batch at a time)."""
    sent = [services.email_send(pk) for pk in email_ids]
    if OutgoingEmail.objects.filter(pk__in=email_ids, sent_at__isnull=True).exists():
        raise EmailNotSent(f"{len(email_ids) - sum(sent)} of {len(email_ids)} emails not sent yet")
    return sum(sent)
