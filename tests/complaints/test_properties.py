"""Properties of the form validators, checked on generated input (hypothesis): the word count,
the question deadline and the agenda due date, and UK postcodes (issue 9)."""

import datetime
import re
import unicodedata

import holidays
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from complaints.models import (
    QUESTION_WORKING_DAYS,
    count_words,
    normalise_postcode,
    question_deadline,
)
from meetings.models import CLEAR_WORKING_DAYS, agenda_due_date, is_working_day

# Modest, so that the suite stays fast; no deadline, since the first call loads the bank holidays.
modest = settings(max_examples=200, deadline=None)


def is_js_space(char):
    """What JavaScript's \\s matches, from the ECMAScript standard: WhiteSpace (Unicode's Zs,
    tab, vertical tab, form feed and U+FEFF) and LineTerminator. The word count in the browser
    (static/js/panel.js) counts text.match(/\\S+/g)."""
    return unicodedata.category(char) == "Zs" or char in "\t\v\f\ufeff\n\r\u2028\u2029"


WHITESPACE = st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2003\u3000\ufeff", min_size=1, max_size=5)
WORD = st.text(min_size=1, max_size=12).filter(lambda word: not any(map(is_js_space, word)))


# The word count ------------------------------------------------------------------------------


@modest
@given(st.lists(WORD, max_size=150), WHITESPACE, WHITESPACE, WHITESPACE)
def test_a_question_counts_its_words_whatever_the_space_between_them(words, before, between, after):
    assert count_words(before + between.join(words) + after) == len(words)


@modest
@given(st.text(max_size=300), st.text(max_size=300))
def test_the_count_of_two_texts_joined_by_a_space_is_the_sum_of_their_counts(a, b):
    assert count_words(a + " " + b) == count_words(a) + count_words(b)


@modest
@given(st.text(max_size=1000))
@example("")
@example("\x00\x00")
@example("<script>alert(1)</script>")
def test_the_count_of_any_text_is_a_number_of_words_and_never_fails(text):
    count = count_words(text)

    assert 0 <= count <= len(text)
    assert count_words(text + "\n\n" + text) == 2 * count


@modest
@given(st.text(max_size=300))
@example("one\ufefftwo\x85three\x1cfour\u2028five")
def test_the_server_counts_words_as_the_browser_does(text):
    spaced = "".join(" " if is_js_space(char) else char for char in text)

    assert count_words(text) == len([word for word in spaced.split(" ") if word])


# Deadlines -------------------------------------------------------------------------------------

MEETING_DAYS = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))
TIMES = st.times(min_value=datetime.time(9, 0), max_value=datetime.time(20, 0))


def bank_holidays(day):
    return holidays.UK(subdiv="ENG", years=[day.year - 1, day.year])


def working_days_between(first, last, holidays_):
    """Working days strictly after `first` and strictly before `last`."""
    days = (last - first).days
    return sum(
        is_working_day(first + datetime.timedelta(days=n), holidays_) for n in range(1, days)
    )


@modest
@given(MEETING_DAYS, TIMES)
@example(datetime.date(2014, 7, 30), datetime.time(10, 0))  # the rule's own example
@example(datetime.date(2025, 1, 2), datetime.time(10, 0))  # across New Year and Christmas
@example(datetime.date(2026, 4, 10), datetime.time(10, 0))  # after Easter
def test_questions_close_on_a_working_day_with_five_working_days_before_the_meeting(day, time):
    start = timezone.make_aware(datetime.datetime.combine(day, time))

    deadline = timezone.localtime(question_deadline(start))

    holidays_ = bank_holidays(day)
    assert deadline.time() == datetime.time(23, 59, 59, 999999)
    assert deadline.date() < day
    assert is_working_day(deadline.date(), holidays_)
    # The deadline day itself is the fifth working day before the meeting day.
    assert working_days_between(deadline.date(), day, holidays_) == QUESTION_WORKING_DAYS - 1


@modest
@given(MEETING_DAYS, TIMES, TIMES)
def test_the_time_of_the_meeting_never_moves_its_question_deadline(day, one, other):
    def at(time):
        return question_deadline(timezone.make_aware(datetime.datetime.combine(day, time)))

    assert at(one) == at(other)


@modest
@given(MEETING_DAYS, st.integers(min_value=1, max_value=40))
def test_a_later_meeting_never_closes_its_questions_earlier(day, days_later):
    def deadline(meeting_day):
        return question_deadline(
            timezone.make_aware(datetime.datetime.combine(meeting_day, datetime.time(10)))
        )

    assert deadline(day) <= deadline(day + datetime.timedelta(days=days_later))


@modest
@given(MEETING_DAYS)
@example(datetime.date(2014, 5, 2))
def test_the_agenda_is_due_on_a_working_day_leaving_five_clear_working_days(day):
    due = agenda_due_date(day)

    holidays_ = bank_holidays(day)
    assert due < day
    assert is_working_day(due, holidays_)
    # Neither the day of publication nor the day of the meeting counts.
    assert working_days_between(due, day, holidays_) == CLEAR_WORKING_DAYS


# Postcodes -------------------------------------------------------------------------------------

LETTER = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
DIGIT = st.sampled_from("0123456789")


@st.composite
def postcodes(draw):
    """Postcodes in each of the six UK shapes: A9, A99, AA9, AA99, A9A and AA9A, then 9AA."""
    area = draw(st.one_of(LETTER, st.tuples(LETTER, LETTER).map("".join)))
    district = draw(DIGIT) + draw(st.one_of(st.just(""), DIGIT, LETTER))
    return f"{area}{district} {draw(DIGIT)}{draw(LETTER)}{draw(LETTER)}"


def respell(postcode, data):
    """The same postcode as a person might type it: any case, spaces anywhere or none."""
    chars = [
        char.lower() if data.draw(st.booleans()) else char for char in postcode.replace(" ", "")
    ]
    spaced = [char + data.draw(st.sampled_from(["", "", " ", "  ", "\t"])) for char in chars]
    return data.draw(st.sampled_from(["", " "])) + "".join(spaced)


@modest
@given(postcodes(), st.data())
@example("S60 2TH", None)
@example("S1 2HH", None)
@example("DN1 3BU", None)
@example("EC1A 1BB", None)
def test_a_postcode_is_accepted_in_any_case_and_spacing_and_reads_the_same(postcode, data):
    typed = respell(postcode, data) if data else postcode.lower().replace(" ", "")

    assert normalise_postcode(typed) == postcode


@modest
@given(postcodes())
def test_a_normalised_postcode_normalises_to_itself(postcode):
    once = normalise_postcode(postcode)

    assert once is not None
    assert normalise_postcode(once) == once
    outward, inward = once.split(" ")
    assert 2 <= len(outward) <= 4 and len(inward) == 3


@modest
@given(st.text(max_size=40))
@example("\x00")
@example("S60 2TH\x00")
@example("<script>alert(1)</script>")
@example("S６０ ２TH")  # full-width digits: not a postcode
def test_any_text_is_a_normalised_postcode_or_none_and_never_fails(text):
    result = normalise_postcode(text)

    if result is not None:
        assert re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}", result)
        assert normalise_postcode(result) == result


@modest
@given(postcodes(), st.sampled_from("!@#$%^&*()_+-=/\\.,;:'\"<>?`~|0"))
def test_a_postcode_with_a_stray_character_is_refused(postcode, stray):
    assert normalise_postcode(postcode + stray) is None
