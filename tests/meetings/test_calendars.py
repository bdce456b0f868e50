import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Meeting
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
DAY = datetime.timedelta(days=1)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    # RFC 5545 3.1: CRLF line ends, lines of at most 75 octets.
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "South Yorkshire Police and Crime Panel" in str(calendar["PRODID"])
    return calendar


def events_by_url(calendar):
    return {str(event["URL"]).removeprefix(SITE): event for event in calendar.walk("VEVENT")}


def test_one_meeting_as_icalendar(client):
    meeting = build_meeting()
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.venue_address = "Moorgate Street\nRotherham; " + "a long line, " * 10
    meeting.webcast_url = "https://example.org/webcast"
    meeting.save()

    response = client.get(reverse("meetings:meeting-calendar", args=[meeting.slug]))

    assert response["Content-Disposition"] == 'attachment; filename="test-meeting.ics"'
    [event] = parse(response).walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@127.0.0.1"
    assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert abs(event["DTSTAMP"].dt - timezone.now()) < datetime.timedelta(minutes=1)
    # 1.30 pm in London on 2 May 2014 (summer time) is 12.30 UTC.
    assert event["DTSTART"].dt == datetime.datetime(2014, 5, 2, 12, 30, tzinfo=datetime.UTC)
    assert event["DTEND"].dt == datetime.datetime(2014, 5, 2, 14, 30, tzinfo=datetime.UTC)
    assert b"DTSTART:20140502T123000Z" in response.content
    assert str(event["SUMMARY"]) == "Police and Crime Panel, 2 May 2014"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]).startswith("Town Hall, Moorgate Street, Rotherham; a long line,")
    assert str(event["URL"]) == f"{SITE}{meeting.get_absolute_url()}"
    description = str(event["DESCRIPTION"])
    assert f"Agenda, papers and minutes: {SITE}/meetings/test-meeting/" in description
    assert "Webcast: https://example.org/webcast" in description


def test_calendar_lists_published_meetings_and_marks_cancelled_ones(client):
    cancelled = build_meeting(slug="cancelled", items=0)
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.start_time_known = False
    cancelled.save()
    build_meeting(slug="coming", start=timezone.now() + datetime.timedelta(days=9), items=0)
    build_meeting(slug="draft", is_published=False, items=0)

    calendar = parse(client.get(reverse("meetings:calendar")))

    assert str(calendar["X-WR-CALNAME"]) == "South Yorkshire Police and Crime Panel: meetings"
    events = events_by_url(calendar)
    assert set(events) == {"/meetings/cancelled/", "/meetings/coming/"}
    event = events["/meetings/cancelled/"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Police and Crime Panel, 2 May 2014"
    assert "This meeting has been cancelled." in str(event["DESCRIPTION"])
    # Only the date is known: an all-day event on that date, ending as the next day begins.
    assert event["DTSTART"].dt == datetime.date(2014, 5, 2)
    assert event["DTEND"].dt == datetime.date(2014, 5, 3)
    assert str(events["/meetings/coming/"]["STATUS"]) == "CONFIRMED"
    assert client.get("/meetings/draft.ics").status_code == 404
    assert client.get("/meetings/no-such-meeting.ics").status_code == 404


def test_a_postponed_meeting_says_so(client):
    meeting = build_meeting(slug="postponed", items=0)
    meeting.status = Meeting.Status.POSTPONED
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    url = reverse("meetings:meeting-calendar", args=[meeting.slug])

    [event] = parse(client.get(url)).walk("VEVENT")
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["SUMMARY"]) == "Postponed: Police and Crime Panel, 2 May 2014"
    assert "No new date has been set yet." in str(event["DESCRIPTION"])
    assert event["DTSTART"].dt == datetime.datetime(2014, 5, 2, 12, 30, tzinfo=datetime.UTC)

    meeting.postponed_to = timezone.make_aware(datetime.datetime(2014, 6, 6, 10, 0))
    meeting.save()
    [event] = parse(client.get(url)).walk("VEVENT")
    assert str(event["STATUS"]) == "CONFIRMED"
    assert (
        str(event["SUMMARY"]) == "Police and Crime Panel, 6 June 2014 (postponed from 2 May 2014)"
    )
    assert "postponed from 2 May 2014 to 6 June 2014" in str(event["DESCRIPTION"])
    assert event["DTSTART"].dt == datetime.datetime(2014, 6, 6, 9, 0, tzinfo=datetime.UTC)
    assert event["DTEND"].dt == datetime.datetime(2014, 6, 6, 11, 0, tzinfo=datetime.UTC)


