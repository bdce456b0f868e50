"""Making a complaint: the triage, the form's rules, files, and what is stored and sent."""

import datetime
import logging

import pytest
from django.core import mail
from django.urls import reverse

from complaints.models import (
    EVIDENCE_MAX_BYTES,
    Complaint,
    ComplaintFile,
    OutgoingEmail,
    complainable_holders,
)
from tests.complaints.factories import (
    PDF_BYTES,
    PNG_BYTES,
    build_holder,
    complaint_form_data,
    docx_bytes,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

MAKE = reverse("complaints:complaint-make")
SENT = reverse("complaints:complaint-submitted")


@pytest.fixture
def holder():
    return build_holder()


def send(client, data, **files):
    return client.post(MAKE, {**data, **files})


# The triage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "destination"),
    [
        ("office_holder", "/complaints/what/"),
        ("police", "/complaints/go-to/police-officer/"),
        ("chief_constable", "/complaints/go-to/chief-constable/"),
        ("councillor", "/complaints/go-to/councillor/"),
        ("crime", "/complaints/go-to/crime/"),
        ("other", "/complaints/go-to/other/"),
    ],
)
def test_who_is_it_about_leads_to_the_right_place(client, answer, destination):
    response = client.post("/complaints/who/", {"answer": answer})

    assert response.status_code == 302
    assert response["Location"] == destination
    assert client.get(destination).status_code == 200


@pytest.mark.parametrize(
    ("answer", "destination"),
    [
        ("conduct", "/complaints/make/"),
        ("offence", "/complaints/go-to/serious/"),
        ("decision", "/complaints/go-to/decision/"),
        ("police", "/complaints/go-to/police-officer/"),
    ],
)
def test_what_is_it_about_leads_to_the_form_or_elsewhere(client, answer, destination):
    response = client.post("/complaints/what/", {"answer": answer})

    assert response["Location"] == destination


@pytest.mark.parametrize(
    ("slug", "says"),
    [
        ("police-officer", "Professional Standards Department"),
        ("chief-constable", "deals with complaints about the Chief Constable"),
        ("councillor", "Complain to the councillor's own council"),
        ("crime", "In an emergency, call 999."),
        ("decision", "ask a question at a panel meeting"),
        ("serious", "Independent Office for Police Conduct"),
        ("other", "Local Government and Social Care Ombudsman"),
    ],
)
def test_each_place_says_where_to_go(client, slug, says):
    response = client.get(f"/complaints/go-to/{slug}/")

    assert says in response.text
    assert "Start again" in response.text


def test_an_unanswered_question_shows_the_error_and_an_unknown_place_is_not_found(client):
    response = client.post("/complaints/who/", {})

    assert response.status_code == 200
    assert "Error: Who do you want to complain about?" in response.text
    assert 'href="#id_answer_1">Choose who you want to complain about' in response.text
    assert client.post("/complaints/who/", {"answer": "mayor'"}).status_code == 200
    assert client.get("/complaints/go-to/nowhere/").status_code == 404


def test_the_guidance_page_leads_into_the_triage_and_names_the_ombudsman(client):
    text = client.get("/complaints/").text

    assert 'href="/complaints/who/"' in text
    assert "Local Government and Social Care Ombudsman" in text
    assert 'href="/privacy/#complaints"' in text
    assert 'href="/complaints/statistics/"' in text


# The form ------------------------------------------------------------------------------------


def test_the_form_offers_only_holders_in_office_or_lately_gone(client):
    today = datetime.date.today()
    current = build_holder("Current Mayor")
    deputy = build_holder("Current Deputy", role="deputy")
    lately = build_holder("Lately Gone", end=today - datetime.timedelta(days=100))
    long_gone = build_holder("Long Gone", end=today - datetime.timedelta(days=400))
    undated = build_holder("Undated")
    undated.start_date = None
    undated.save()

    assert list(complainable_holders()) == [current, lately, deputy]
    text = client.get(MAKE).text
    assert "Current Mayor, Mayor of Testshire" in text
    assert "Current Deputy, Deputy Mayor of Testshire" in text
    assert f"in office until {lately.end_date:%-d %B %Y}" in text
    assert "Long Gone" not in text and "Undated" not in text
    response = send(client, complaint_form_data(long_gone))
    assert "Choose who your complaint is about" in response.text
    assert not Complaint.objects.exists()


def test_without_anyone_in_office_the_form_says_how_else_to_complain(client):
    text = client.get(MAKE).text

    assert "we have no record of who holds office now" in text
    assert "<form" not in text.split('id="main-content"')[1].split("</main>")[0]


