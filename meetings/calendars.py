"""Meetings as iCalendar (RFC 5545): one meeting, and the calendar of all published meetings."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from meetings.models import Meeting

PRODID = "-//South Yorkshire Police and Crime Panel//Meetings//EN"


def escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    parts = []
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        # Never cut a UTF-8 character in two.
        while cut and (encoded[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = encoded[cut:]
    parts.append(encoded.decode())
    return "\r\n ".join(parts)


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(meeting):
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{settings.SITE_URL.split('://')[-1]}",
        f"DTSTAMP:{utc(timezone.now())}",
    ]
    if meeting.start_time_known:
        lines.append(f"DTSTART:{utc(meeting.start)}")
        if meeting.end:
            lines.append(f"DTEND:{utc(meeting.end)}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{timezone.localdate(meeting.start):%Y%m%d}")
    location = ", ".join(
        part for part in [meeting.venue_name, *meeting.venue_address.splitlines()] if part
    )
    status = "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
    lines += [
        f"SUMMARY:{escape(meeting.title)}",
        f"STATUS:{status}",
        f"URL:{settings.SITE_URL}{meeting.get_absolute_url()}",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    return [*lines, "END:VEVENT"]


def calendar_response(meetings, filename):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for meeting in meetings:
        lines += event_lines(meeting)
    lines.append("END:VCALENDAR")
    response = HttpResponse(
        "".join(fold(line) + "\r\n" for line in lines), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_calendar(request, slug):
    meeting = get_object_or_404(Meeting.objects.published().select_related("committee"), slug=slug)
    return calendar_response([meeting], f"{meeting.slug}.ics")


def all_meetings_calendar(request):
    meetings = Meeting.objects.published().select_related("committee").order_by("start")
    return calendar_response(meetings, "meetings.ics")
