"""Ten askers at the same moment each get their own reference; a busy database uses none up."""

import threading

import pytest
from django.db import IntegrityError, OperationalError, close_old_connections, connection

from complaints import models, services
from complaints.models import Question
from complaints.services import REFERENCE_ATTEMPTS, question_submit
from tests.complaints.factories import build_question, open_meeting

ASKER = {
    "addressed_to": "panel",
    "text": "How many neighbourhood officers does each district have?",
    "asker_name": "Hidden Asker",
    "email": "hidden.asker@example.com",
    "postcode": "S1 2HH",
    "declares_local": True,
    "consents_to_name": False,
}


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_questions_get_ten_references(monkeypatch):
    meeting = open_meeting()
    # Force collisions: the first draws all return the same reference, as if by bad luck.
    draws = iter(["Q-SAME01"] * 6 + [f"Q-UNIQ{n:02d}" for n in range(40)])
    lock = threading.Lock()

    def colliding_reference():
        with lock:
            return next(draws)

    monkeypatch.setattr("complaints.services.new_reference", colliding_reference)
    start = threading.Barrier(10)
    errors = []

    def ask(number):
        try:
            start.wait()
            question_submit(
                meeting=meeting,
                addressed_to="panel",
                text=f"Question number {number}",
                asker_name=f"Asker {number}",
                email=f"asker{number}@example.com",
                postcode="S1 2HH",
                declares_local=True,
                consents_to_name=False,
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    references = list(Question.objects.values_list("reference", flat=True))
    assert len(references) == 10
    assert len(set(references)) == 10
    assert "Q-SAME01" in references
    assert len(set(Question.objects.values_list("status_token", flat=True))) == 10
    assert models.REFERENCE_LENGTH == 6


@pytest.mark.django_db
def test_a_busy_database_is_waited_for_without_using_up_references(monkeypatch):
    """SQLite may turn a writer away while another writes ("database table is locked"). That is
    no collision: the question keeps the one reference drawn, however often it was turned away.
    PostgreSQL never does (a writer waits its turn): there the same error is a fault, reported,
    and nothing is stored."""
    meeting = open_meeting()
    monkeypatch.setattr("complaints.services.new_reference", iter(["Q-FIRST1"]).__next__)
    turned_away = iter(range(REFERENCE_ATTEMPTS + 1))
    queue_email = services.question_email

    def busy_then_free(question, template):
        if next(turned_away, None) is not None:
            raise OperationalError("database table is locked")
        queue_email(question, template)

    monkeypatch.setattr("complaints.services.question_email", busy_then_free)

    if connection.vendor != "sqlite":
        with pytest.raises(OperationalError):
            question_submit(meeting=meeting, **ASKER)
        assert not Question.objects.exists()
        return
    question = question_submit(meeting=meeting, **ASKER)

    assert question.reference == "Q-FIRST1"
    assert list(Question.objects.values_list("reference", flat=True)) == ["Q-FIRST1"]
    assert services.OutgoingEmail.objects.get().subject.endswith("Q-FIRST1")


@pytest.mark.django_db
def test_only_a_reference_collision_draws_a_fresh_reference(monkeypatch):
    """Any other broken rule is a fault to report, not bad luck to try again."""
    meeting = open_meeting()
    taken = build_question(meeting)
    monkeypatch.setattr("complaints.services.new_reference", iter(["Q-FIRST1"]).__next__)
    monkeypatch.setattr("complaints.services.new_status_token", lambda: taken.status_token)

    with pytest.raises(IntegrityError):
        question_submit(meeting=meeting, **ASKER)

    assert list(Question.objects.all()) == [taken]