def test_a_complaint_is_stored_acknowledged_and_confirmed(
    client, holder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, complaint_form_data(holder, phone="0114 496 0000"))

    assert response.status_code == 302
    assert response["Location"] == SENT
    complaint = Complaint.objects.get()
    assert complaint.reference.startswith("C-") and len(complaint.reference) == 8
    assert complaint.stage == Complaint.Stage.RECEIVED
    assert complaint.postcode == "S1 2HH"
    assert complaint.holder == holder
    assert complaint.consent_to_share is False
    assert complaint.raised_with_holder is False
    assert complaint.acknowledge_by and complaint.conclude_by
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["zebedee.secret@example.com"]
    assert email.subject == f"Your complaint to the panel: reference {complaint.reference}"
    assert f"by {complaint.acknowledge_by:%A %-d %B %Y}" in email.body
    assert "They shouted at me" not in email.body  # the complaint itself is never emailed
    assert OutgoingEmail.objects.get().topic == OutgoingEmail.Topic.COMPLAINT

    page = client.get(SENT)
    assert complaint.reference in page.text
    assert f"{complaint.conclude_by:%A %-d %B %Y}" in page.text
    assert "Zebedee" not in page.text


def test_form_and_confirmation_are_never_stored_by_a_browser_or_cache(client, holder):
    assert "no-store" in client.get(MAKE)["Cache-Control"]
    send(client, complaint_form_data(holder))
    assert "no-store" in client.get(SENT)["Cache-Control"]
    assert "no-store" in send(client, complaint_form_data(holder, town=""))["Cache-Control"]


def test_the_confirmation_belongs_to_the_browser_that_sent_it(client, holder):
    response = client.get(SENT)

    assert response.status_code == 302
    assert response["Location"] == MAKE


def test_errors_are_summarised_and_the_input_kept(client, holder):
    response = send(
        client, complaint_form_data(holder, complainant_name="", email="", postcode="S1")
    )

    assert response.status_code == 200
    assert "Error: Make a complaint" in response.text
    assert 'href="#id_complainant_name">Enter your full name' in response.text
    assert 'href="#id_email">Enter an email address or a phone number' in response.text
    assert 'href="#id_postcode">Enter a real postcode, like S60 2TH' in response.text
    assert 'value="99 Hiddenhouse Lane"' in response.text
    assert "They shouted at me at a public meeting." in response.text
    assert not Complaint.objects.exists()


def test_a_phone_number_is_enough_without_an_email(client, holder):
    send(client, complaint_form_data(holder, email="", phone="+44 114 496 0000"))

    complaint = Complaint.objects.get()
    assert complaint.phone == "+44 114 496 0000"
    assert not OutgoingEmail.objects.exists()
    assert "Keep your reference" in client.get(SENT).text


def test_a_phone_number_must_look_like_one(client, holder):
    response = send(client, complaint_form_data(holder, email="", phone="call me"))

    assert "Enter a phone number, like 0114 273 4567" in response.text


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "Enter the date it happened"),
        ("31", "2", "2026", "The date it happened must be a real date"),
        ("x", "2", "2026", "Enter the day as a number, like 5"),
        ("1", "1", "2999", "The date it happened must be today or in the past"),
        # Too big for the machine's integers: once a server error, now a plain one.
        ("99999999999999999999", "1", "2026", "The date it happened must be a real date"),
        ("1", "99999999999999999999", "2026", "The date it happened must be a real date"),
        ("1", "1", "99999999999999999999", "The date it happened must be a real date"),
    ],
)
def test_the_date_must_be_a_real_day_not_in_the_future(client, holder, day, month, year, error):
    data = complaint_form_data(holder, happened_on_0=day, happened_on_1=month, happened_on_2=year)

    response = send(client, data)

    assert error in response.text
    assert not Complaint.objects.exists()


def test_more_than_12_months_ago_warns_and_asks_why(client, holder):
    long_ago = datetime.date.today() - datetime.timedelta(days=400)
    data = complaint_form_data(
        holder,
        happened_on_0=str(long_ago.day),
        happened_on_1=str(long_ago.month),
        happened_on_2=str(long_ago.year),
    )
    assert "Why are you complaining more than 12 months" not in client.get(MAKE).text

    response = send(client, data)

    assert "This happened more than 12 months ago." in response.text
    assert 'href="#id_late_reason">Tell us why you did not complain within 12 months' in (
        response.text
    )
    assert not Complaint.objects.exists()
    send(client, {**data, "late_reason": "I was in hospital."})
    complaint = Complaint.objects.get()
    assert complaint.late_reason == "I was in hospital."
    assert complaint.is_late


def test_acting_for_someone_needs_their_name_and_consent(client, holder):
    data = complaint_form_data(holder, acting_for_someone="yes")

    response = send(client, data)

    assert "Enter the name of the person you act for" in response.text
    assert "Confirm that you have their written consent, or upload it" in response.text
    send(client, {**data, "represented_name": "Pat Relative", "consent_confirmed": "on"})
    complaint = Complaint.objects.get()
    assert (complaint.acting_for_someone, complaint.represented_name) == (True, "Pat Relative")
    assert complaint.consent_confirmed


