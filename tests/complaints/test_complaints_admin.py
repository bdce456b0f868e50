"""Case handling in the back office: only complaints officers, every look logged, stage buttons,
letters, the anonymised copy and the files."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from complaints.models import (
    Complaint,
    ComplaintFile,
    ComplaintView,
    Letter,
    OutgoingEmail,
    StageChange,
)
from complaints.services import complaint_submit, letter_draft
from staff.groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS
from tests.complaints.factories import PDF_BYTES, build_complaint, build_holder, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint():
    holder = build_holder()
    fields = {
        "holder": holder,
        "complainant_name": "Zebedee Secretperson",
        "address_line_1": "99 Hiddenhouse Lane",
        "town": "Sheffield",
        "postcode": "S1 2HH",
        "email": "zebedee.secret@example.com",
        "what_happened": "Zebedee Secretperson of 99 Hiddenhouse Lane says they were shouted at.",
        "witnesses": "Wilhelmina Witnessname",
        "outcome_wanted": "An apology; call 0114 496 0123.",
        "phone": "0114 496 0123",
    }
    return complaint_submit(evidence=[(upload("proof.pdf", PDF_BYTES), "pdf")], **fields)


@pytest.fixture
def letter(complaint, staff_user):
    return letter_draft(complaint=complaint, kind=Letter.Kind.ACKNOWLEDGEMENT, by=staff_user)


def officer(client, login_staff, django_user_model, group, username):
    user = django_user_model.objects.create_user(
        username=username, password="a-long-test-password", is_staff=True
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    login_staff(client, user)
    return user


@pytest.fixture
def complaints_officer(client, login_staff, django_user_model):
    officer(client, login_staff, django_user_model, COMPLAINTS_OFFICERS, "complaints-officer")
    return client


def every_url(complaint, letter):
    """Every complaint URL in the back office, and every file."""
    pk = complaint.pk
    file_pk = complaint.files.get().pk
    view = ComplaintView.objects.create(complaint=complaint, username="someone", what="record")
    return [
        reverse("admin:complaints_complaint_changelist"),
        reverse("admin:complaints_complaint_changelist") + "?target=overdue",
        reverse("admin:complaints_complaint_add"),
        reverse("admin:complaints_complaint_change", args=[pk]),
        reverse("admin:complaints_complaint_history", args=[pk]),
        reverse("admin:complaints_complaint_delete", args=[pk]),
        reverse("admin:complaints_complaint_move", args=[pk, "recorded"]),
        reverse("admin:complaints_complaint_letter_draft", args=[pk, "acknowledgement"]),
        reverse("admin:complaints_complaint_letter_send", args=[pk, letter.pk]),
        reverse("admin:complaints_complaint_anonymised", args=[pk]),
        reverse("admin:complaints_complaint_file", args=[pk, file_pk]),
        reverse("admin:complaints_complaintview_changelist"),
        reverse("admin:complaints_complaintview_change", args=[view.pk]),
        reverse("admin:app_list", args=["complaints"]),
    ]


SECRETS = ["Zebedee", "Hiddenhouse", "zebedee.secret", "Wilhelmina", "0114 496 0123"]


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client, complaint, letter):
    for url in every_url(complaint, letter):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/"), url
    assert Complaint.objects.get().stage == "received"


def test_scrutiny_officers_see_nothing_of_complaints(
    client, login_staff, django_user_model, complaint, letter
):
    officer(client, login_staff, django_user_model, SCRUTINY_OFFICERS, "scrutiny-officer")
    urls = every_url(complaint, letter)
    app_list = urls.pop()

    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 403, url
            for secret in SECRETS:
                assert secret not in response.text, url
    # The questions and complaints section shows them their questions and nothing else.
    section = client.get(app_list).text
    assert "Questions" in section and "Complaint" not in section
    assert "Complaint" not in client.get(reverse("admin:index")).text
    assert Complaint.objects.get().stage == "received"
    assert not StageChange.objects.exists()
    assert Letter.objects.count() == 1
    assert ComplaintFile.objects.count() == 1


def test_staff_without_a_group_see_nothing_either(
    client, login_staff, django_user_model, complaint, letter
):
    officer(client, login_staff, django_user_model, None, "plain-staff")

    for url in every_url(complaint, letter)[:-1]:
        assert client.get(url).status_code == 403, url


def test_complaints_officers_open_every_page_and_file(complaints_officer, complaint, letter):
    for url in every_url(complaint, letter):
        response = complaints_officer.get(url)
        assert response.status_code == 200, url


def test_the_superuser_opens_every_complaints_admin_page(admin_client, complaint, letter):
    models = [model for model in admin.site._registry if model._meta.app_label == "complaints"]
    assert {"complaint", "complaintview"} <= {model._meta.model_name for model in models}
    for url in every_url(complaint, letter):
        assert admin_client.get(url).status_code == 200, url


def test_the_groups_hold_exactly_their_permissions():
    complaints = Group.objects.get(name=COMPLAINTS_OFFICERS)
    codenames = set(complaints.permissions.values_list("codename", flat=True))
    expected = {
        f"{action}_{model}"
        for model in ["complaint", "complaintfile", "stagechange", "letter"]
        for action in ["view", "add", "change", "delete"]
    } | {"view_complaintview", "view_outgoingemail"}
    assert codenames == expected
    scrutiny = Group.objects.get(name=SCRUTINY_OFFICERS)
    assert not scrutiny.permissions.filter(
        codename__regex=r"_(complaint|complaintfile|stagechange|letter|complaintview)$"
    ).exists()


def test_every_look_at_a_record_is_logged(complaints_officer, complaint):
    pk = complaint.pk
    complaints_officer.get(reverse("admin:complaints_complaint_change", args=[pk]))
    complaints_officer.get(reverse("admin:complaints_complaint_history", args=[pk]))
    complaints_officer.get(reverse("admin:complaints_complaint_anonymised", args=[pk]))
    file = complaint.files.get()
    complaints_officer.get(reverse("admin:complaints_complaint_file", args=[pk, file.pk]))

    views = ComplaintView.objects.order_by("pk")
    assert [view.what for view in views] == ["record", "history", "anonymised", "file"]
    assert {view.username for view in views} == {"complaints-officer"}
    page = complaints_officer.get(reverse("admin:complaints_complaint_change", args=[pk]))
    assert "complaints-officer, the anonymised copy" in page.text


def test_a_file_is_served_only_as_a_download_under_a_plain_name(complaints_officer, complaint):
    file = complaint.files.get()

    response = complaints_officer.get(
        reverse("admin:complaints_complaint_file", args=[complaint.pk, file.pk])
    )

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{complaint.reference}-evidence-{file.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_a_file_of_another_complaint_or_a_missing_one_is_not_found(
    complaints_officer, complaint, private_media
):
    other = build_complaint(complaint.holder)
    file = complaint.files.get()
    url = reverse("admin:complaints_complaint_file", args=[other.pk, file.pk])
    assert complaints_officer.get(url).status_code == 404

    (private_media / file.file.name).unlink()
    url = reverse("admin:complaints_complaint_file", args=[complaint.pk, file.pk])
    assert complaints_officer.get(url).status_code == 404


def test_no_file_is_reachable_through_the_public_media_address(client, complaint, settings):
    file = complaint.files.get()

    assert client.get(f"{settings.MEDIA_URL}{file.file.name}").status_code == 404


def test_the_stage_buttons_move_the_complaint(complaints_officer, complaint):
    change = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    page = complaints_officer.get(change).text
    for label in ["Recorded", "Not recorded", "Withdrawn"]:
        assert f">{label}</a>" in page
    assert ">Informal resolution</a>" not in page

    move = reverse("admin:complaints_complaint_move", args=[complaint.pk, "recorded"])
    assert "Move to: Recorded" in complaints_officer.get(move).text
    response = complaints_officer.post(move, {"note": "About conduct."}, follow=True)

    assert f"{complaint.reference} is now: Recorded." in response.text
    complaint.refresh_from_db()
    assert complaint.stage == "recorded"
    assert StageChange.objects.get().by.username == "complaints-officer"


def test_a_refused_move_is_an_error_message_never_a_500(complaints_officer, complaint):
    for stage in ["closed", "informal", "nonsense", "outcome_sent"]:
        url = reverse("admin:complaints_complaint_move", args=[complaint.pk, stage])
        for method in (complaints_officer.get, complaints_officer.post):
            response = method(url, follow=True)
            assert response.status_code == 200
            assert 'class="error"' in response.text
    complaint.refresh_from_db()
    assert complaint.stage == "received"


def test_outcome_sent_is_refused_before_the_note_until_the_record_is_sent(
    complaints_officer, complaint
):
    complaint.stage = "informal"
    complaint.save()
    url = reverse("admin:complaints_complaint_move", args=[complaint.pk, "outcome_sent"])

    response = complaints_officer.get(url, follow=True)

    assert "Send the record of outcome first" in response.text
    assert "Move to: Record of outcome sent" not in response.text
    complaint.refresh_from_db()
    assert complaint.stage == "informal"


def test_no_action_asks_for_the_ground(complaints_officer, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(stage="recorded")
    url = reverse("admin:complaints_complaint_move", args=[complaint.pk, "disapplied"])

    response = complaints_officer.post(url, {"note": "Late."})
    assert response.status_code == 200
    assert "This field is required." in response.text
    complaints_officer.post(url, {"note": "Late.", "ground": "late"})

    complaint.refresh_from_db()
    assert complaint.stage == "disapplied"
    assert StageChange.objects.get().ground == "late"


def test_a_letter_is_drafted_edited_and_emailed(
    complaints_officer, complaint, django_capture_on_commit_callbacks
):
    draft = reverse(
        "admin:complaints_complaint_letter_draft", args=[complaint.pk, "acknowledgement"]
    )
    assert complaints_officer.get(draft).status_code == 200
    assert not Letter.objects.exists()
    complaints_officer.post(draft)
    letter = Letter.objects.get()
    assert letter.kind == "acknowledgement"
    assert "Dear Zebedee Secretperson" in letter.body
    assert complaint.reference in letter.body

    send = reverse("admin:complaints_complaint_letter_send", args=[complaint.pk, letter.pk])
    page = complaints_officer.get(send).text
    assert "Email it to the complainant now" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaints_officer.post(send, {"how": "email"})

    letter.refresh_from_db()
    complaint.refresh_from_db()
    assert letter.sent_how == "email" and letter.sent_on
    assert complaint.acknowledged_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == (
        f"Acknowledgement: your complaint, reference {complaint.reference}"
    )
    assert "Dear Zebedee Secretperson" in mail.outbox[0].body
    again = complaints_officer.post(send, {"how": "email"}, follow=True)
    assert "This letter was sent on" in again.text
    assert len(mail.outbox) == 1


def test_a_complainant_without_email_gets_letters_by_post(complaints_officer, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(email="")
    letter = letter_draft(complaint=complaint, kind="acknowledgement", by=None)
    send = reverse("admin:complaints_complaint_letter_send", args=[complaint.pk, letter.pk])

    assert "Email it" not in complaints_officer.get(send).text
    complaints_officer.post(send, {"how": "email"})
    letter.refresh_from_db()
    assert letter.sent_on is None
    complaints_officer.post(send, {"how": "post"})
    letter.refresh_from_db()
    assert letter.sent_how == "post"


def test_a_sent_letter_cannot_be_edited(admin_client, complaint, letter):
    from complaints.services import letter_send

    letter_send(letter=letter, how="post", by=None)
    page = admin_client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))

    assert 'name="letters-0-body"' in page.text
    assert "disabled" in page.text.split('name="letters-0-body"')[1].split(">")[0]


def test_the_anonymised_copy_removes_who_the_complainant_is(complaints_officer, complaint):
    url = reverse("admin:complaints_complaint_anonymised", args=[complaint.pk])

    text = complaints_officer.get(url).text

    for secret in SECRETS:
        assert secret not in text
    assert "[removed] of [removed] says they were shouted at." in text
    assert "An apology; call [removed]." in text
    assert "Officers must check the free text before sending this copy" in text


def test_the_overdue_list(complaints_officer, complaint):
    import datetime

    from django.utils import timezone

    long_ago = timezone.now() - datetime.timedelta(days=70)
    late = build_complaint(complaint.holder, received_at=long_ago)
    acknowledged = build_complaint(complaint.holder, received_at=long_ago, acknowledged_at=long_ago)
    Complaint.objects.filter(pk=acknowledged.pk).update(stage="closed")
    url = reverse("admin:complaints_complaint_changelist")

    overdue = complaints_officer.get(url, {"target": "overdue"}).text
    unacknowledged = complaints_officer.get(url, {"target": "acknowledgement"}).text
    unconcluded = complaints_officer.get(url, {"target": "conclusion"}).text

    assert late.reference in overdue and complaint.reference not in overdue
    assert acknowledged.reference not in overdue
    assert late.reference in unacknowledged and late.reference in unconcluded
    assert "Acknowledgement overdue; conclusion overdue" in overdue
    # The list names no complainant.
    assert "Zebedee" not in complaints_officer.get(url).text


def test_each_officer_sees_only_the_emails_of_their_own_work(
    client, login_staff, django_user_model, complaint
):
    from tests.complaints.factories import build_question

    build_question()
    OutgoingEmail.objects.create(topic="question", to="q@example.com", subject="Question email")
    officer(client, login_staff, django_user_model, SCRUTINY_OFFICERS, "scrutiny-officer")
    outbox = reverse("admin:complaints_outgoingemail_changelist")

    text = client.get(outbox).text
    assert "Question email" in text
    assert complaint.reference not in text
    complaint_email = OutgoingEmail.objects.get(topic="complaint")
    change = reverse("admin:complaints_outgoingemail_change", args=[complaint_email.pk])
    assert client.get(change).status_code == 302  # not found for them: back to the list

    client.logout()
    officer(client, login_staff, django_user_model, COMPLAINTS_OFFICERS, "complaints-officer")
    text = client.get(outbox).text
    assert complaint.reference in text and "Question email" not in text


def test_deleting_a_complaint_leaves_no_copy_in_its_history(
    complaints_officer, complaint, letter, private_media, django_capture_on_commit_callbacks
):
    stored = private_media / complaint.files.get().file.name
    url = reverse("admin:complaints_complaint_delete", args=[complaint.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = complaints_officer.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Complaint.objects.exists()
    assert not Complaint.history.exists()
    assert not Letter.history.exists()
    assert not stored.exists()
