import pytest
from django.core.management import call_command

from complaints import demo
from complaints.models import Question
from meetings import demo as meetings_demo
from plans import demo as plans_demo

pytestmark = pytest.mark.django_db


def load_all():
    plans_demo.load()
    meetings_demo.load()
    demo.load()


def test_demo_holds_minute_j32_and_invented_open_questions():
    load_all()

    march = Question.objects.filter(meeting__slug=meetings_demo.MARCH)
    assert march.count() == 2
    assert all(q.status == "answered" and q.answer_published for q in march)
    assert all(q.public_name == "a member of the public" for q in march)
    assert march.get(reference="Q-2014-J32-1").answer.startswith("The Chairman advised")
    sample = Question.objects.filter(meeting__slug=meetings_demo.SAMPLE_SLUG)
    assert sample.count() == 3
    assert all(q.email.endswith(("@example.com", "@example.org")) for q in sample)
    assert sample.filter(status="accepted").count() == 1


def test_demo_load_is_idempotent_and_reset_clears_questions_asked_meanwhile(client):
    load_all()
    history = Question.history.count()
    demo.load()
    assert Question.objects.count() == 5
    assert Question.history.count() == history

    sample = Question.objects.filter(meeting__slug=meetings_demo.SAMPLE_SLUG).first().meeting
    Question.objects.create(
        meeting=sample, text="Asked while trying the site", asker_name="T", email="t@example.com"
    )
    call_command("load_demo", "--reset")
    assert Question.objects.count() == 5


def test_demo_answers_are_public_on_the_questions_page(client):
    load_all()

    text = client.get("/questions/").text

    assert "publicise these Panel meetings" in text
    assert "Independent Police Complaints Commission" in text
    assert "alex.example@example.com" not in text
