import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Minute
from panel_site.staff_groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS
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


def test_scrutiny_officer_can_publish_meetings(client, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    client.force_login(staff_user)

    for name in ["meeting", "agendaitem", "paper", "minute", "member"]:
        assert client.get(reverse(f"admin:meetings_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_meeting_add")).status_code == 200


def test_complaints_officer_cannot_open_meetings(client, staff_user):
    staff_user.groups.add(Group.objects.get(name=COMPLAINTS_OFFICERS))
    client.force_login(staff_user)

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
