"""A resident asks a question, an officer accepts and answers it, and the answer is public."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Question
from staff.groups import SCRUTINY_OFFICERS
from tests.complaints.factories import build_question, open_meeting

pytestmark = pytest.mark.browser


@pytest.fixture
def meetings(transactional_db, staff_groups):
    from django.core.cache import cache

    cache.clear()
    meeting = open_meeting()
    earlier = open_meeting(slug="earlier", days=-40)
    build_question(
        earlier,
        status=Question.Status.ANSWERED,
        text="What is being done about speeding drivers on rural roads?",
        answer="More speed cameras are coming to rural roads.",
        answered_at=timezone.now() - datetime.timedelta(days=40),
    )
    return meeting


def test_a_resident_asks_and_an_officer_answers(
    page, assert_accessible, meetings, django_user_model, sign_in
):
    meeting = meetings
    page.goto("/questions/")
    assert_accessible(page)
    expect(page.get_by_text("More speed cameras are coming to rural roads.")).to_be_visible()
    page.get_by_role("button", name="Ask a question").click()

    # The form, then every error at once, each linked to its field.
    expect(page.locator("h1")).to_have_text("Ask the panel a question")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    for link in summary.locator("a").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, target
    summary.get_by_role("link", name="Choose the meeting your question is for").click()
    expect(page.locator("#id_meeting_1")).to_be_focused()

    # Filled in, with a postcode to correct: the rest of the input is kept.
    page.get_by_label(meeting.title.split(", ")[0] + ",", exact=False).check()
    page.get_by_label("The Police and Crime Panel").check()
    question = page.get_by_label("Your question")
    question.fill("Speeding drivers on rural roads: what more is being done?")
    expect(page.get_by_text("You have 90 words remaining")).to_be_visible()
    page.locator("#id_individual_case_2").check()
    page.get_by_label("Full name").fill("Robin Resident")
    page.get_by_label("Email address").fill("robin.resident@example.com")
    page.get_by_label("Postcode").fill("S1")
    page.get_by_label("I live, work or study in South Yorkshire").check()
    page.locator("#id_consents_to_name_1").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real postcode")
    assert_accessible(page)
    expect(page.get_by_label("Full name")).to_have_value("Robin Resident")
    page.get_by_label("Postcode").fill("s10 2tn")
    page.get_by_role("button", name="Continue").click()

    # A similar question answered lately: read it, then send anyway.
    expect(page.locator("h1")).to_have_text("Check questions answered recently")
    assert page.url.removeprefix(page.url.split("/questions")[0]) == "/questions/ask/"
    assert_accessible(page)
    page.get_by_role("button", name="Send my question").click()

    expect(page.locator("h1")).to_have_text("Question sent")
    assert_accessible(page)
    asked = Question.objects.get(meeting=meeting)
    expect(page.get_by_text(asked.reference)).to_be_visible()
    assert "robin" not in page.url.lower() and asked.reference not in page.url
    assert [message.to for message in mail.outbox] == [["robin.resident@example.com"]]
    page.get_by_role("link", name="Check the status of your question").click()
    expect(page.locator(".govuk-tag")).to_have_text("Received")
    assert_accessible(page)
    status_url = page.url

    # An officer accepts it and records the answer.
    officer = django_user_model.objects.create_user(
        "officer", password="a-long-test-password", is_staff=True
    )
    officer.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    sign_in(page, officer, "a-long-test-password")
    page.goto(f"/admin/complaints/question/?meeting__id__exact={meeting.pk}&status__exact=received")
    page.get_by_role("link", name=asked.reference).click()
    expect(page.get_by_text("S10", exact=True)).to_be_visible()
    page.get_by_role("link", name="Accept").click()
    page.get_by_role("button", name="Accept and email the asker").click()
    expect(page.locator("ul.messagelist")).to_contain_text("accepted; the asker is emailed")
    accepted = mail.outbox[-1]
    assert accepted.to == ["robin.resident@example.com"]
    assert accepted.subject == f"Your question has been accepted: reference {asked.reference}"
    page.get_by_role("link", name="Record the answer").click()
    answer = "Average speed cameras go up on four more roads this year."
    page.get_by_label("Answer:").fill(answer)
    page.get_by_label("Answered by:").fill("the Chair")
    page.get_by_label("At the meeting", exact=True).check()
    page.get_by_role("button", name="Save the answer and email the asker").click()
    # The meeting is a month away: no answer can have been given at it yet.
    expect(page.locator(".errornote")).to_contain_text(
        f"the meeting on {meeting.start:%-d %B %Y} has not happened yet"
    )
    expect(page.get_by_label("Answer:")).to_have_value(answer)
    expect(page.get_by_label("Answered by:")).to_have_value("the Chair")
    expect(page.get_by_label("At the meeting", exact=True)).to_be_checked()
    page.get_by_label("In writing").check()
    page.get_by_role("button", name="Save the answer and email the asker").click()
    expect(page.locator("ul.messagelist")).to_contain_text("recorded and published")
    assert page.console_errors == []

    # The answer is public, with the name the resident agreed to.
    page.goto(meeting.get_absolute_url())
    section = page.locator("#public-questions ~ .panel-question").first
    expect(section).to_contain_text("Question from Robin Resident")
    expect(section).to_contain_text("Average speed cameras go up on four more roads this year.")
    assert_accessible(page)
    page.goto("/questions/")
    expect(page.get_by_text("Average speed cameras go up on four more roads")).to_be_visible()
    expect(page.get_by_text("robin.resident@example.com")).to_have_count(0)
    page.goto(status_url)
    expect(page.locator(".govuk-tag")).to_have_text("Answered")
    assert len(mail.outbox) == 3
    assert page.console_errors == []


def test_the_word_count_as_you_type_is_the_one_the_server_applies(page, meetings):
    from complaints.models import QUESTION_MAX_WORDS, count_words

    # Hyphens, slashes, dots and a lone dash: where counting words is open to argument.
    text = "Anti-social driving and/or speeding - e.g. on www.example.com/roads: what is done?"
    page.goto("/questions/ask/")
    page.get_by_label("Your question").fill(text)

    remaining = QUESTION_MAX_WORDS - count_words(text)
    expect(page.get_by_text(f"You have {remaining} words remaining")).to_be_visible()
    assert page.console_errors == []