NO_END = "No end time has been set: this entry shows the meeting as 2 hours long."


def test_a_meeting_with_no_end_time_lasts_two_hours_and_says_so(client):
    meeting = build_meeting(items=0)
    assert meeting.end is None

    response = client.get(reverse("meetings:meeting-calendar", args=[meeting.slug]))

    [event] = parse(response).walk("VEVENT")
    assert event["DTSTART"].dt == datetime.datetime(2014, 5, 2, 12, 30, tzinfo=datetime.UTC)
    assert event["DTEND"].dt == datetime.datetime(2014, 5, 2, 14, 30, tzinfo=datetime.UTC)
    assert NO_END in str(event["DESCRIPTION"])
    page = client.get(meeting.get_absolute_url()).text
    assert "No end time has been set, so the calendar entry lasts 2 hours." in page


def test_every_event_of_the_subscription_calendar_has_an_end(client):
    build_meeting(slug="no-end", items=0)
    ends = build_meeting(slug="ends", start=timezone.now() + 9 * DAY, items=0)
    ends.end = ends.start + datetime.timedelta(hours=3)
    ends.save()
    postponed = build_meeting(slug="postponed", items=0)
    postponed.status = Meeting.Status.POSTPONED
    postponed.postponed_to = timezone.make_aware(datetime.datetime(2014, 6, 6, 10, 0))
    postponed.save()

    events = events_by_url(parse(client.get(reverse("meetings:calendar"))))

    event = events["/meetings/no-end/"]
    assert event["DTEND"].dt - event["DTSTART"].dt == datetime.timedelta(hours=2)
    assert NO_END in str(event["DESCRIPTION"])
    event = events["/meetings/ends/"]
    assert event["DTEND"].dt - event["DTSTART"].dt == datetime.timedelta(hours=3)
    assert NO_END not in str(event["DESCRIPTION"])
    assert "No end time" not in client.get(ends.get_absolute_url()).text
    event = events["/meetings/postponed/"]
    assert event["DTEND"].dt == datetime.datetime(2014, 6, 6, 11, 0, tzinfo=datetime.UTC)
    assert NO_END in str(event["DESCRIPTION"])


def test_text_with_commas_semicolons_and_newlines_survives(client):
    meeting = build_meeting(items=0)
    meeting.venue_name = 'Room 1, "Old" Hall; Annexe \\ Wing'
    meeting.save()

    response = client.get(reverse("meetings:meeting-calendar", args=[meeting.slug]))

    [event] = parse(response).walk("VEVENT")
    assert str(event["LOCATION"]).startswith('Room 1, "Old" Hall; Annexe \\ Wing, Moorgate')
    assert b'LOCATION:Room 1\\, "Old" Hall\\; Annexe \\\\ Wing' in response.content


@pytest.mark.parametrize("size", [1, 30])
def test_calendar_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for number in range(size):
        build_meeting(
            slug=f"m-{number}", start=timezone.now() + number * datetime.timedelta(days=7), items=0
        )

    with django_assert_max_num_queries(1):
        calendar = parse(client.get(reverse("meetings:calendar")))
    assert len(calendar.walk("VEVENT")) == size


def test_the_meeting_form_tells_officers_what_a_blank_end_means(admin_client):
    meeting = build_meeting(items=0)

    response = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    assert "calendars then show the meeting as 2 hours long" in response.text
