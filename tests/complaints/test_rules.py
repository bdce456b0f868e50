"""The panel's rules as functions: word count, deadline, postcode."""

import datetime

import pytest
from django.utils import timezone

from complaints.models import (
    SOUTH_YORKSHIRE_DISTRICTS,
    content_words,
    count_words,
    meetings_open_for_questions,
    normalise_postcode,
    postcode_district,
    question_deadline,
)
from tests.meetings.factories import build_meeting


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_word_count_splits_on_any_whitespace():
    assert count_words("") == 0
    assert count_words("   \n\t ") == 0
    assert count_words("one two\nthree\tfour  five") == 5
    # Punctuation and hyphens do not split words; the browser's counter agrees (/\S+/g).
    assert count_words("anti-social behaviour, again?") == 3


@pytest.mark.django_db
def test_exactly_100_words_is_allowed_and_101_is_not():
    from complaints.forms import QuestionForm

    def errors_for(words):
        return QuestionForm(data={"text": " ".join(["word"] * words)}).errors.get("text")

    assert errors_for(100) is None
    assert errors_for(101) == ["Your question must be 100 words or fewer: it has 101"]


def test_deadline_is_the_fifth_working_day_before_at_23_59():
    # Wednesday 30 July 2014: back through Tue 29, Mon 28, Fri 25, Thu 24, Wed 23.
    deadline = question_deadline(at(2014, 7, 30, 10, 0))
    assert timezone.localtime(deadline).date() == datetime.date(2014, 7, 23)
    assert timezone.localtime(deadline).strftime("%H:%M") == "23:59"


def test_deadline_skips_a_bank_holiday_weekend():
    # Friday 29 May 2026; Monday 25 May is the spring bank holiday.
    deadline = question_deadline(at(2026, 5, 29, 13, 0))
    assert timezone.localtime(deadline).date() == datetime.date(2026, 5, 21)
    # Tuesday 7 April 2026: past Easter Monday and Good Friday to Thu 2, Wed 1, Tue 31, Mon 30
    # and Fri 27 March.
    deadline = question_deadline(at(2026, 4, 7, 13, 0))
    assert timezone.localtime(deadline).date() == datetime.date(2026, 3, 27)


def test_deadline_across_christmas_and_new_year():
    # Monday 4 January 2027: back through Thu 31, Wed 30, Tue 29 December, then past Monday 28
    # (Boxing Day's substitute) and Christmas Day to Thu 24 and Wed 23.
    deadline = question_deadline(at(2027, 1, 4, 13, 0))
    assert timezone.localtime(deadline).date() == datetime.date(2026, 12, 23)


@pytest.mark.django_db
def test_a_meeting_is_open_until_the_last_minute_and_closed_a_minute_later():
    meeting = build_meeting(start=at(2014, 7, 30, 10, 0), minutes=False)

    assert meetings_open_for_questions(at(2014, 7, 23, 23, 59)) == [meeting]
    assert meetings_open_for_questions(at(2014, 7, 23, 23, 59, 59)) == [meeting]
    assert meetings_open_for_questions(at(2014, 7, 24, 0, 0)) == []


@pytest.mark.django_db
def test_drafts_cancelled_and_past_meetings_are_never_open():
    build_meeting(slug="draft", start=at(2014, 7, 30, 10), is_published=False, minutes=False)
    cancelled = build_meeting(slug="cancelled", start=at(2014, 7, 31, 10), minutes=False)
    cancelled.status = cancelled.Status.CANCELLED
    cancelled.save()
    build_meeting(slug="past", start=at(2014, 7, 1, 10), minutes=False)

    assert meetings_open_for_questions(at(2014, 7, 10, 12, 0)) == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("s1 2hh", "S1 2HH"),
        ("S12HH", "S1 2HH"),
        ("  dn11   0ab ", "DN11 0AB"),
        ("ec1a1bb", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("S1", None),
        ("12345", None),
        ("S1 2HHH", None),
        ("<script>", None),
        ("", None),
    ],
)
def test_postcodes_are_checked_and_normalised(typed, expected):
    assert normalise_postcode(typed) == expected


def test_south_yorkshire_districts():
    assert postcode_district("S70 2TA") == "S70"
    for inside in ["S1", "S10", "S60", "S70", "S75", "DN1", "DN12"]:
        assert inside in SOUTH_YORKSHIRE_DISTRICTS
    for outside in ["S40", "S80", "DN15", "LS1", "HD1", "S18"]:
        assert outside not in SOUTH_YORKSHIRE_DISTRICTS


def test_content_words_leave_out_common_words():
    assert content_words("What are the Police doing about 101 call waiting times?") == {
        "doing",
        "call",
        "waiting",
        "times",
    }
