"""The public forms' rate limit: at most so many submissions from one address in any window of
that length, counted by the `limits` library; a store that cannot be reached never costs a
submission."""

import logging
import time

import pytest
from django.urls import reverse

from complaints.models import Complaint, Question
from tests.complaints.factories import build_holder, complaint_form_data, form_data, open_meeting

pytestmark = pytest.mark.django_db

ASK = reverse("complaints:question-ask")
MAKE = reverse("complaints:complaint-make")


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, moved on by hand: `clock.now += 300`."""

    class Clock:
        now = time.time()

    monkeypatch.setattr(time, "time", lambda: Clock.now)
    return Clock


def send_question(client, meeting):
    return client.post(ASK, form_data(meeting, action="send"))


def test_the_window_moves_with_each_submission(client, settings, clock):
    settings.PUBLIC_FORM_RATE_LIMIT = "2/10m"
    meeting = open_meeting()
    assert send_question(client, meeting).status_code == 302
    clock.now += 120
    assert send_question(client, meeting).status_code == 302

    # Five minutes after the first: two in the last ten minutes already.
    clock.now += 180
    refused = send_question(client, meeting)
    assert refused.status_code == 429
    # The first submission leaves the window in five minutes: that is when to try again.
    assert 299 <= int(refused["Retry-After"]) <= 301

    clock.now += 301
    assert send_question(client, meeting).status_code == 302
    # The second is still in the window, with the third: the next one waits.
    assert send_question(client, meeting).status_code == 429
    assert Question.objects.count() == 3


def test_questions_and_complaints_are_counted_apart(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "1/10m"
    meeting, holder = open_meeting(), build_holder()

    assert send_question(client, meeting).status_code == 302
    assert client.post(MAKE, complaint_form_data(holder)).status_code == 302
    assert send_question(client, meeting).status_code == 429


def test_a_submission_goes_through_when_the_counts_cannot_be_reached(client, settings, caplog):
    """Redis down (here: nothing listens on its port) costs no question and no complaint."""
    settings.PUBLIC_FORM_RATE_LIMIT = "1/10m"
    settings.PUBLIC_FORM_RATE_LIMIT_STORAGE = "redis://127.0.0.1:1/0"
    meeting, holder = open_meeting(), build_holder()

    with caplog.at_level(logging.WARNING, logger="complaints.ratelimit"):
        sent = [send_question(client, meeting).status_code for _ in range(2)]
        made = client.post(MAKE, complaint_form_data(holder)).status_code

    assert sent == [302, 302]
    assert made == 302
    assert Question.objects.count() == 2
    assert Complaint.objects.count() == 1
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings == ["Rate limit not counted: ConnectionError unavailable"] * 3
    assert not any("127.0.0.1" in warning for warning in warnings)


def test_the_limit_and_the_login_lock_outs_read_the_address_from_one_place(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == settings.CLIENT_IP_CALLABLE
