"""The email worker (`send_queued_email --loop`) outlives a database outage: a round that finds the
database down is skipped, and the next round, on a new connection, sends what waits (issue 9)."""

import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError

from complaints.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_the_worker_waits_out_a_database_outage(monkeypatch):
    from complaints.management.commands import send_queued_email

    OutgoingEmail.objects.create(topic="question", to="a@example.com", subject="S", body="B")
    real = send_queued_email.email_send_queued
    rounds = iter([OperationalError("server closed the connection unexpectedly"), None])

    def down_then_back(limit):
        if (error := next(rounds)) is not None:
            raise error
        return real(limit=limit)

    pauses = []

    def sleep(seconds):
        pauses.append(seconds)
        if len(pauses) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(send_queued_email, "email_send_queued", down_then_back)
    monkeypatch.setattr(send_queued_email.time, "sleep", sleep)
    errors = io.StringIO()
    # The test's own transaction must stay open: closing stale connections is a no-op here.
    with (
        mock.patch.object(send_queued_email, "close_old_connections"),
        pytest.raises(KeyboardInterrupt),
    ):
        call_command(
            "send_queued_email", "--loop", "--interval", "7", stdout=io.StringIO(), stderr=errors
        )

    assert pauses == [7, 7]
    assert "Database unavailable (OperationalError); trying again in 7 s." in errors.getvalue()
    assert len(mail.outbox) == 1


def test_a_single_round_still_fails_loudly():
    """From cron, a failed run must show in its exit status."""
    with (
        mock.patch(
            "complaints.management.commands.send_queued_email.email_send_queued",
            side_effect=OperationalError("connection refused"),
        ),
        pytest.raises(OperationalError),
    ):
        call_command("send_queued_email", stdout=io.StringIO())
