"""Questions built in tests, from invented askers."""

import datetime

from django.utils import timezone

from complaints.models import Question
from meetings.models import Meeting
from tests.meetings.factories import build_meeting

DAY = datetime.timedelta(days=1)


def open_meeting(slug="open-meeting", days=30, **kwargs):
    """A published meeting far enough ahead to be open for questions."""
    return build_meeting(slug=slug, start=timezone.now() + days * DAY, minutes=False, **kwargs)


def build_question(meeting=None, *, status=Question.Status.RECEIVED, **fields):
    meeting = meeting or Meeting.objects.filter(slug="open-meeting").first() or open_meeting()
    values = {
        "addressed_to": Question.AddressedTo.PANEL,
        "text": "How many neighbourhood officers does each district have?",
        "asker_name": "Hidden Asker",
        "email": "hidden.asker@example.com",
        "postcode": "s1 2hh",
        "declares_local": True,
        "consents_to_name": False,
        "status": status,
    }
    if status == Question.Status.ANSWERED:
        values.update(
            answer="Each district has its own team.",
            answered_by="the Chair",
            answered_how=Question.AnsweredHow.AT_MEETING,
            answer_published=True,
            answered_at=timezone.now(),
        )
    if status == Question.Status.REJECTED:
        values["rejection_reason"] = Question.RejectionReason.NOT_IN_REMIT
    values.update(fields)
    return Question.objects.create(meeting=meeting, **values)


def form_data(meeting, /, **overrides):
    data = {
        "meeting": str(meeting.pk),
        "addressed_to": "panel",
        "text": "What is being done about speeding on rural roads?",
        "individual_case": "no",
        "asker_name": "Pat Tester",
        "email": "pat.tester@example.com",
        "postcode": "s60 2th",
        "declares_local": "on",
        "consents_to_name": "no",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
