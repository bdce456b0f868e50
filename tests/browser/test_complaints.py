"""A resident is sent to the right place, another makes a complaint about the Mayor, a complaints
officer handles it to a record of outcome, and a scrutiny officer cannot see it."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from complaints.models import Complaint, ComplaintView
from staff.groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS
from tests.complaints.factories import PDF_BYTES, build_holder

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


@pytest.fixture
def holders(transactional_db, staff_groups, settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private_media"},
        },
    }
    build_holder("Jane Example", role="deputy")
    return build_holder("Chris Sample")


def log_in(page, sign_in, django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    sign_in(page, user, PASSWORD)


def check_error_links(page):
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Error: ")
    for link in summary.locator("a").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, target


def fill_in_about_me(page):
    """Everything the form asks, but who the complaint is made for."""
    day = datetime.date.today() - datetime.timedelta(days=20)
    page.get_by_label("Full name", exact=True).fill("Robin Resident")
    page.get_by_label("Address line 1").fill("2 Example Road")
    page.get_by_label("Town or city").fill("Rotherham")
    page.get_by_label("Postcode").fill("S60 2TH")
    page.get_by_label("Email address").fill("robin.resident@example.com")
    page.get_by_label("Chris Sample, Mayor of Testshire").check()
    page.get_by_label("What happened?").fill("They mocked my father's question at a meeting.")
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("What would you like to happen?").fill("An apology.")
    page.locator("#id_raised_with_holder_2").check()
    page.get_by_label("No, only a copy with my details removed").check()


def test_the_questions_about_someone_else_show_only_for_someone_else(
    page, assert_accessible, holders
):
    page.goto("/complaints/make/")
    their_name = page.get_by_label("Their full name")
    consent = page.get_by_label("I have their written consent to make this complaint for them")
    expect(their_name).to_be_hidden()
    expect(consent).to_be_hidden()
    assert_accessible(page)

    page.get_by_label("Yes, for someone else").check()
    expect(their_name).to_be_visible()
    expect(consent).to_be_visible()
    expect(page.get_by_label("Their written consent (optional)")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("No, for myself").check()
    expect(their_name).to_be_hidden()

    # Chosen but not answered: the questions are shown with their errors, each linked.
    fill_in_about_me(page)
    page.get_by_label("Yes, for someone else").check()
    page.get_by_role("button", name="Send complaint").click()
    check_error_links(page)
    assert_accessible(page)
    expect(their_name).to_be_visible()
    page.get_by_role("link", name="Enter the name of the person you act for").click()
    expect(their_name).to_be_focused()
    page.get_by_role("link", name="Confirm that you have their written consent").click()
    expect(consent).to_be_focused()

    their_name.fill("Pat Resident")
    consent.check()
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator("h1")).to_have_text("Complaint sent")
    complaint = Complaint.objects.get()
    assert (complaint.acting_for_someone, complaint.represented_name) == (True, "Pat Resident")
    assert complaint.consent_confirmed
    assert page.console_errors == []


def test_without_javascript_the_questions_about_someone_else_can_be_answered(
    browser, live_server, holders
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/complaints/make/")
    # GOV.UK Frontend hides the questions only once its JavaScript has started.
    expect(page.get_by_label("Their full name")).to_be_visible()

    fill_in_about_me(page)
    page.get_by_label("Yes, for someone else").check()
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of the person you act for"
    )
    page.get_by_label("Their full name").fill("Pat Resident")
    page.get_by_label("I have their written consent to make this complaint for them").check()
    page.get_by_role("button", name="Send complaint").click()

    expect(page.locator("h1")).to_have_text("Complaint sent")
    complaint = Complaint.objects.get()
    assert (complaint.acting_for_someone, complaint.represented_name) == (True, "Pat Resident")
    assert complaint.consent_confirmed
    context.close()


def test_a_complaint_about_a_police_officer_is_sent_to_professional_standards(
    page, assert_accessible, holders
):
    page.goto("/complaints/")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.locator("h1")).to_have_text("Who do you want to complain about?")
    assert_accessible(page)

    page.get_by_role("button", name="Continue").click()
    check_error_links(page)
    assert_accessible(page)
    page.get_by_role("link", name="Choose who you want to complain about").click()
    expect(page.locator("#id_answer_1")).to_be_focused()

    page.get_by_label("A police officer or member of police staff").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Complaints about the police")
    expect(page.get_by_text("Professional Standards Department deals with")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []


def test_a_resident_complains_an_officer_handles_it_and_a_scrutiny_officer_cannot_see_it(
    page, assert_accessible, holders, django_user_model, tmp_path, sign_in
):
    # The triage leads to the form.
    page.goto("/complaints/who/")
    page.get_by_label("The Mayor or the Deputy Mayor for Policing and Crime").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("What is your complaint about?")
    assert_accessible(page)
    page.get_by_label("Something they did or said, or how they behaved").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Make a complaint about the Mayor or the Deputy Mayor")
    assert_accessible(page)

    # Every error at once, each linked to its field.
    page.get_by_role("button", name="Send complaint").click()
    check_error_links(page)
    assert_accessible(page)
    page.get_by_role("link", name="Enter your full name").click()
    expect(page.locator("#id_complainant_name")).to_be_focused()

    # Filled in, with a date long ago: a warning and the question why.
    long_ago = datetime.date.today() - datetime.timedelta(days=500)
    page.get_by_label("Full name", exact=True).fill("Robin Resident")
    page.get_by_label("Address line 1").fill("2 Example Road")
    page.get_by_label("Town or city").fill("Rotherham")
    page.get_by_label("Postcode").fill("s60 2th")
    page.get_by_label("Email address").fill("robin.resident@example.com")
    page.get_by_label("No, for myself").check()
    expect(page.get_by_label("Jane Example, Deputy Mayor of Testshire")).to_be_visible()
    page.get_by_label("Chris Sample, Mayor of Testshire").check()
    page.get_by_label("What happened?").fill("They mocked my question at a public meeting.")
    page.get_by_label("Day").fill(str(long_ago.day))
    page.get_by_label("Month").fill(str(long_ago.month))
    page.get_by_label("Year").fill(str(long_ago.year))
    page.get_by_label("What would you like to happen?").fill("An apology.")
    page.locator("#id_raised_with_holder_2").check()
    page.get_by_label("No, only a copy with my details removed").check()
    page.get_by_role("button", name="Send complaint").click()
    expect(page.get_by_text("This happened more than 12 months ago.")).to_be_visible()
    check_error_links(page)
    assert_accessible(page)
    expect(page.get_by_label("Full name", exact=True)).to_have_value("Robin Resident")

    evidence = tmp_path / "letter.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.get_by_label("Why are you complaining more than 12 months").fill("I was in hospital.")
    page.locator("#id_evidence").set_input_files(str(evidence))
    page.get_by_role("button", name="Send complaint").click()

    expect(page.locator("h1")).to_have_text("Complaint sent")
    assert_accessible(page)
    complaint = Complaint.objects.get()
    expect(page.get_by_text(complaint.reference)).to_be_visible()
    assert page.url.endswith("/complaints/make/sent/")
    assert [message.to for message in mail.outbox] == [["robin.resident@example.com"]]
    assert page.console_errors == []

    # A complaints officer records it, acknowledges it and resolves it informally.
    log_in(page, sign_in, django_user_model, "complaints-officer", COMPLAINTS_OFFICERS)
    page.goto("/admin/complaints/complaint/")
    page.get_by_role("link", name=complaint.reference).click()
    expect(page.get_by_role("heading", name="Stage: Received")).to_be_visible()

    def move(stage, note):
        page.get_by_role("link", name=stage, exact=True).click()
        page.get_by_label("Note:").fill(note)
        page.get_by_role("button", name=f"Move to: {stage}").click()
        expect(page.locator("ul.messagelist")).to_contain_text(f"is now: {stage}")

    def draft_and_send(kind, how, fill_in=""):
        page.get_by_role("link", name=kind, exact=True).click()
        page.get_by_role("button", name="Draft it").click()
        expect(page.locator("ul.messagelist")).to_contain_text("drafted below")
        if fill_in:
            # The draft's gaps in square brackets: sending it as drafted is refused.
            page.get_by_role("link", name="Send this letter (save your edits first)").click()
            page.get_by_label(how).check()
            page.get_by_role("button", name="Record as sent").click()
            expect(page.locator("ul.messagelist")).to_contain_text("square brackets")
            body = page.locator("textarea[name$='-body']").last
            body.fill(re.sub(r"\[[^\]]*\]", fill_in, body.input_value()))
            page.get_by_role("button", name="Save and continue editing").click()
        page.get_by_role("link", name="Send this letter (save your edits first)").click()
        page.get_by_label(how).check()
        page.get_by_role("button", name="Record as sent").click()
        expect(page.locator("ul.messagelist")).to_contain_text("recorded as sent")

    move("Recorded", "About the Mayor's conduct.")
    draft_and_send("Acknowledgement", "Email it to the complainant now")
    move("Informal resolution", "Suitable for informal resolution.")

    # The office holder gets the anonymised copy: no name, no address.
    page.get_by_role("link", name="Anonymised copy").click()
    expect(page.get_by_text("Officers must check the free text")).to_be_visible()
    expect(page.get_by_text("Robin Resident")).to_have_count(0)
    expect(page.get_by_text("2 Example Road")).to_have_count(0)
    page.go_back()

    # Trying to jump ahead is refused with a message at once, before any note is written.
    page.get_by_role("link", name="Record of outcome sent", exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text("Send the record of outcome first")
    expect(page.get_by_label("Note:")).to_have_count(0)

    draft_and_send(
        "Record of outcome", "I have posted it (or will today)", fill_in="An apology was given."
    )
    move("Record of outcome sent", "Sent to both sides.")
    complaint.refresh_from_db()
    assert complaint.stage == "outcome_sent"
    assert complaint.acknowledged_at is not None
    assert list(complaint.stage_changes.values_list("to_stage", flat=True)) == [
        "recorded",
        "informal",
        "outcome_sent",
    ]
    assert ComplaintView.objects.filter(username="complaints-officer").exists()
    assert page.console_errors == []

    # A scrutiny officer cannot see it.
    page.context.clear_cookies()
    log_in(page, sign_in, django_user_model, "scrutiny-officer", SCRUTINY_OFFICERS)
    expect(page.get_by_role("link", name="Questions", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Complaints", exact=True)).to_have_count(0)
    response = page.goto(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert response.status == 403
    expect(page.get_by_text("Robin Resident")).to_have_count(0)
    response = page.goto("/admin/complaints/complaint/")
    assert response.status == 403
