import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Minute
from staff.groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS
from tests.meetings.factories import build_action, build_meeting, build_member

pytestmark = pytest.mark.django_db

MEETINGS_MODELS = [model for model in admin.site._registry if model._meta.app_label == "meetings"]


def test_meetings_admin_changelists_change_and_add_forms_open(admin_client):
    meeting = build_meeting(attachments=True)
    member = build_member()
    item = meeting.items.get()
    objects = {
        "committee": meeting.committee,
        "council": member.council,
        "member": member,
        "meeting": meeting,
        "agendaitem": item,
        "paper": item.papers.get(),
        "minute": item.minute,
        "resolution": item.minute.resolutions.get(),
        "action": build_action(item, resolution=item.minute.resolutions.get()),
    }
    assert {model._meta.model_name for model in MEETINGS_MODELS} == set(objects)
    for model in MEETINGS_MODELS:
        name = model._meta.model_name
        assert admin_client.get(reverse(f"admin:meetings_{name}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:meetings_{name}_add")).status_code == 200
        change = reverse(f"admin:meetings_{name}_change", args=[objects[name].pk])
        assert admin_client.get(change).status_code == 200
        history = reverse(f"admin:meetings_{name}_history", args=[objects[name].pk])
        assert admin_client.get(history).status_code == 200


def test_meeting_form_shows_the_due_date_and_warns_of_late_papers(admin_client):
    meeting = build_meeting()
    meeting.agenda_published_at = timezone.make_aware(datetime.datetime(2014, 4, 28, 9, 0))
    meeting.save()

    response = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    assert "24 April 2014 (5 clear working days before the meeting)" in response.text
    assert "Warning: the agenda was not published 5 clear working days" in response.text


def test_publish_and_unpublish_actions(admin_client):
    meeting = build_meeting(is_published=False)
    url = reverse("admin:meetings_meeting_changelist")

    admin_client.post(url, {"action": "publish", "_selected_action": [meeting.pk]})
    assert Meeting.objects.get().is_published
    admin_client.post(url, {"action": "unpublish", "_selected_action": [meeting.pk]})
    assert not Meeting.objects.get().is_published
    # Each change is in the meeting's history: created, published, unpublished.
    assert [entry.is_published for entry in meeting.history.order_by("history_date")] == [
        False,
        True,
        False,
    ]


def test_publishing_minutes_of_a_future_meeting_is_refused_with_a_message(admin_client):
    meeting = build_meeting(start=timezone.now() + datetime.timedelta(days=7), minutes=False)
    item = meeting.items.get()

    response = admin_client.post(
        reverse("admin:meetings_minute_add"),
        {
            "agenda_item": item.pk,
            "number": "J1",
            "title": "",
            "text": "Too soon",
            "status": "draft",
            "is_published": "on",
            "resolutions-TOTAL_FORMS": "0",
            "resolutions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "has not happened yet" in response.text
    assert not Minute.objects.exists()


def test_scrutiny_officer_can_publish_meetings(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)

    for name in ["meeting", "agendaitem", "paper", "minute", "member"]:
        assert client.get(reverse(f"admin:meetings_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_meeting_add")).status_code == 200


def test_complaints_officer_cannot_open_meetings(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=COMPLAINTS_OFFICERS))
    login_staff(client, staff_user)

    assert client.get(reverse("admin:meetings_meeting_changelist")).status_code == 403
    assert client.get(reverse("admin:meetings_minute_add")).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("admin:meetings_meeting_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_scrutiny_officers_have_every_meetings_permission():
    group = Group.objects.get(name=SCRUTINY_OFFICERS)
    codenames = set(
        group.permissions.filter(content_type__app_label="meetings").values_list(
            "codename", flat=True
        )
    )

    assert len(codenames) == 52
    assert {
        "add_meeting",
        "change_minute",
        "delete_attachment",
        "view_resolution",
        "change_action",
    } <= codenames
    complaints_officers = Group.objects.get(name=COMPLAINTS_OFFICERS)
    assert not complaints_officers.permissions.filter(content_type__app_label="meetings").exists()


def item_form(item, **minute):
    """The agenda item's change form as posted, with only the minute inline filled in."""
    form = {
        "meeting": item.meeting.pk,
        "number": item.number,
        "order": item.order,
        "title": item.title,
        "papers-TOTAL_FORMS": "0",
        "papers-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "minute-TOTAL_FORMS": "1",
        "minute-INITIAL_FORMS": "0",
    }
    form.update({f"minute-0-{name}": value for name, value in minute.items()})
    return form


def test_forms_offer_blank_rows_so_officers_can_add_without_javascript(admin_client):
    item = build_meeting(minutes=False).items.get()

    meeting_form = admin_client.get(reverse("admin:meetings_meeting_add")).text
    item_page = admin_client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).text

    assert 'name="items-4-title"' in meeting_form
    # Attendance is a plain list of members, not a search box that needs JavaScript.
    member = build_member()
    meeting_page = admin_client.get(
        reverse("admin:meetings_meeting_change", args=[item.meeting.pk])
    )
    assert f'<option value="{member.pk}">' in meeting_page.text
    assert 'name="minute-0-text"' in item_page
    assert 'name="papers-1-title"' in item_page  # after the item's own paper


def test_officer_adds_a_meeting_with_its_items_in_one_form(admin_client):
    committee = build_meeting(items=0).committee
    form = {
        "committee": committee.pk,
        "slug": "new-meeting",
        "start_0": "2030-01-15",
        "start_1": "13:00",
        "start_time_known": "on",
        "status": "scheduled",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-number": "1",
        "items-0-order": "1",
        "items-0-title": "Apologies",
        "items-1-number": "2",
        "items-1-order": "2",
        "items-1-title": "Budget",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:meetings_meeting_add"), form)

    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="new-meeting")
    assert [item.title for item in meeting.items.order_by("order")] == ["Apologies", "Budget"]
    assert not meeting.is_published


def test_officer_writes_the_minute_on_the_item_page(admin_client):
    item = build_meeting(minutes=False).items.get()
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])

    response = admin_client.post(
        url, item_form(item, number="J40", text="Noted.", status="draft", is_published="on")
    )

    assert response.status_code == 302
    minute = Minute.objects.get()
    assert (minute.agenda_item, minute.number, minute.is_published) == (item, "J40", True)
    assert "Minute J40" in admin_client.get(item.meeting.get_absolute_url()).text


def test_minute_on_the_item_page_of_a_future_meeting_is_refused(admin_client):
    meeting = build_meeting(start=timezone.now() + datetime.timedelta(days=7), minutes=False)
    item = meeting.items.get()
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])

    response = admin_client.post(
        url, item_form(item, number="J40", text="Too soon.", status="draft", is_published="on")
    )

    assert response.status_code == 200
    assert "has not happened yet" in response.text
    assert not Minute.objects.exists()
