"""Ten askers at the same moment each get their own reference."""

import threading

import pytest
from django.db import close_old_connections

from complaints import models
from complaints.models import Question
from complaints.services import question_submit
from tests.complaints.factories import open_meeting


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
