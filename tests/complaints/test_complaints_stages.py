"""Every stage move the regulations allow, and every one they do not, through the one service."""

import itertools
import re

import pytest
from django.utils import timezone

from complaints.models import Complaint, Letter, StageChange
from complaints.services import (
    ALLOWED_MOVES,
    LetterRefused,
    StageMoveRefused,
    letter_draft,
    letter_send,
    move_complaint,
)
from tests.complaints.factories import build_complaint

pytestmark = pytest.mark.django_db

Stage = Complaint.Stage
EXPECTED = {
    ("received", "recorded"),
    ("received", "not_recorded"),
    ("received", "withdrawn"),
    ("recorded", "referred"),
    ("recorded", "disapplied"),
    ("recorded", "informal"),
    ("recorded", "withdrawn"),
    ("referred", "returned"),
    ("referred", "withdrawn"),
    ("returned", "disapplied"),
    ("returned", "informal"),
    ("returned", "withdrawn"),
    ("informal", "outcome_sent"),
    ("informal", "withdrawn"),
    ("outcome_sent", "closed"),
    ("outcome_sent", "withdrawn"),
}
ALL_PAIRS = [(a, b) for a, b in itertools.product(Stage.values, Stage.values) if a != b]


def at_stage(stage):
    complaint = build_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(stage=stage)
    complaint.refresh_from_db()
    return complaint


def needs(to_stage, complaint, staff_user):
    """What a move needs besides being allowed: a ground, a reason, a sent record of outcome."""
    kwargs = {"note": "Because."}
    if to_stage == Stage.DISAPPLIED:
        kwargs["ground"] = StageChange.Ground.REPETITIOUS
    if to_stage == Stage.OUTCOME_SENT:
        letter = letter_draft(complaint=complaint, kind=Letter.Kind.OUTCOME, by=staff_user)
        fill_in(letter)
        letter_send(letter=letter, how=Letter.SentHow.POST, by=staff_user)
    return kwargs


def fill_in(letter):
    """What the officer does before sending a draft: replace the text in square brackets."""
    letter.body = re.sub(r"\[[^\]]*\]", "An apology was given.", letter.body)
    letter.save()


def test_the_table_is_the_one_the_regulations_set():
    assert {(a, b) for a, targets in ALLOWED_MOVES.items() for b in targets} == EXPECTED


@pytest.mark.parametrize(("from_stage", "to_stage"), sorted(EXPECTED))
def test_an_allowed_move_is_made_and_recorded(from_stage, to_stage, staff_user):
    complaint = at_stage(from_stage)
    kwargs = needs(to_stage, complaint, staff_user)

    moved = move_complaint(complaint, to_stage, staff_user, **kwargs)

    complaint.refresh_from_db()
    assert complaint.stage == to_stage == moved.stage
    change = StageChange.objects.get(complaint=complaint)
    assert (change.from_stage, change.to_stage, change.by, change.note) == (
        from_stage,
        to_stage,
        staff_user,
        "Because.",
    )
    assert complaint.history.first().history_user == staff_user
    concluded = to_stage in Complaint.CONCLUDED_STAGES
    assert (complaint.concluded_at is not None) == concluded
    assert complaint.referred_to_iopc == (to_stage == Stage.REFERRED)


@pytest.mark.parametrize(
    ("from_stage", "to_stage"), [pair for pair in ALL_PAIRS if pair not in EXPECTED]
)
def test_a_move_the_regulations_do_not_allow_is_refused(from_stage, to_stage, staff_user):
    complaint = at_stage(from_stage)

    with pytest.raises(StageMoveRefused) as refusal:
        move_complaint(
            complaint, to_stage, staff_user, note="Because.", ground=StageChange.Ground.LATE
        )

    assert complaint.reference in str(refusal.value)
    complaint.refresh_from_db()
    assert complaint.stage == from_stage
    assert not StageChange.objects.exists()


def test_a_concluded_complaint_says_it_cannot_move_at_all(staff_user):
    complaint = at_stage(Stage.CLOSED)

    with pytest.raises(StageMoveRefused, match="cannot move to any other stage"):
        move_complaint(complaint, Stage.WITHDRAWN, staff_user)


