import datetime
import json
import re

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def event_of(client, meeting):
    text = client.get(meeting.get_absolute_url()).text
    [block] = JSON_LD.findall(text)
    return json.loads(block)


def test_meeting_page_describes_the_meeting_as_a_schema_org_event(client):
    meeting = build_meeting()
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.venue_address = "Moorgate Street\nRotherham\nS60 2TH"
    meeting.save()

    event = event_of(client, meeting)

    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Police and Crime Panel, 2 May 2014"
    assert event["url"] == f"{SITE}/meetings/test-meeting/"
    assert event["startDate"] == "2014-05-02T13:30:00+01:00"
    assert event["endDate"] == "2014-05-02T15:30:00+01:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"] == {
        "@type": "Place",
        "name": "Town Hall",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Moorgate Street, Rotherham, S60 2TH",
            "addressCountry": "GB",
        },
    }
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "South Yorkshire Police and Crime Panel",
        "url": f"{SITE}/",
    }


def test_status_date_only_and_webcast(client):
    meeting = build_meeting(items=0)
    meeting.status = Meeting.Status.CANCELLED
    meeting.start_time_known = False
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.webcast_url = "https://example.org/webcast"
    meeting.save()

    event = event_of(client, meeting)

    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["startDate"] == "2014-05-02"
    assert "endDate" not in event
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert event["location"][0]["name"] == "Town Hall"
    assert event["location"][1] == {
        "@type": "VirtualLocation",
        "url": "https://example.org/webcast",
    }


def test_postponed_meeting_is_postponed_then_rescheduled(client):
    meeting = build_meeting(items=0)
    meeting.status = Meeting.Status.POSTPONED
    meeting.save()

    event = event_of(client, meeting)
    assert event["eventStatus"] == "https://schema.org/EventPostponed"
    assert event["startDate"] == "2014-05-02T13:30:00+01:00"

    meeting.postponed_to = timezone.make_aware(datetime.datetime(2014, 6, 6, 10, 0))
    meeting.save()
    event = event_of(client, meeting)
    assert event["eventStatus"] == "https://schema.org/EventRescheduled"
    assert event["startDate"] == "2014-06-06T10:00:00+01:00"
    assert event["previousStartDate"] == "2014-05-02T13:30:00+01:00"


def test_a_hostile_venue_name_cannot_break_out_of_the_script(client):
    hostile = '</script><script>alert("x")</script><!-- & \u2028'
    meeting = build_meeting(items=0)
    meeting.venue_name = hostile
    meeting.save()

    text = client.get(meeting.get_absolute_url()).text

    assert "<script>alert" not in text
    assert text.count("</script>") == text.count("<script")
    assert "\\u003C/script\\u003E\\u003Cscript\\u003E" in text
    assert event_of(client, meeting)["location"]["name"] == hostile
