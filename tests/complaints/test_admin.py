"""Moderation in the back office: the queue, accept, reject with a reason, answer; the outbox."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from complaints.models import OutgoingEmail, Question
from complaints.services import AnswerRefused, email_queue, question_answer
from staff.groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS
from tests.complaints.factories import build_question, open_meeting

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:complaints_question_changelist")


@pytest.fixture
def officer_client(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    return client


def action_url(name, question):
    return reverse(f"admin:complaints_question_{name}", args=[question.pk])


def test_complaints_admin_pages_open(admin_client):
    question = build_question()
    with_email = OutgoingEmail.objects.create(topic="question", to="a@example.com", subject="S")
    objects = {"question": question, "outgoingemail": with_email}
    models = [model for model in admin.site._registry if model._meta.app_label == "complaints"]
    assert {model._meta.model_name for model in models} >= set(objects)
    for name, obj in objects.items():
        assert admin_client.get(reverse(f"admin:complaints_{name}_changelist")).status_code == 200
        change = reverse(f"admin:complaints_{name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200
    assert admin_client.get(reverse("admin:complaints_question_add")).status_code == 200
    history = reverse("admin:complaints_question_history", args=[question.pk])
    assert admin_client.get(history).status_code == 200


def test_anonymous_visitor_is_sent_to_log_in(client):
    question = build_question()
    for url in [QUEUE, action_url("answer", question), action_url("reject", question)]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_complaints_officer_cannot_see_or_decide_questions(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=COMPLAINTS_OFFICERS))
    login_staff(client, staff_user)
    question = build_question()

    assert client.get(QUEUE).status_code == 403
    assert (
        client.get(reverse("admin:complaints_question_change", args=[question.pk])).status_code
        == 403
    )
    assert client.post(action_url("accept", question)).status_code == 403
    assert client.get(action_url("reject", question)).status_code == 403
    assert client.get(action_url("answer", question)).status_code == 403
    assert Question.objects.get().status == Question.Status.RECEIVED


def test_scrutiny_officer_sees_the_queue_by_meeting_and_status(officer_client):
    meeting = open_meeting()
    build_question(meeting, postcode="S70 2TA")
    build_question(open_meeting(slug="other"), postcode="LS1 4AP", status="accepted")

    response = officer_client.get(
        QUEUE, {"meeting__id__exact": meeting.pk, "status__exact": "received"}
    )

    assert response.status_code == 200
    assert "S70" in response.text
    assert "LS1" not in response.text
    page = officer_client.get(QUEUE)
    assert "LS1" in page.text
    assert 'alt="False"' in page.text  # LS1 is outside South Yorkshire


def test_the_scrutiny_officers_group_has_the_question_permissions():
    group = Group.objects.get(name=SCRUTINY_OFFICERS)
    codenames = set(
        group.permissions.filter(content_type__app_label="complaints").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {
        "view_question",
        "add_question",
        "change_question",
        "delete_question",
        "view_outgoingemail",
    }
    complaints = Group.objects.get(name=COMPLAINTS_OFFICERS)
    assert not complaints.permissions.filter(codename__endswith="_question").exists()


def test_accept_then_answer_and_publish(officer_client, django_capture_on_commit_callbacks):
    question = build_question()

    confirm = officer_client.get(action_url("accept", question))
    assert "Accept and email the asker" in confirm.text
    assert Question.objects.get().status == Question.Status.RECEIVED
    response = officer_client.post(action_url("accept", question))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ACCEPTED
    assert question.decided_at is not None

    form = officer_client.get(action_url("answer", question))
    assert form.status_code == 200
    assert question.text in form.text

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            action_url("answer", question),
            {
                "answer": "There are 120 neighbourhood officers.",
                "answered_by": "the Chair",
                "answered_how": "in_writing",
                "publish": "on",
            },
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answer_published
    assert question.answered_how == "in_writing"
    [email] = mail.outbox
    assert email.to == ["hidden.asker@example.com"]
    assert "The answer to your question" in email.subject
    assert "There are 120 neighbourhood officers." in email.body
    assert "in writing, as you were not at the meeting" in email.body
    assert question.meeting.get_absolute_url() in email.body
    assert question.history.count() == 3


def test_accepting_a_question_emails_the_asker(officer_client, django_capture_on_commit_callbacks):
    question = build_question()

    confirm = officer_client.get(action_url("accept", question))
    assert "Accept and email the asker" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(action_url("accept", question), follow=True)

    assert f"{question.reference} accepted; the asker is emailed." in response.text
    [email] = mail.outbox
    assert email.to == ["hidden.asker@example.com"]
    assert email.subject == f"Your question has been accepted: reference {question.reference}"
    meeting_day = f"{question.meeting.start:%A %-d %B %Y}"
    assert f"accepted for the Police and Crime Panel meeting on {meeting_day}" in email.body
    assert question.get_status_url() in email.body
    assert question.text in email.body
    # No more than the other emails say: never the postcode.
    assert "S1 2HH" not in email.body
    assert OutgoingEmail.objects.get().sent_at is not None


def test_an_acceptance_email_waits_in_the_outbox_while_mail_is_down(
    officer_client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.complaints.test_outbox.FailingBackend"
    question = build_question()

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(action_url("accept", question))

    assert Question.objects.get().status == Question.Status.ACCEPTED
    email = OutgoingEmail.objects.get()
    assert email.to == "hidden.asker@example.com"
    assert question.reference in email.subject
    assert email.sent_at is None
    assert "ConnectionRefusedError" in email.last_error


ANSWER = {
    "answer": "Every district has its own neighbourhood team.",
    "answered_by": "the Chair",
    "answered_how": "at_meeting",
    "publish": "on",
}


def test_an_answer_cannot_be_given_at_a_meeting_still_to_come(officer_client):
    question = build_question(status="accepted")  # for a meeting 30 days ahead
    meeting_day = f"{question.meeting.start:%-d %B %Y}"

    response = officer_client.post(action_url("answer", question), ANSWER)

    assert response.status_code == 200
    assert (
        "This answer cannot be recorded as given at the meeting: the meeting on "
        f"{meeting_day} has not happened yet." in response.text
    )
    # What the officer typed is still there.
    assert "Every district has its own neighbourhood team.</textarea>" in response.text
    assert 'value="the Chair"' in response.text
    assert re.search(r'value="at_meeting"[^>]* checked', response.text)
    question.refresh_from_db()
    assert question.status == Question.Status.ACCEPTED
    assert question.answer == ""
    assert not question.answer_published
    assert not OutgoingEmail.objects.exists()
    with pytest.raises(AnswerRefused):
        question_answer(question=question, answer="Early.", answered_how="at_meeting")

    # An answer in writing may be sent before the meeting.
    written = officer_client.post(
        action_url("answer", question), {**ANSWER, "answered_how": "in_writing"}
    )
    assert written.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answered_how == "in_writing"


def test_an_answer_at_the_meeting_once_it_has_been_held(officer_client):
    question = build_question(open_meeting(slug="held", days=-1), status="accepted")

    response = officer_client.post(action_url("answer", question), ANSWER)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answered_how == "at_meeting"
    assert question.answer_published


def test_an_answer_needs_its_text_and_how_it_was_given(officer_client):
    question = build_question(status="accepted")

    response = officer_client.post(action_url("answer", question), {"answer": ""})

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert Question.objects.get().status == Question.Status.ACCEPTED
    assert len(mail.outbox) == 0


def test_a_question_not_yet_accepted_cannot_be_answered(officer_client):
    question = build_question()

    officer_client.post(
        action_url("answer", question),
        {"answer": "Too soon.", "answered_how": "at_meeting"},
    )

    assert Question.objects.get().status == Question.Status.RECEIVED


@pytest.mark.parametrize("name", ["accept", "reject", "answer"])
@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_a_decision_on_a_tampered_or_missing_question_is_not_found(officer_client, name, object_id):
    build_question()
    url = reverse(f"admin:complaints_question_{name}", args=[object_id])

    assert officer_client.get(url).status_code == 404
    assert officer_client.post(url, {"reason": "late"}).status_code == 404
    assert Question.objects.get().status == Question.Status.RECEIVED


def test_reject_with_a_reason_emails_the_asker(officer_client, django_capture_on_commit_callbacks):
    question = build_question()

    refused = officer_client.post(action_url("reject", question), {"reason": ""})
    assert refused.status_code == 200
    assert Question.objects.get().status == Question.Status.RECEIVED

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(
            action_url("reject", question),
            {"reason": "individual_case", "note": "Please contact Professional Standards."},
        )

    question.refresh_from_db()
    assert question.status == Question.Status.REJECTED
    assert question.rejection_reason == "individual_case"
    [email] = mail.outbox
    assert "It is about an individual case." in email.body
    assert "Please contact Professional Standards." in email.body
    assert question.get_status_url() in email.body


def test_bulk_accept_and_bulk_reject(officer_client, django_capture_on_commit_callbacks):
    first, second = build_question(), build_question()
    answered = build_question(status="answered")

    with django_capture_on_commit_callbacks(execute=True):
        page = officer_client.post(
            QUEUE, {"action": "accept", "_selected_action": [first.pk, answered.pk]}, follow=True
        )
    assert "1 accepted; the asker is emailed. 1 already decided" in page.text
    first.refresh_from_db()
    answered.refresh_from_db()
    assert first.status == "accepted"
    assert answered.status == "answered"
    [accepted] = mail.outbox
    assert first.reference in accepted.subject

    page = officer_client.post(QUEUE, {"action": "reject", "_selected_action": [second.pk]})
    assert "Reject and email the asker" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(
            QUEUE,
            {"action": "reject", "apply": "1", "_selected_action": [second.pk], "reason": "late"},
        )
    second.refresh_from_db()
    assert second.status == "rejected"
    assert second.rejection_reason == "late"
    assert len(mail.outbox) == 2


def test_the_change_form_never_edits_what_the_asker_wrote(officer_client):
    question = build_question()

    page = officer_client.get(reverse("admin:complaints_question_change", args=[question.pk]))

    assert 'name="text"' not in page.text
    assert 'name="email"' not in page.text
    assert "hidden.asker@example.com" in page.text  # officers may read it
    assert f'href="{action_url("accept", question)}"' in page.text
    assert action_url("reject", question) in page.text


def test_officers_read_only_their_own_topic_in_the_outbox(officer_client, staff_user):
    with_question = OutgoingEmail.objects.create(
        topic="question", to="a@example.com", subject="About a question", body="b"
    )
    OutgoingEmail.objects.create(
        topic="complaint", to="b@example.com", subject="About a complaint", body="b"
    )
    url = reverse("admin:complaints_outgoingemail_changelist")

    page = officer_client.get(url)

    assert "About a question" in page.text
    assert "About a complaint" not in page.text
    change = officer_client.get(
        reverse("admin:complaints_outgoingemail_change", args=[with_question.pk])
    )
    assert change.status_code == 200
    assert 'name="subject"' not in change.text  # read-only
    assert officer_client.get(reverse("admin:complaints_outgoingemail_add")).status_code == 403


def test_an_unsent_email_can_be_sent_again_from_the_outbox(
    officer_client, django_capture_on_commit_callbacks
):
    email = OutgoingEmail.objects.create(
        topic="question", to="a@example.com", subject="S", body="B"
    )

    officer_client.post(
        reverse("admin:complaints_outgoingemail_changelist"),
        {"action": "send_again", "_selected_action": [email.pk]},
    )

    email.refresh_from_db()
    assert email.sent_at is not None
    assert len(mail.outbox) == 1


def test_queue_helper_renders_subject_and_body():
    with pytest.raises(Exception):  # noqa: B017 - no such template
        email_queue(topic="question", to="a@example.com", template="nope.txt", context={})
