"""What the public sees: published answers on /questions/ and the meeting pages, and never an
email address, a postcode or a name given without consent."""

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from complaints.models import Question
from tests.complaints.factories import DAY, build_question, open_meeting
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

QUESTIONS = reverse("complaints:questions")


def questions_item(meeting):
    item = meeting.items.first()
    item.title = "Questions from members of the public"
    item.save()
    return item


def every_status(meeting):
    """One question in each state, each asker with their own private details."""
    return {
        status: build_question(
            meeting,
            status=status,
            text=f"Text of the {status} question",
            asker_name=f"Private {status} Name",
            email=f"private.{status}@example.com",
            postcode="S70 2TA",
        )
        for status in Question.Status.values
    }


def test_questions_page_lists_published_answers_newest_meeting_first(client):
    older = build_meeting(slug="older", start=timezone.now() - 60 * DAY, minutes=False)
    newer = build_meeting(slug="newer", start=timezone.now() - 10 * DAY, minutes=False)
    build_question(older, status="answered", text="The older question", answer="Older answer.")
    build_question(newer, status="answered", text="The newer question", answer="Newer answer.")
    build_question(newer, status="accepted", text="Not answered yet")
    draft = build_meeting(slug="draft", start=timezone.now() - 5 * DAY, is_published=False)
    build_question(draft, status="answered", text="Of a draft meeting")
    open_meeting()

    response = client.get(QUESTIONS)

    text = response.text
    assert response.status_code == 200
    assert text.index("The newer question") < text.index("The older question")
    assert "Newer answer." in text and "Older answer." in text
    assert "Not answered yet" not in text
    assert "Of a draft meeting" not in text
    assert f'href="{newer.get_absolute_url()}"' in text
    assert "Questions close at 23:59" in text or "questions close at 23:59 on" in text
    assert reverse("complaints:question-ask") in text


def test_questions_page_paginates_and_says_when_nothing_is_open(client):
    meeting = build_meeting(slug="past", start=timezone.now() - 10 * DAY, minutes=False)
    for number in range(25):
        build_question(meeting, status="answered", text=f"Question {number:02d}")

    first = client.get(QUESTIONS)
    second = client.get(QUESTIONS, {"page": 2})

    assert first.text.count('class="panel-question"') == 20
    assert second.text.count('class="panel-question"') == 5
    assert "No meeting is open for questions at the moment." in first.text
    assert client.get(QUESTIONS, {"page": 99}).status_code == 404


def test_meeting_and_item_pages_show_accepted_questions_and_published_answers(client):
    meeting = build_meeting(slug="held", start=timezone.now() - 3 * DAY, items=2, minutes=False)
    item = questions_item(meeting)
    questions = every_status(meeting)
    build_question(
        meeting, status="answered", text="Answered but not published", answer_published=False
    )

    for url in [meeting.get_absolute_url(), item.get_absolute_url()]:
        text = client.get(url).text
        assert 'id="public-questions"' in text
        assert "Text of the accepted question" in text
        assert "Text of the answered question" in text
        assert "Each district has its own team." in text
        assert "Text of the received question" not in text
        assert "Text of the rejected question" not in text
        assert "Answered but not published" not in text
    assert (
        f'id="question-{questions["answered"].pk}"' in client.get(meeting.get_absolute_url()).text
    )
    other_item = meeting.items.exclude(pk=item.pk).get()
    assert 'id="public-questions"' not in client.get(other_item.get_absolute_url()).text


def test_no_personal_data_on_any_public_page_or_feed(client):
    meeting = build_meeting(slug="held", start=timezone.now() - 3 * DAY, minutes=False)
    item = questions_item(meeting)
    every_status(meeting)
    build_question(
        meeting,
        status="answered",
        asker_name="Happy To Be Named",
        consents_to_name=True,
        email="named@example.com",
        postcode="DN1 3BU",
    )
    feeds = [
        reverse(f"meetings:{pattern.name}")
        for pattern in get_resolver().url_patterns
        for pattern in getattr(pattern, "url_patterns", [pattern])
        if getattr(pattern, "name", "")
        and pattern.name.endswith(("-rss", "-atom"))
        and not pattern.pattern.converters
    ]
    assert feeds  # the feeds of meetings, papers and minutes
    pages = [
        QUESTIONS,
        meeting.get_absolute_url(),
        item.get_absolute_url(),
        reverse("home"),
        reverse("meetings:index"),
        reverse("search:index") + "?q=question",
        reverse("feeds"),
        *feeds,
    ]

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for private in [
            "@example.com",
            "S70 2TA",
            "DN1 3BU",
            "S70",
            "DN1 ",
            "Private ",
            "Hidden Asker",
        ]:
            assert private not in text, (url, private)
    assert "Happy To Be Named" in client.get(QUESTIONS).text
    assert "a member of the public" in client.get(QUESTIONS).text


@pytest.mark.parametrize("count", [1, 15])
def test_public_pages_take_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    meeting = build_meeting(slug="held", start=timezone.now() - 3 * DAY, items=3, minutes=False)
    item = questions_item(meeting)
    for number in range(count):
        build_question(meeting, status="answered", text=f"Question {number}")
        build_question(meeting, status="accepted", text=f"Accepted {number}")
    open_meeting()

    # The meeting pages' own queries may grow as they gain sections; 15 questions must not add any.
    with django_assert_max_num_queries(4):
        assert client.get(QUESTIONS).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(meeting.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(item.get_absolute_url()).status_code == 200
