"""Asking a question: the form, the similar-questions step, the confirmation and status pages."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from complaints.models import OutgoingEmail, Question
from tests.complaints.factories import build_question, form_data, open_meeting

pytestmark = pytest.mark.django_db

ASK = reverse("complaints:question-ask")


def test_the_form_lists_open_meetings_with_their_closing_time(client):
    meeting = open_meeting()

    response = client.get(ASK)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Police and Crime Panel, " in response.text
    assert f'value="{meeting.pk}"' in response.text
    assert "Questions close at 23:59 on " in response.text
    assert 'data-module="panel-word-count" data-maxlength="100"' in response.text
    assert "novalidate" in response.text
    # The trap for scripts: hidden from sight, out of the tab order, never autofilled.
    assert 'name="website"' in response.text
    assert 'tabindex="-1"' in response.text


def test_with_no_meeting_open_the_page_says_so(client):
    response = client.get(ASK)

    assert "No meeting is open for questions at the moment." in response.text
    assert 'name="text"' not in response.text
    posted = client.post(ASK, {"meeting": "1", "text": "Anything"})
    assert posted.status_code == 200
    assert "No meeting is open for questions at the moment." in posted.text
    assert Question.objects.count() == 0


def test_a_question_is_stored_acknowledged_and_confirmed(
    client, django_capture_on_commit_callbacks
):
    meeting = open_meeting()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, form_data(meeting))

    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:question-submitted")
    assert question.meeting == meeting
    assert question.postcode == "S60 2TH"
    assert question.postcode_district == "S60"
    assert question.in_south_yorkshire
    assert question.status == Question.Status.RECEIVED
    assert not question.consents_to_name
    assert question.reference.startswith("Q-") and len(question.reference) == 8
    assert len(question.status_token) >= 40

    [email] = mail.outbox
    assert email.to == ["pat.tester@example.com"]
    assert question.reference in email.subject
    assert question.get_status_url() in email.body
    assert OutgoingEmail.objects.get().sent_at is not None

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert "no-store" in confirmation["Cache-Control"]
    assert "Question sent" in confirmation.text
    assert question.reference in confirmation.text
    assert question.get_status_url() in confirmation.text
    assert "pat.tester@example.com" not in confirmation.text


def test_the_confirmation_page_is_only_for_the_browser_that_asked(client):
    response = client.get(reverse("complaints:question-submitted"))

    assert response.status_code == 302
    assert response["Location"] == ASK


def test_every_error_is_summarised_with_links_and_the_input_kept(client):
    meeting = open_meeting()
    data = form_data(
        meeting,
        addressed_to=None,
        text=" ".join(["word"] * 101),
        asker_name="Pat <b>Tester</b>",
        email="not-an-email",
        postcode="S1",
        declares_local=None,
        consents_to_name=None,
    )

    response = client.post(ASK, data)

    assert response.status_code == 200
    assert Question.objects.count() == 0
    text = response.text
    assert "<title>Error: Ask the panel a question" in text
    assert 'class="govuk-error-summary"' in text
    for anchor, message in [
        ("#id_addressed_to_1", "Choose who your question is for"),
        ("#id_text", "Your question must be 100 words or fewer: it has 101"),
        ("#id_email", "Enter an email address in the correct format"),
        ("#id_postcode", "Enter a real postcode, like S60 2TH"),
        ("#id_declares_local", "Confirm that you live, work or study in South Yorkshire"),
        ("#id_consents_to_name_1", "Say whether we can publish your name"),
    ]:
        assert f'<a href="{anchor}">{message}' in text
    # The input is kept, escaped.
    assert 'value="Pat &lt;b&gt;Tester&lt;/b&gt;"' in text
    assert 'value="not-an-email"' in text
    assert re.search(rf'value="{meeting.pk}"\s*checked="checked"', text)
    assert "govuk-input--error" in text


def test_an_empty_form_is_refused_with_every_required_field_named(client):
    open_meeting()

    response = client.post(ASK, {})

    assert response.status_code == 200
    for message in [
        "Choose the meeting your question is for",
        "Choose who your question is for",
        "Enter your question",
        "Say whether your question is about an individual case",
        "Enter your full name",
        "Enter your email address",
        "Enter your postcode",
    ]:
        assert message in response.text
    assert Question.objects.count() == 0


def test_an_individual_case_is_refused_with_where_to_go_instead(client):
    meeting = open_meeting()

    response = client.post(ASK, form_data(meeting, individual_case="yes"))

    assert Question.objects.count() == 0
    assert '<a href="#id_individual_case_1">The panel cannot answer questions about an' in (
        response.text
    )
    assert "Professional Standards Department" in response.text


@pytest.mark.parametrize(
    ("meeting_value", "message"),
    [
        ("999999", "Choose a meeting from the list"),
        ("not-a-number", "Choose a meeting from the list"),
        ("1 OR 1=1", "Choose a meeting from the list"),
        ("", "Choose the meeting your question is for"),
    ],
)
def test_a_tampered_or_missing_meeting_is_a_clear_error(client, meeting_value, message):
    open_meeting()

    response = client.post(ASK, form_data(open_meeting(slug="another"), meeting=meeting_value))

    assert response.status_code == 200
    assert message in response.text
    assert Question.objects.count() == 0


def test_a_meeting_that_has_closed_is_named(client):
    open_meeting()
    closed = open_meeting(slug="closed", days=2)

    response = client.post(ASK, form_data(closed))

    assert "have closed. Choose a meeting that is still open" in response.text
    assert Question.objects.count() == 0


def test_a_draft_meeting_cannot_be_chosen(client):
    open_meeting()
    draft = open_meeting(slug="draft", is_published=False)

    response = client.post(ASK, form_data(draft))

    assert "Choose a meeting from the list" in response.text
    assert Question.objects.count() == 0


def test_html_and_script_are_stored_as_typed_and_shown_escaped(client):
    meeting = open_meeting()
    text = '<script>alert("x")</script> Why <b>so</b> slow?'

    client.post(ASK, form_data(meeting, text=text))

    question = Question.objects.get()
    assert question.text == text
    page = client.get(question.get_status_url())
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text


def test_huge_input_is_refused_without_a_server_error(client):
    meeting = open_meeting()

    response = client.post(
        ASK, form_data(meeting, text="x" * 100_000, asker_name="n" * 10_000, postcode="S" * 500)
    )

    assert response.status_code == 200
    assert "Your question must be 100 words or fewer" in response.text
    assert "Your name must be 200 characters or fewer" in response.text
    assert "Enter a real postcode, like S60 2TH" in response.text
    assert Question.objects.count() == 0


def test_invalid_utf8_and_null_characters_never_give_a_server_error(client):
    meeting = open_meeting()
    body = (
        f"meeting={meeting.pk}&addressed_to=panel&text=caf%C3%28+%FF%FE+bad&individual_case=no"
        "&asker_name=Pat%00Tester&email=pat%40example.com&postcode=S1+2HH&declares_local=on"
        "&consents_to_name=no"
    )

    response = client.post(ASK, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text
    assert Question.objects.count() == 0


def test_similar_recent_answers_are_shown_before_sending(client):
    meeting = open_meeting()
    answered = build_question(
        open_meeting(slug="earlier", days=-30),
        status=Question.Status.ANSWERED,
        text="What is being done about speeding drivers on rural roads in Barnsley?",
        answer="Speed cameras are being added on rural roads.",
    )
    data = form_data(meeting, text="Speeding drivers on rural roads: what is being done?")

    check = client.post(ASK, data)

    assert check.status_code == 200
    assert "no-store" in check["Cache-Control"]
    assert "Check questions answered recently" in check.text
    assert "Speed cameras are being added on rural roads." in check.text
    assert answered.meeting.get_absolute_url() in check.text
    assert Question.objects.count() == 1
    # The form travels on as hidden fields of a POST, never in the address.
    assert 'type="hidden" name="email" value="pat.tester@example.com"' in check.text
    assert 'action="/questions/ask/"' in check.text
    assert "Withdraw my question" in check.text

    change = client.post(ASK, {**data, "action": "change"})
    assert 'value="pat.tester@example.com"' in change.text
    assert "Speeding drivers on rural roads: what is being done?</textarea>" in change.text
    assert Question.objects.count() == 1

    sent = client.post(ASK, {**data, "action": "send"})
    assert sent.status_code == 302
    assert Question.objects.count() == 2


def test_old_or_unpublished_answers_are_not_offered_as_similar(client):
    from django.utils import timezone

    meeting = open_meeting()
    text = "What is being done about speeding drivers on rural roads in Barnsley?"
    build_question(
        open_meeting(slug="long-ago", days=-400),
        status=Question.Status.ANSWERED,
        text=text,
        answered_at=timezone.now() - 200 * timezone.timedelta(days=1),
    )
    build_question(
        open_meeting(slug="hidden", days=-30),
        status=Question.Status.ANSWERED,
        text=text,
        answer_published=False,
    )

    response = client.post(ASK, form_data(meeting, text=text))

    assert response.status_code == 302


def test_the_status_page_is_found_only_by_its_secret(client):
    question = build_question(
        status=Question.Status.REJECTED,
        rejection_reason=Question.RejectionReason.REPEAT,
        rejection_note="See the answer given in March.",
    )

    page = client.get(question.get_status_url())

    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "Rejected" in page.text
    assert "It repeats a question answered in the last six months." in page.text
    assert "See the answer given in March." in page.text
    assert "hidden.asker@example.com" not in page.text
    assert "S1 2HH" not in page.text
    assert client.get(f"/questions/status/{question.reference}/").status_code == 404
    assert client.get(f"/questions/{question.reference}/").status_code == 404


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Question.Status.RECEIVED, "Officers have not checked your question yet."),
        (Question.Status.ACCEPTED, "Your question has been accepted"),
        (Question.Status.ANSWERED, "Each district has its own team."),
    ],
)
def test_the_status_page_follows_the_question(client, status, shown):
    question = build_question(status=status)

    assert shown in client.get(question.get_status_url()).text


def test_the_honeypot_stores_nothing_and_says_what_to_do(client):
    meeting = open_meeting()

    response = client.post(ASK, form_data(meeting, website="http://spam.example"))

    assert response.status_code == 400
    assert "Your question could not be sent" in response.text
    assert "Leave this blank" in response.text
    assert Question.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_more_than_the_limit_from_one_address_gets_a_try_again_page(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "2/10m"
    meeting = open_meeting()

    for _ in range(2):
        assert client.post(ASK, form_data(meeting)).status_code == 302
    response = client.post(ASK, form_data(meeting))

    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 600
    assert "Too many attempts" in response.text
    assert "You can try again after" in response.text
    assert Question.objects.count() == 2
    # Another address is not held back.
    other = client.post(ASK, form_data(meeting), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_behind_the_proxy_the_limit_follows_the_forwarded_address(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "1/10m"
    settings.BEHIND_PROXY = True
    meeting = open_meeting()

    first = client.post(ASK, form_data(meeting), HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = client.post(ASK, form_data(meeting), HTTP_X_FORWARDED_FOR="198.51.100.2")
    third = client.post(ASK, form_data(meeting), HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert [first.status_code, second.status_code, third.status_code] == [302, 302, 429]


def test_nothing_from_the_asker_reaches_a_url_or_a_log_line(client, caplog):
    meeting = open_meeting()
    caplog.set_level(logging.DEBUG)

    response = client.post(ASK, form_data(meeting), follow=True)

    question = Question.objects.get()
    urls = [url for url, _ in response.redirect_chain]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for private in ["Pat Tester", "pat.tester@example.com", "S60 2TH", "speeding", "rural"]:
        assert all(private.lower() not in url.lower() for url in urls)
        assert private.lower() not in logged.lower()
    assert f"Question {question.pk} received" in logged
