import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from meetings.models import AgendaItem, Meeting

register = template.Library()

# As Django's json_script: with <, > and & escaped, nothing in the data can end the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
EVENT_STATUS = {
    Meeting.Status.CANCELLED: "https://schema.org/EventCancelled",
    Meeting.Status.POSTPONED: "https://schema.org/EventPostponed",
}


@register.inclusion_tag("meetings/includes/scrutiny_trail.html")
def scrutiny_trail(priority):
    """What the panel did about a plan priority, for the priority's page. Here rather than in
    plans' view: plans is the lowest layer and knows nothing of meetings."""
    return {"trail": list(AgendaItem.objects.scrutiny_trail(priority))}


@register.simple_tag
def member_photo(member, width):
    """The member's photo `width` pixels wide, or nothing when there is none to show."""
    natural_width, natural_height = member.photo_width, member.photo_height
    if not member.photo or not natural_width or not natural_height:
        return ""
    return format_html(
        '<img class="panel-member-photo" src="{}" alt="{}" width="{}" height="{}">',
        reverse("meetings:member-photo", args=[member.slug]),
        member.photo_alt,
        width,
        round(natural_height * width / natural_width),
    )


def event_date(moment, time_known):
    local = timezone.localtime(moment)
    return local.isoformat() if time_known else local.date().isoformat()


def meeting_event(meeting):
    """The meeting as a schema.org Event, for search engines and other machines."""
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "description": f"A public meeting of the {meeting.committee.name}.",
        "url": settings.SITE_URL + meeting.get_absolute_url(),
        "startDate": event_date(meeting.start, meeting.start_time_known),
        "eventStatus": EVENT_STATUS.get(meeting.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "organizer": {
            "@type": "Organization",
            "name": settings.PANEL_NAME,
            "url": settings.SITE_URL + "/",
        },
    }
    if meeting.end and meeting.start_time_known:
        event["endDate"] = event_date(meeting.end, True)
    if meeting.status == Meeting.Status.POSTPONED and meeting.postponed_to:
        # schema.org's word for a postponed event whose new date is known.
        event["eventStatus"] = "https://schema.org/EventRescheduled"
        event["previousStartDate"] = event["startDate"]
        event["startDate"] = event_date(meeting.postponed_to, True)
        event.pop("endDate", None)
    address = [line.strip() for line in meeting.venue_address.splitlines() if line.strip()]
    if meeting.venue_name or address:
        event["location"] = {"@type": "Place", "name": meeting.venue_name or address[0]}
        if address:
            event["location"]["address"] = {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(address),
                "addressCountry": "GB",
            }
    if meeting.webcast_url:
        event["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
        event["location"] = [
            *([event["location"]] if "location" in event else []),
            {"@type": "VirtualLocation", "url": meeting.webcast_url},
        ]
    return event


@register.simple_tag
def meeting_json_ld(meeting):
    """A <script type="application/ld+json"> block: data, never run, so the CSP allows it."""
    data = json.dumps(meeting_event(meeting), cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe because every character that could close the element or start markup is escaped.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308
    )