def test_a_refusal_lists_where_the_complaint_can_go(staff_user):
    complaint = at_stage(Stage.RECEIVED)

    with pytest.raises(StageMoveRefused) as refusal:
        move_complaint(complaint, Stage.CLOSED, staff_user)

    assert str(refusal.value) == (
        f"{complaint.reference} cannot go from received to closed. From here it can go to: "
        "recorded, not recorded, withdrawn."
    )


def test_no_action_needs_a_regulation_15_ground(staff_user):
    complaint = at_stage(Stage.RECORDED)

    with pytest.raises(StageMoveRefused, match="regulation 15 ground"):
        move_complaint(complaint, Stage.DISAPPLIED, staff_user, note="No.")
    with pytest.raises(StageMoveRefused, match="regulation 15 ground"):
        move_complaint(complaint, Stage.DISAPPLIED, staff_user, ground="bored")
    with pytest.raises(StageMoveRefused, match="only given when taking no action"):
        move_complaint(complaint, Stage.INFORMAL, staff_user, ground=StageChange.Ground.LATE)

    move_complaint(complaint, Stage.DISAPPLIED, staff_user, ground=StageChange.Ground.ANONYMOUS)
    assert StageChange.objects.get().ground == "anonymous"


def test_not_recording_needs_the_reason_the_complainant_is_told(staff_user):
    complaint = at_stage(Stage.RECEIVED)

    with pytest.raises(StageMoveRefused, match="reason for not recording"):
        move_complaint(complaint, Stage.NOT_RECORDED, staff_user, note="   ")

    move_complaint(complaint, Stage.NOT_RECORDED, staff_user, note="About a police officer.")
    letter = letter_draft(complaint=complaint, kind=Letter.Kind.NOT_RECORDED, by=staff_user)
    assert "About a police officer." in letter.body
    assert "Local Government and Social Care Ombudsman" in letter.body


def test_the_record_of_outcome_must_have_gone_before_the_stage_says_so(staff_user):
    complaint = at_stage(Stage.INFORMAL)
    letter = letter_draft(complaint=complaint, kind=Letter.Kind.OUTCOME, by=staff_user)

    with pytest.raises(StageMoveRefused, match="Send the record of outcome first"):
        move_complaint(complaint, Stage.OUTCOME_SENT, staff_user)

    fill_in(letter)
    letter_send(letter=letter, how=Letter.SentHow.POST, by=staff_user)
    assert move_complaint(complaint, Stage.OUTCOME_SENT, staff_user).stage == "outcome_sent"


def test_a_draft_with_its_gaps_unfilled_cannot_be_sent(staff_user):
    complaint = at_stage(Stage.INFORMAL)
    letter = letter_draft(complaint=complaint, kind=Letter.Kind.OUTCOME, by=staff_user)

    with pytest.raises(LetterRefused, match="square brackets"):
        letter_send(letter=letter, how=Letter.SentHow.POST, by=staff_user)

    letter.refresh_from_db()
    assert letter.sent_on is None
    fill_in(letter)
    assert letter_send(letter=letter, how=Letter.SentHow.POST, by=staff_user).sent_on


def test_a_stale_copy_cannot_move_the_complaint_twice(staff_user):
    """Two officers with the same page open: the second move starts from the stage as it is."""
    complaint = at_stage(Stage.RECEIVED)
    stale = Complaint.objects.get(pk=complaint.pk)

    move_complaint(complaint, Stage.RECORDED, staff_user)
    with pytest.raises(StageMoveRefused, match="cannot go from recorded to not recorded"):
        move_complaint(stale, Stage.NOT_RECORDED, staff_user, note="Not about conduct.")

    assert StageChange.objects.count() == 1


def test_targets_are_5_working_days_and_8_weeks(staff_user):
    # Received on Friday 22 December 2023: Christmas Day, Boxing Day and New Year's Day do not
    # count, so the fifth working day is Wednesday 3 January.
    received = timezone.make_aware(timezone.datetime(2023, 12, 22, 10, 0))
    complaint = build_complaint(received_at=received)

    assert complaint.acknowledge_by == timezone.datetime(2024, 1, 3).date()
    assert complaint.conclude_by == timezone.datetime(2024, 2, 16).date()
