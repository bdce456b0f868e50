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
