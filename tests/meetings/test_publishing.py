"""Publishing a meeting in the back office records when its agenda was published (issue 14)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def draft(*, days_ahead=28, agenda_published_at=None):
    """A draft meeting at 1 pm, `days_ahead` days from today, with no agenda date unless given."""
    day = timezone.localdate() + days_ahead * DAY
    start = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 13, 0))
    meeting = build_meeting(start=start, is_published=False, items=0)
    meeting.agenda_published_at = agenda_published_at
    meeting.save()
    return meeting


def change_form(meeting, **fields):
    """The meeting's change form as an officer posts it, with `fields` changed."""
    start = timezone.localtime(meeting.start)
    form = {
        "committee": meeting.committee_id,
        "slug": meeting.slug,
        "start_0": f"{start:%Y-%m-%d}",
        "start_1": f"{start:%H:%M}",
        "start_time_known": "on",
        "status": meeting.status,
        "venue_name": meeting.venue_name,
        "venue_address": meeting.venue_address,
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
    }
    form.update(fields)
    return form


def agenda_published(client, meeting):
    """What the public meeting page says under "Agenda published"."""
    text = client.get(meeting.get_absolute_url()).text
    return re.search(r">Agenda published</dt>\s*<dd[^>]*>([^<]*)</dd>", text)[1]


def papers_late(admin_client, meeting):
    """What the meeting's change form says under "Papers late?"."""
    text = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).text
    field = re.search(r'field-papers_late.*?<div class="readonly">(.*?)</div>', text, re.DOTALL)
    return field[1]


def today():
    return f"{timezone.localdate():%-d %B %Y}"


def assert_recorded_just_now(meeting):
    meeting.refresh_from_db()
    assert meeting.is_published
    assert abs(meeting.agenda_published_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_the_publish_action_records_when_the_agenda_was_published(admin_client, client):
    meeting = draft()

    admin_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "publish", "_selected_action": [meeting.pk]},
    )

    assert_recorded_just_now(meeting)
    assert agenda_published(client, meeting) == today()
    assert papers_late(admin_client, meeting) == "No"
    # An agenda with no items yet does not contradict that it is published.
    page = client.get(meeting.get_absolute_url()).text
    assert "has not been published" not in page
    assert "No items are on this agenda yet." in page


def test_ticking_published_on_the_form_records_when_the_agenda_was_published(admin_client, client):
    meeting = draft()
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])

    response = admin_client.post(url, change_form(meeting, is_published="on"))

    assert response.status_code == 302
    assert_recorded_just_now(meeting)
    assert agenda_published(client, meeting) == today()
    assert papers_late(admin_client, meeting) == "No"
    # Saved again with the form as it now shows, the date stays when it was first published.
    first = timezone.localtime(meeting.agenda_published_at).replace(microsecond=0)
    admin_client.post(
        url,
        change_form(
            meeting,
            is_published="on",
            venue_name="Civic Hall",
            agenda_published_at_0=f"{first:%Y-%m-%d}",
            agenda_published_at_1=f"{first:%H:%M:%S}",
        ),
    )
    meeting.refresh_from_db()
    assert (meeting.venue_name, meeting.agenda_published_at) == ("Civic Hall", first)


def test_a_meeting_added_as_published_records_when_its_agenda_was_published(admin_client):
    meeting = draft()
    meeting.delete()

    response = admin_client.post(
        reverse("admin:meetings_meeting_add"), change_form(meeting, is_published="on")
    )

    assert response.status_code == 302
    assert_recorded_just_now(Meeting.objects.get(slug=meeting.slug))


def test_the_time_an_officer_gives_on_the_form_is_kept(admin_client, client):
    meeting = draft()
    given = timezone.localdate() - 2 * DAY
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])

    admin_client.post(
        url,
        change_form(
            meeting,
            is_published="on",
            agenda_published_at_0=f"{given:%Y-%m-%d}",
            agenda_published_at_1="09:30",
        ),
    )

    meeting.refresh_from_db()
    assert timezone.localtime(meeting.agenda_published_at) == timezone.make_aware(
        datetime.datetime(given.year, given.month, given.day, 9, 30)
    )
    assert agenda_published(client, meeting) == f"{given:%-d %B %Y}"


@pytest.mark.parametrize("how", ["action", "form"])
def test_a_historic_meeting_keeps_its_earlier_date(admin_client, client, how):
    # The meeting of 2 May 2014, entered years later with the date its agenda went out.
    meeting = build_meeting(is_published=False, items=0)
    earlier = timezone.make_aware(datetime.datetime(2014, 4, 22, 10, 0))
    meeting.agenda_published_at = earlier
    meeting.save()

    if how == "action":
        admin_client.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "publish", "_selected_action": [meeting.pk]},
        )
    else:
        admin_client.post(
            reverse("admin:meetings_meeting_change", args=[meeting.pk]),
            change_form(
                meeting,
                is_published="on",
                agenda_published_at_0="2014-04-22",
                agenda_published_at_1="10:00",
            ),
        )

    meeting.refresh_from_db()
    assert meeting.is_published
    assert meeting.agenda_published_at == earlier
    assert agenda_published(client, meeting) == "22 April 2014"
    assert papers_late(admin_client, meeting) == "No"


@pytest.mark.parametrize("how", ["action", "form"])
def test_a_past_meeting_published_without_a_date_is_not_given_todays(admin_client, client, how):
    # When a past meeting's agenda went out is a fact only the officer knows: today is not it.
    meeting = build_meeting(is_published=False, items=0)
    meeting.agenda_published_at = None
    meeting.save()

    if how == "action":
        admin_client.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "publish", "_selected_action": [meeting.pk]},
        )
    else:
        admin_client.post(
            reverse("admin:meetings_meeting_change", args=[meeting.pk]),
            change_form(meeting, is_published="on"),
        )

    meeting.refresh_from_db()
    assert meeting.is_published
    assert meeting.agenda_published_at is None
    assert agenda_published(client, meeting) == "Not recorded"
    assert papers_late(admin_client, meeting) == (
        "Not known: when the agenda was published was not recorded."
    )


def test_publishing_too_close_to_the_meeting_says_the_papers_were_late(admin_client, client):
    meeting = draft(days_ahead=2)

    admin_client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        change_form(meeting, is_published="on"),
    )

    assert agenda_published(client, meeting) == today()
    assert papers_late(admin_client, meeting) == (
        "<strong>Warning: the agenda was not published 5 clear working days before the meeting."
        "</strong>"
    )


def test_a_published_meeting_with_no_recorded_date_never_says_not_yet_published(client):
    # Published before the date was recorded on publishing: the page claims nothing.
    meeting = draft()
    Meeting.objects.filter(pk=meeting.pk).update(is_published=True)

    assert agenda_published(client, meeting) == "Not recorded"
