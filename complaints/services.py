"""Writes with side effects: each in one transaction, with its email queued in the same
transaction and sent after commit (HackSoftware's Django-Styleguide services)."""

import contextlib
import logging
import random
import time

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from complaints.models import OutgoingEmail, Question, new_reference, new_status_token

# Log lines name emails and questions by their id only: never an address, a name or a question.
logger = logging.getLogger(__name__)

REFERENCE_ATTEMPTS = 20


# The outbox ----------------------------------------------------------------------------------


def email_queue(*, topic, to, template, context):
    """Queue an email in the current transaction and send it once the transaction commits.

    The template's first line is the subject; the rest is the body. If the transaction rolls back,
    the email never existed; if sending fails, it stays in the outbox to be retried.
    """
    subject, body = render_to_string(template, context).strip().split("\n", 1)
    email = OutgoingEmail.objects.create(
        topic=topic, to=to, subject=subject.strip(), body=body.strip() + "\n"
    )
    transaction.on_commit(lambda: email_send(email.pk), robust=True)
    return email


def email_send(pk):
    """Send one queued email unless it has gone already. A failure is recorded, never raised:
    whatever caused the email has been saved and must not be undone by a mail server."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        try:
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
        except Exception as error:  # noqa: BLE001 - any failure of any backend is recorded
            email.last_error = f"{timezone.now():%Y-%m-%d %H:%M} {type(error).__name__}"
            email.save(update_fields=["attempts", "last_error"])
            logger.warning("Email %s not sent (attempt %s): %s", pk, email.attempts, type(error))
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def email_send_queued(*, limit=100):
    """Try again every email not yet sent, oldest first. Returns (sent, failed)."""
    sent = failed = 0
    pks = OutgoingEmail.objects.filter(sent_at__isnull=True).order_by("created_at")
    for pk in pks.values_list("pk", flat=True)[:limit]:
        if email_send(pk):
            sent += 1
        else:
            failed += 1
    return sent, failed


class SQLiteBusy(Exception):
    """SQLite (the embedded default) lets one connection write at a time; another that tries
    meanwhile may fail at once rather than wait. PostgreSQL never does: it waits its turn."""


@contextlib.contextmanager
def sqlite_writer_retry():
    try:
        yield
    except OperationalError as error:
        if connection.vendor == "sqlite" and "locked" in str(error):
            raise SQLiteBusy from error
        raise


# Questions -----------------------------------------------------------------------------------


def question_email(question, template):
    email_queue(
        topic=OutgoingEmail.Topic.QUESTION,
        to=question.email,
        template=template,
        context={
            "question": question,
            "site_url": settings.SITE_URL,
            "status_url": settings.SITE_URL + question.get_status_url(),
            "panel_name": settings.PANEL_NAME,
        },
    )


def question_submit(
    *,
    meeting,
    addressed_to,
    text,
    asker_name,
    email,
    postcode,
    declares_local,
    consents_to_name,
):
    """Store a new question and acknowledge it by email. Each question gets its own reference:
    on the rare collision of two random references, a fresh one is drawn."""
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with sqlite_writer_retry(), transaction.atomic():
                question = Question.objects.create(
                    meeting=meeting,
                    addressed_to=addressed_to,
                    text=text,
                    asker_name=asker_name,
                    email=email,
                    postcode=postcode,
                    declares_local=declares_local,
                    consents_to_name=consents_to_name,
                    reference=new_reference(),
                    status_token=new_status_token(),
                )
                question_email(question, "complaints/emails/question_received.txt")
        except (IntegrityError, SQLiteBusy):
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311 - just a pause
            continue
        logger.info("Question %s received for meeting %s", question.pk, meeting.pk)
        return question


@transaction.atomic
def question_accept(*, question):
    question.status = Question.Status.ACCEPTED
    question.rejection_reason = ""
    question.decided_at = timezone.now()
    question.save()
    return question


@transaction.atomic
def question_reject(*, question, reason, note=""):
    """Reject a question for one of the panel's reasons, and tell the asker why."""
    question.status = Question.Status.REJECTED
    question.rejection_reason = reason
    question.rejection_note = note
    question.answer_published = False
    question.decided_at = timezone.now()
    question.save()
    question_email(question, "complaints/emails/question_rejected.txt")
    return question


@transaction.atomic
def question_answer(*, question, answer, answered_how, answered_by="", publish=True):
    """Record the answer, publish it with the meeting if asked, and send it to the asker."""
    question.status = Question.Status.ANSWERED
    question.answer = answer
    question.answered_how = answered_how
    question.answered_by = answered_by
    question.answer_published = publish
    question.answered_at = timezone.now()
    question.decided_at = question.decided_at or question.answered_at
    question.save()
    question_email(question, "complaints/emails/question_answered.txt")
    return question
