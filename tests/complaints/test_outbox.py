"""Nothing lost: the question is saved before any email is tried, a failed email waits in the
outbox, and `send_queued_email` sends it once."""

import io

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from complaints.models import OutgoingEmail, Question
from complaints.services import email_send
from tests.complaints.factories import form_data, open_meeting

pytestmark = pytest.mark.django_db

FAILING = "tests.complaints.test_outbox.FailingBackend"


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down for pat.tester@example.com")


def test_a_failed_email_keeps_the_question_and_waits_to_be_retried(
    client, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = FAILING
    meeting = open_meeting()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("complaints:question-ask"), form_data(meeting))

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    question = Question.objects.get()
    email = OutgoingEmail.objects.get()
    assert email.sent_at is None
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    assert question.reference in email.subject
    # The log names the email by its id, never the address the server complained about.
    assert "pat.tester@example.com" not in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_email", stdout=(out := io.StringIO()))

    assert "Sent 1 email(s); 0 failed" in out.getvalue()
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2 and email.last_error == ""
    assert len(mail.outbox) == 1

    call_command("send_queued_email", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # never twice
    assert Question.objects.count() == 1


def test_an_email_already_sent_is_not_sent_again():
    email = OutgoingEmail.objects.create(
        topic="question", to="a@example.com", subject="S", body="B"
    )

    assert email_send(email.pk) is True
    assert email_send(email.pk) is False
    assert len(mail.outbox) == 1


def test_dry_run_counts_without_sending():
    OutgoingEmail.objects.create(topic="question", to="a@example.com", subject="S", body="B")
    out = io.StringIO()

    call_command("send_queued_email", "--dry-run", stdout=out)

    assert out.getvalue().strip() == "1 email(s) waiting to be sent."
    assert len(mail.outbox) == 0


def test_a_rolled_back_question_leaves_no_email(settings):
    from django.db import transaction

    from complaints.services import question_submit

    meeting = open_meeting()
    with pytest.raises(RuntimeError), transaction.atomic():
        question_submit(
            meeting=meeting,
            addressed_to="panel",
            text="Q",
            asker_name="N",
            email="n@example.com",
            postcode="S1 2HH",
            declares_local=True,
            consents_to_name=False,
        )
        raise RuntimeError

    assert Question.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert len(mail.outbox) == 0


# Transactional: each round of the worker closes a connection older than its maximum age, which in a
# test's own transaction would roll back the email written for it.
def test_the_worker_loop_sends_then_waits(monkeypatch, transactional_db):
    from complaints.management.commands import send_queued_email

    OutgoingEmail.objects.create(topic="question", to="a@example.com", subject="S", body="B")
    pauses = []

    def stop_after_one_round(seconds):
        pauses.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr(send_queued_email.time, "sleep", stop_after_one_round)

    with pytest.raises(KeyboardInterrupt):
        call_command("send_queued_email", "--loop", "--interval", "5", stdout=io.StringIO())

    assert pauses == [5]
    assert len(mail.outbox) == 1
