"""The public change log: one row per public change, written in the change's own transaction by
the admin and the services that make it; nothing private ever (issue 16)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from changes.models import Change
from changes.services import record
from complaints import services as complaint_services
from complaints.models import Question
from tests.complaints.factories import build_complaint, build_question, open_meeting
from tests.meetings.factories import build_meeting
from tests.meetings.test_publishing import change_form

pytestmark = pytest.mark.django_db

What = Change.What


def log():
    return list(Change.objects.order_by("pk").values_list("what", "kind", "title"))


def test_a_change_is_recorded_with_what_the_public_can_read():
    meeting = build_meeting()
    change = record(meeting, What.PUBLISHED)

    assert change.kind == "meeting"
    assert change.url == meeting.get_absolute_url()
    assert change.summary == f"Published: {meeting}"


def test_a_change_rolled_back_leaves_no_row():
    meeting = build_meeting()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(meeting, What.REVISED)
        raise RuntimeError("the change failed")
    assert log() == []


def test_publishing_and_unpublishing_in_the_admin_are_recorded(admin_client):
    meeting = build_meeting(is_published=False)
    url = reverse("admin:meetings_meeting_changelist")

    admin_client.post(url, {"action": "publish", "_selected_action": [meeting.pk]})
    admin_client.post(url, {"action": "unpublish", "_selected_action": [meeting.pk]})

    assert log() == [("published", "meeting", str(meeting)), ("withdrawn", "meeting", str(meeting))]


def test_an_edit_to_a_published_meeting_is_recorded_and_a_drafts_is_not(admin_client):
    published = build_meeting()
    draft = build_meeting(slug="draft", is_published=False)

    for meeting in (published, draft):
        url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        form = change_form(meeting, venue_name="Barnsley Town Hall", is_published="on")
        if meeting is draft:
            del form["is_published"]
        assert admin_client.post(url, form).status_code == 302

    assert log() == [("revised", "meeting", str(published))]


def test_a_meeting_cancelled_or_moved_says_so(admin_client):
    meeting = build_meeting()
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    admin_client.post(url, change_form(meeting, is_published="on", start_0="2014-05-09"))
    meeting.refresh_from_db()
    admin_client.post(url, change_form(meeting, is_published="on", status="cancelled"))

    assert [what for what, _, _ in log()] == ["moved", "cancelled"]


def test_saving_with_nothing_changed_records_nothing(admin_client):
    meeting = build_meeting()
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    published = timezone.localtime(meeting.agenda_published_at)
    form = change_form(
        meeting,
        is_published="on",
        agenda_published_at_0=f"{published:%Y-%m-%d}",
        agenda_published_at_1=f"{published:%H:%M:%S}",
    )
    assert admin_client.post(url, form).status_code == 302
    assert log() == []


def test_deleting_a_public_item_records_its_withdrawal(admin_client):
    meeting = build_meeting()
    item = meeting.items.get()
    url = reverse("admin:meetings_agendaitem_delete", args=[item.pk])

    assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert log() == [("withdrawn", "agenda-item", str(item))]


def test_questions_and_complaints_record_only_what_becomes_public():
    meeting = open_meeting()
    question = build_question(meeting=meeting)
    build_complaint()
    assert log() == []  # received, and a complaint: private

    complaint_services.question_accept(question=question)
    question.refresh_from_db()
    meeting.start = meeting.start - datetime.timedelta(days=60)  # it has happened now
    meeting.save()
    complaint_services.question_answer(
        question=question, answer="Yes.", answered_how=Question.AnsweredHow.AT_MEETING
    )

    title = f"Question to {question.addressed_to_text}"
    assert log() == [("published", "question", title), ("answer-published", "question", title)]
    for change in Change.objects.all():
        assert "Hidden" not in change.summary + change.title + change.url
        assert question.reference not in change.summary + change.title + change.url


def test_a_draft_paper_edited_on_a_public_items_page_records_nothing(admin_client):
    meeting = build_meeting(items=1)
    item = meeting.items.get()
    paper = item.papers.get()
    paper.is_published = False
    paper.save()
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(meeting=meeting.pk, priorities=[])
    for formset in admin_client.get(url).context["inline_admin_formsets"]:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = management.initial["INITIAL_FORMS"]  # no blank rows
        data[f"{prefix}-INITIAL_FORMS"] = management.initial["INITIAL_FORMS"]
        for number, row in enumerate(formset.formset.initial_forms):
            for name, field in row.fields.items():
                value = row.initial.get(name, field.initial)
                if value is not None and value is not False:
                    data[f"{prefix}-{number}-{name}"] = getattr(value, "pk", value)
    papers = next(
        f.formset.prefix
        for f in admin_client.get(url).context["inline_admin_formsets"]
        if f.formset.model.__name__ == "Paper"
    )
    data[f"{papers}-0-title"] = "A draft, still being written"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == "A draft, still being written"
    assert log() == []


def test_deleting_selected_public_items_records_each_in_the_same_transaction(admin_client):
    meeting = build_meeting(items=2)
    url = reverse("admin:meetings_agendaitem_changelist")
    ids = list(meeting.items.values_list("pk", flat=True))

    admin_client.post(url, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})

    assert [what for what, _, _ in log()] == ["withdrawn", "withdrawn"]
    assert not meeting.items.exists()
