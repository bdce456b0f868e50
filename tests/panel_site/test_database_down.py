"""While the database is down a page gets the styled 503 with Retry-After, never the 500 page, and
a form sent meanwhile is never confirmed (issue 9).

"Down" here is every query failing as it does when PostgreSQL is stopped: the cursor raises
OperationalError. The tests are transactional: a failed query inside the test's own transaction
would leave that transaction unusable for the checks afterwards.
"""

import logging
from unittest import mock

import pytest
from django.core import mail
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from complaints.models import Complaint, OutgoingEmail, Question
from tests.complaints.factories import build_holder, complaint_form_data, form_data, open_meeting

pytestmark = pytest.mark.django_db(transaction=True)

ASK = reverse("complaints:question-ask")
MAKE = reverse("complaints:complaint-make")


def database_down(error=OperationalError):
    return mock.patch.object(
        CursorWrapper, "execute", side_effect=error("connection to server failed")
    )


def assert_styled_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Sorry, the service is unavailable" in text
    assert "Try again in a minute." in text
    # The site's own look: the layout, the stylesheet and the usual security headers.
    assert "govuk-template__body" in text
    assert "main.css" in text
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_gets_the_styled_503_while_the_database_is_down(client, error, caplog):
    open_meeting()

    with database_down(error), caplog.at_level(logging.ERROR):
        response = client.get(reverse("meetings:index"))

    assert_styled_503(response)
    # Logged once, naming the error's kind and the view, not the address or anything sent.
    logged = [r for r in caplog.records if r.name == "panel_site.database"]
    assert [r.getMessage() for r in logged] == [
        f"Database unavailable ({error.__name__}): answered GET meetings:index with 503"
    ]
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_a_question_sent_while_the_database_is_down_is_not_confirmed(client):
    meeting = open_meeting()
    data = form_data(meeting, action="send")
    assert client.get(ASK).status_code == 200

    with database_down():
        response = client.post(ASK, data)

    assert_styled_503(response)
    assert Question.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []
    # Nothing in the session points to a confirmation either.
    assert client.get(reverse("complaints:question-submitted"))["Location"] == ASK


def test_a_question_whose_saving_fails_is_not_confirmed(client):
    """The connection lost between reading the form's meetings and storing the question."""
    meeting = open_meeting()

    with mock.patch.object(
        Question.objects, "create", side_effect=OperationalError("server closed the connection")
    ):
        response = client.post(ASK, form_data(meeting, action="send"))

    assert_styled_503(response)
    assert Question.objects.count() == 0
    assert mail.outbox == []


def test_a_complaint_sent_while_the_database_is_down_is_not_confirmed(client):
    holder = build_holder()

    with database_down():
        response = client.post(MAKE, complaint_form_data(holder))

    assert_styled_503(response)
    assert Complaint.objects.count() == 0


def test_a_visitor_with_a_session_gets_the_503_too(client):
    """Their session cannot be saved either: the 503 stands and the cookie is kept."""
    meeting = open_meeting()
    assert client.post(ASK, form_data(meeting, action="send")).status_code == 302
    cookie = client.cookies["sessionid"].value

    with database_down():
        response = client.get(reverse("complaints:question-submitted"))

    assert_styled_503(response)
    assert "sessionid" not in response.cookies
    assert client.cookies["sessionid"].value == cookie
    # Back up: the confirmation is there again.
    assert client.get(reverse("complaints:question-submitted")).status_code == 200


def test_a_failure_on_the_way_out_is_a_503_too(caplog):
    """Saving the session fails after the page itself was read: the 503, not the 500 page."""
    client = Client(raise_request_exception=False)
    meeting = open_meeting()
    assert client.post(ASK, form_data(meeting, action="send")).status_code == 302

    with (
        mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.save",
            side_effect=OperationalError("server closed the connection"),
        ),
        caplog.at_level(logging.ERROR),
    ):
        response = client.get(reverse("home"))

    assert_styled_503(response)
    assert len([r for r in caplog.records if r.name == "panel_site.database"]) == 1


def test_a_session_lost_with_the_database_is_a_503_not_a_400(client, caplog):
    """PostgreSQL stopped between reading the page and saving the session: Django's session
    middleware would call that an interrupted session, a 400 "bad request"."""
    meeting = open_meeting()
    assert client.post(ASK, form_data(meeting, action="send")).status_code == 302

    with (
        mock.patch(
            "django.db.models.Model.save",
            side_effect=OperationalError("terminating connection due to administrator command"),
        ),
        caplog.at_level(logging.ERROR),
    ):
        response = client.get(reverse("home"))

    assert_styled_503(response)
    assert len([r for r in caplog.records if r.name == "panel_site.database"]) == 1


def test_the_page_works_again_as_soon_as_the_database_is_back(client):
    with database_down():
        assert client.get(reverse("home")).status_code == 503

    assert client.get(reverse("home")).status_code == 200


def test_a_bad_query_is_still_a_bug_not_an_outage(client):
    # The test client raises what the view let out: this would have been the 500 page.
    with database_down(ProgrammingError), pytest.raises(ProgrammingError):
        client.get(reverse("meetings:index"))
