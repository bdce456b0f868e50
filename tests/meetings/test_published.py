"""What the public may read of meetings, said once per model (each queryset's `published()`), and
the status a meeting page tells."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import (
    Action,
    ActionResponse,
    Attachment,
    Attendance,
    Meeting,
    Minute,
    Paper,
    Resolution,
)
from tests.meetings.factories import build_action, build_meeting, build_member

pytestmark = pytest.mark.django_db


def item_of(row):
    """The agenda item a row belongs to, whatever kind of part it is."""
    for step in ["action", "paper", "minute", "agenda_item"]:
        row = getattr(row, step, row)
    return row


@pytest.fixture
def meetings():
    """A published meeting and a draft one, each with a public item and an exempt one, and every
    part filled in: papers with a document, minutes, resolutions, actions, attendance."""
    member = build_member()
    built = {}
    for slug, is_published in [("public", True), ("draft", False)]:
        meeting = build_meeting(
            slug=slug, is_published=is_published, exempt_items=1, attachments=True
        )
        for item in meeting.items.all():
            build_action(item)
        Attendance.objects.create(meeting=meeting, member=member)
        built[slug] = meeting
    return built


def test_only_the_public_parts_of_published_meetings_are_public(meetings):
    public_item = meetings["public"].items.get(is_exempt=False)

    for model in [Paper, Attachment, Minute, Resolution, Action, ActionResponse]:
        assert model.objects.count() == 4, model  # a public and an exempt item in each meeting
        # Never anything of a draft meeting, nor of an exempt item of a published one.
        assert {item_of(row) for row in model.objects.published()} == {public_item}, model
    assert [record.meeting for record in Attendance.objects.published()] == [meetings["public"]]


def test_a_meeting_page_shows_the_public_parts_of_its_meeting_published_or_previewed(meetings):
    for model in [Paper, Minute, Action]:
        shown = model.objects.on_meeting_page()

        assert {row.agenda_item.meeting.slug for row in shown} == {"public", "draft"}, model
        assert not any(row.agenda_item.is_exempt for row in shown), model
        # And published() is that, for a published meeting.
        assert set(model.objects.published()) == set(
            shown.filter(agenda_item__meeting__is_published=True)
        )


def at(days):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("status", "days", "told"),
    [
        (Meeting.Status.SCHEDULED, 7, "Scheduled"),
        # A past meeting nobody marked as held: the public is told nothing rather than a guess.
        (Meeting.Status.SCHEDULED, -7, None),
        (Meeting.Status.HELD, -7, "Held"),
        (Meeting.Status.CANCELLED, 7, "Cancelled"),
        (Meeting.Status.CANCELLED, -7, "Cancelled"),
        (Meeting.Status.POSTPONED, -7, "Postponed"),
    ],
)
def test_the_public_status_of_a_meeting(client, status, days, told):
    meeting = build_meeting(start=at(days))
    meeting.status = status
    meeting.save()

    page = client.get(meeting.get_absolute_url()).text

    assert (meeting.public_status and meeting.public_status.label) == told
    if told:
        assert f'<dd class="govuk-summary-list__value">{told}</dd>' in page
    else:
        assert '<dt class="govuk-summary-list__key">Status</dt>' not in page