def test_a_consent_letter_can_stand_for_the_confirmation(client, holder):
    data = complaint_form_data(holder, acting_for_someone="yes", represented_name="Pat Relative")

    send(client, data, consent_file=upload("consent.pdf", PDF_BYTES))

    record = ComplaintFile.objects.get()
    assert record.kind == ComplaintFile.Kind.CONSENT
    assert record.file_type == "pdf"


def test_for_myself_the_answers_about_someone_else_are_ignored(client, holder):
    # Without JavaScript the questions about someone else are on the page whatever the answer,
    # and with it they may have been filled in before "for myself" was chosen.
    data = complaint_form_data(
        holder, acting_for_someone="no", represented_name="x" * 300, consent_confirmed="on"
    )

    response = send(client, data, consent_file=upload("consent.exe", b"MZ not a letter"))

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.acting_for_someone, complaint.represented_name) == (False, "")
    assert not complaint.consent_confirmed
    assert not ComplaintFile.objects.exists()


def test_evidence_files_are_stored_privately_under_random_names(client, holder, private_media):
    files = [
        upload("Zebedee letter.pdf", PDF_BYTES),
        upload("photo.PNG", PNG_BYTES),
        upload("notes.docx", docx_bytes()),
    ]

    send(client, complaint_form_data(holder), evidence=files)

    records = list(ComplaintFile.objects.order_by("pk"))
    assert [record.file_type for record in records] == ["pdf", "png", "docx"]
    assert records[0].original_name == "Zebedee letter.pdf"
    assert records[0].size == len(PDF_BYTES)
    for record in records:
        path = private_media / record.file.name
        assert path.exists()
        assert "Zebedee" not in record.file.name
    assert records[0].file.read() == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("evil.pdf", b"MZ\x90\x00 a program renamed", "evil.pdf must be a PDF, JPEG, PNG or Word"),
        ("photo.jpg", PNG_BYTES, "photo.jpg must be a PDF, JPEG, PNG or Word"),
        ("archive.docx", zip_bytes(), "archive.docx must be a PDF, JPEG, PNG or Word"),
        ("page.html", b"<html>", "page.html must be a PDF, JPEG, PNG or Word"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(client, holder, name, content, error):
    response = send(client, complaint_form_data(holder), evidence=[upload(name, content)])

    assert error in response.text
    assert "Choose your files again" in response.text
    assert not Complaint.objects.exists()
    assert not ComplaintFile.objects.exists()


def test_a_file_over_10_mb_is_refused(client, holder):
    big = upload("big.pdf", PDF_BYTES + b"0" * EVIDENCE_MAX_BYTES)

    response = send(client, complaint_form_data(holder), evidence=[big])

    assert "big.pdf is larger than 10 MB" in response.text
    assert not Complaint.objects.exists()


def test_more_than_5_files_are_refused(client, holder):
    files = [upload(f"page{n}.pdf", PDF_BYTES) for n in range(6)]

    response = send(client, complaint_form_data(holder), evidence=files)

    assert "You can upload up to 5 files: you chose 6" in response.text
    assert not Complaint.objects.exists()


def test_the_honeypot_keeps_nothing(client, holder):
    response = send(client, complaint_form_data(holder, website="http://spam.example"))

    assert response.status_code == 400
    assert "looks automated" in response.text
    assert not Complaint.objects.exists()


def test_too_many_complaints_from_one_address_are_refused(client, holder, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "2/10m"
    for _ in range(2):
        assert send(client, complaint_form_data(holder)).status_code == 302

    response = send(client, complaint_form_data(holder))

    assert response.status_code == 429
    assert "Retry-After" in response
    assert Complaint.objects.count() == 2


def test_nothing_personal_goes_into_a_url_or_a_log_line(
    client, holder, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, complaint_form_data(holder), evidence=[upload("a.pdf", PDF_BYTES)])

    assert response["Location"] == SENT
    complaint = Complaint.objects.get()
    assert f"Complaint {complaint.pk} received with 1 file(s)" in caplog.text
    for detail in ["Zebedee", "Secretperson", "Hiddenhouse", "zebedee.secret", "S1 2HH", "shouted"]:
        assert detail not in caplog.text


def test_a_stored_complaint_never_loses_its_files_to_a_collision(
    client, holder, monkeypatch, private_media
):
    """Two references collide: the first attempt rolls back, its file goes; the second stands."""
    from tests.complaints.factories import build_complaint

    build_complaint(holder, reference="C-SAME01")
    draws = iter(["C-SAME01", "C-FRESH1"])
    monkeypatch.setattr("complaints.services.new_complaint_reference", lambda: next(draws))

    send(client, complaint_form_data(holder), evidence=[upload("a.pdf", PDF_BYTES)])

    complaint = Complaint.objects.get(reference="C-FRESH1")
    stored = [path for path in private_media.rglob("*") if path.is_file()]
    assert [path.name for path in stored] == [complaint.files.get().file.name.split("/")[-1]]
