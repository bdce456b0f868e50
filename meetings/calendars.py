"""Meetings as iCalendar (RFC 5545): one meeting, and the calendar of all published meetings.

The icalendar library writes the format (escaping, line folding, value types); this module only
says what each meeting is. Times are given in UTC; a meeting whose time is not known is an all-day
event on its date. Every event has an end (some calendars show an event without one as lasting no
time at all): the meeting's own, or Meeting.DEFAULT_LENGTH_HOURS after its start, which the event's
description and the meeting's page then say.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting

PRODID = "-//South Yorkshire Police and Crime Panel//Meetings//EN"


def day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y}"


def meeting_event(meeting, stamp):
    url = settings.SITE_URL + meeting.get_absolute_url()
    start, timed, summary = meeting.start, meeting.start_time_known, meeting.title
    length = meeting.end - meeting.start if meeting.end else None
    status, description = "CONFIRMED", []
    if meeting.status == Meeting.Status.CANCELLED:
        status, summary = "CANCELLED", f"Cancelled: {summary}"
        description.append("This meeting has been cancelled.")
    elif meeting.status == Meeting.Status.POSTPONED and meeting.postponed_to:
        # The meeting now happens at its new time: that is where a calendar should show it.
        start, timed = meeting.postponed_to, True
        summary = f"{meeting.committee.name}, {day(start)} (postponed from {day(meeting.start)})"
        description.append(
            f"This meeting has been postponed from {day(meeting.start)} to {day(start)}."
        )
    elif meeting.status == Meeting.Status.POSTPONED:
        # RFC 5545 has no "postponed": tentative, at the old date, and saying so, is the honest
        # nearest.
        status, summary = "TENTATIVE", f"Postponed: {summary}"
        description.append("This meeting has been postponed. No new date has been set yet.")
    if timed and length is None:
        length = datetime.timedelta(hours=Meeting.DEFAULT_LENGTH_HOURS)
        description.append(
            "No end time has been set: this entry shows the meeting as "
            f"{Meeting.DEFAULT_LENGTH_HOURS} hours long."
        )
    description.append(f"Agenda, papers and minutes: {url}")
    if meeting.webcast_url:
        description.append(f"Webcast: {meeting.webcast_url}")

    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname}")
    event.add("dtstamp", stamp)
    if timed:
        event.add("dtstart", start.astimezone(datetime.UTC))
        event.add("dtend", (start + length).astimezone(datetime.UTC))
    else:
        # A date alone is an all-day event on that date, ending as the next day begins
        # (RFC 5545 3.6.1).
        date = timezone.localdate(start)
        event.add("dtstart", date)
        event.add("dtend", date + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("status", status)
    event.add("url", url)
    event.add("description", "\n\n".join(description))
    location = ", ".join(
        line.strip()
        for line in [meeting.venue_name, *meeting.venue_address.splitlines()]
        if line.strip()
    )
    if location:
        event.add("location", location)
    return event


def calendar_response(meetings, filename, name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_calendar(request, slug):
    meeting = get_object_or_404(Meeting.objects.published().select_related("committee"), slug=slug)
    return calendar_response([meeting], f"{meeting.slug}.ics")


def all_meetings_calendar(request):
    meetings = Meeting.objects.published().select_related("committee").order_by("start")
    return calendar_response(meetings, "meetings.ics", name=f"{settings.PANEL_NAME}: meetings")
