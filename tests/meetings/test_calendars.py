import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db


def unfold(text):
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_one_meeting_as_icalendar(client):
    meeting = build_meeting()
    meeting.venue_address = "Moorgate Street, Rotherham S60 2TH; " + "a long line " * 10
    meeting.save()

    response = client.get(reverse("meetings:meeting-calendar", args=[meeting.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfold(response.content.decode())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "DTSTART:20140502T123000Z" in lines
    assert "SUMMARY:Police and Crime Panel\\, 2 May 2014" in lines
    assert "STATUS:CONFIRMED" in lines
    assert any(line.startswith("LOCATION:Town Hall\\, Moorgate Street\\,") for line in lines)
    assert f"URL:http://127.0.0.1:8000{meeting.get_absolute_url()}" in lines


def test_calendar_lists_published_meetings_and_marks_cancelled_ones(client):
    cancelled = build_meeting(slug="cancelled", items=0)
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.start_time_known = False
    cancelled.save()
    build_meeting(slug="coming", start=timezone.now() + datetime.timedelta(days=9), items=0)
    build_meeting(slug="draft", is_published=False, items=0)

    lines = unfold(client.get(reverse("meetings:calendar")).content.decode())

    assert lines.count("BEGIN:VEVENT") == 2
    assert "STATUS:CANCELLED" in lines
    assert "DTSTART;VALUE=DATE:20140502" in lines
    assert client.get("/meetings/draft.ics").status_code == 404
