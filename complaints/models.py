import datetime
import functools
import math
import operator
import re
import secrets

import holidays
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from meetings.models import Meeting, is_working_day

# The panel's rules for public questions (DESIGN.md §4).
QUESTION_MAX_WORDS = 100
QUESTION_WORKING_DAYS = 5
# A question repeating one answered within this many days may be rejected.
REPEAT_WINDOW_DAYS = 183
PUBLIC_NAME_WITHHELD = "a member of the public"

# Letters and digits that cannot be misread for one another when read out or copied by hand.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6

# A UK postcode: outward code (area, district, optional sub-district letter) and inward code.
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")

# The postcode districts of Barnsley, Doncaster, Rotherham and Sheffield. Postcode districts do
# not follow council boundaries: border districts (e.g. S18 and S21 in Derbyshire, S32 to S33 in
# the Peak District, DN7 to DN9 and DN14 reaching into East Riding and North Lincolnshire) are
# counted as in or out by where most of their addresses lie, so this is approximate. Officers see
# it as a hint, never as a reason to reject.
SOUTH_YORKSHIRE_DISTRICTS = frozenset(
    # Sheffield, Rotherham and Barnsley (S area).
    [f"S{n}" for n in range(1, 14)]  # S1-S13: Sheffield
    + ["S20", "S25", "S26", "S35", "S36"]  # south-east Sheffield, Rotherham south, Stocksbridge
    + [f"S{n}" for n in range(60, 67)]  # S60-S66: Rotherham
    + [f"S{n}" for n in range(70, 76)]  # S70-S75: Barnsley
    + ["S97", "S98", "S99"]  # non-geographic Sheffield
    # Doncaster (DN area).
    + [f"DN{n}" for n in range(1, 13)]  # DN1-DN12: Doncaster
    + ["DN55"]  # non-geographic Doncaster
)


# What makes two questions "look similar" (a hint for the asker, never a decision).
SIMILAR_MIN_SHARED = 3  # at least this many words in common...
SIMILAR_MIN_SHARE = 0.3  # ...and at least this share of the asker's words
SIMILAR_MAX_CANDIDATES = 500
# Words too common to say anything about what a question is about.
STOP_WORDS = frozenset(
    """a about after all also an and any are as at be been but by can could did do does for from
    had has have how i if in into is it its me my no not of on or our please so such than that
    the their them then there these they this those to up us was we were what when where which
    who why will with would you your panel commissioner mayor police question""".split()  # noqa: SIM905
)


def content_words(text):
    """The words of a question that carry its meaning, lower-cased: no stop words, no numbers."""
    words = re.findall(r"[^\W\d_]{3,}", (text or "").lower())
    return {word for word in words if word not in STOP_WORDS}


def normalise_postcode(value):
    """The postcode in upper case with one space before the inward code, or None if not valid."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = POSTCODE_RE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(postcode):
    """The outward code of a normalised postcode, e.g. "S1" of "S1 2HH"."""
    return postcode.split(" ", 1)[0] if postcode else ""


def count_words(text):
    """Words as the panel counts them: anything between spaces. The live counter in the browser
    (GOV.UK Frontend's character count with data-maxwords) counts the same way."""
    return len((text or "").split())


def question_deadline(meeting_start):
    """The last moment to send a question for a meeting that starts at `meeting_start`.

    The rule: questions close at 23:59 on the fifth working day before the day of the meeting
    (weekends and England's bank holidays do not count; the meeting day does not count). For a
    meeting on Wednesday 30 July 2014 that is 23:59 on Wednesday 23 July.
    """
    meeting_day = timezone.localdate(meeting_start)
    bank_holidays = holidays.UK(subdiv="ENG", years=[meeting_day.year - 1, meeting_day.year])
    day = meeting_day
    working_days = 0
    while working_days < QUESTION_WORKING_DAYS:
        day -= datetime.timedelta(days=1)
        if is_working_day(day, bank_holidays):
            working_days += 1
    last_minute = datetime.datetime.combine(day, datetime.time(23, 59, 59, 999999))
    return timezone.make_aware(last_minute)


def meetings_open_for_questions(now=None):
    """Published, scheduled meetings whose question deadline has not passed, soonest first, each
    with its `question_deadline` set. Only a handful of meetings are ever ahead."""
    now = now or timezone.now()
    upcoming = (
        Meeting.objects.published()
        .filter(start__gt=now, status=Meeting.Status.SCHEDULED)
        .select_related("committee")
        .order_by("start")[:50]
    )
    meetings = []
    for meeting in upcoming:
        meeting.question_deadline = question_deadline(meeting.start)
        if now <= meeting.question_deadline:
            meetings.append(meeting)
    return meetings


def new_reference():
    return "Q-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_status_token():
    return secrets.token_urlsafe(32)


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Questions the public may read with their answers: answered, the answer published, for
        a published meeting."""
        return self.filter(
            status=Question.Status.ANSWERED, answer_published=True, meeting__is_published=True
        )

    def on_meeting_page(self):
        """What a meeting page lists: accepted questions still to be answered, and answered ones
        whose answer is published; never received or rejected ones. The meeting page has checked
        the meeting itself (published, or previewed by an officer)."""
        return self.filter(
            Q(status=Question.Status.ACCEPTED)
            | Q(status=Question.Status.ANSWERED, answer_published=True)
        ).order_by("submitted_at", "pk")

    def similar_to(self, text, *, now=None, limit=5):
        """Published questions answered in the last six months that look like `text`, most alike
        first: PostgreSQL full-text search, or a plain word-overlap on SQLite."""
        since = (now or timezone.now()) - datetime.timedelta(days=REPEAT_WINDOW_DAYS)
        recent = self.published().filter(answered_at__gte=since).select_related("meeting")
        words = content_words(text)
        if not words:
            return []
        if connection.vendor == "postgresql":
            query = functools.reduce(
                operator.or_, (SearchQuery(word, config="english") for word in sorted(words))
            )
            vector = SearchVector("text", config="english")
            # ts_rank_cd gives about 0.1 for each of the asker's words (stemmed) that a question
            # contains: ask for as many words in common as the SQLite match below does.
            needed = max(SIMILAR_MIN_SHARED, math.ceil(SIMILAR_MIN_SHARE * len(words)))
            return list(
                recent.annotate(rank=SearchRank(vector, query, cover_density=True))
                .filter(rank__gte=0.1 * needed - 0.01)
                .order_by("-rank", "-answered_at")[:limit]
            )
        # Six months of answered questions is a few dozen rows: compare them in Python.
        scored = []
        for question in recent.order_by("-answered_at")[:SIMILAR_MAX_CANDIDATES]:
            shared = len(words & content_words(question.text))
            if shared >= SIMILAR_MIN_SHARED and shared / len(words) >= SIMILAR_MIN_SHARE:
                scored.append((shared, question))
        scored.sort(key=lambda pair: -pair[0])
        return [question for _, question in scored[:limit]]


class Question(models.Model):
    """A written question from a member of the public for a panel meeting."""

    class AddressedTo(models.TextChoices):
        PANEL = "panel", "The Police and Crime Panel"
        OFFICE_HOLDER = "office_holder", "The police and crime commissioner (now the Mayor)"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        ANSWERED = "answered", "Answered"

    class RejectionReason(models.TextChoices):
        # The panel's rules for public questions: the only grounds for rejecting one.
        LATE = "late", "It arrived less than 5 working days before the meeting"
        TOO_LONG = "too_long", "It is longer than 100 words"
        INDIVIDUAL_CASE = "individual_case", "It is about an individual case"
        REPEAT = "repeat", "It repeats a question answered in the last six months"
        NOT_IN_REMIT = "not_in_remit", "It is not within the panel's remit"
        OFFENSIVE = "offensive", "It is defamatory, frivolous or offensive"

    class AnsweredHow(models.TextChoices):
        AT_MEETING = "at_meeting", "At the meeting"
        IN_WRITING = "in_writing", "In writing, because the asker was not at the meeting"

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="questions",
        help_text="The meeting the question is for.",
    )
    addressed_to = models.CharField(max_length=20, choices=AddressedTo, default=AddressedTo.PANEL)
    text = models.TextField("question", help_text="As the asker wrote it: at most 100 words.")
    asker_name = models.CharField("name", max_length=200)
    email = models.EmailField(help_text="Never shown to the public.")
    postcode = models.CharField(max_length=8, help_text="Never shown to the public.")
    postcode_district = models.CharField(
        max_length=4, editable=False, help_text="The first half of the postcode, e.g. S1."
    )
    in_south_yorkshire = models.BooleanField(
        "postcode in South Yorkshire",
        default=False,
        editable=False,
        help_text="Worked out from the postcode district; approximate at the county's borders.",
    )
    declares_local = models.BooleanField(
        "lives, works or studies in South Yorkshire",
        default=False,
        help_text="The asker declared that they live, work or study in South Yorkshire.",
    )
    consents_to_name = models.BooleanField(
        "name may be published",
        default=False,
        help_text='Otherwise the public sees "a member of the public".',
    )
    reference = models.CharField(
        max_length=12,
        unique=True,
        editable=False,
        help_text="Quoted in emails and letters to the asker.",
    )
    status_token = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="The secret part of the asker's status page address.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.RECEIVED)
    rejection_reason = models.CharField(
        max_length=20, choices=RejectionReason, blank=True, help_text="Needed to reject."
    )
    rejection_note = models.TextField(
        blank=True, help_text="Anything more the asker should know. It is emailed to them."
    )
    answered_by = models.CharField(
        max_length=200, blank=True, help_text='Who answered, e.g. "the Chair" or "the Mayor".'
    )
    answer = models.TextField(blank=True, help_text="The answer, as given.")
    answered_how = models.CharField(max_length=12, choices=AnsweredHow, blank=True)
    answer_published = models.BooleanField(
        default=False, help_text="Show the question and its answer to the public."
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["status_token"])

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="complaints_question_rejected_has_reason",
                violation_error_message="Give the reason for rejecting the question.",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | ~Q(answer=""),
                name="complaints_question_answered_has_answer",
                violation_error_message="An answered question needs its answer.",
            ),
            models.CheckConstraint(
                condition=Q(answer_published=False) | Q(status="answered"),
                name="complaints_question_published_only_answered",
                violation_error_message="Only an answered question can be published.",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status"]),
            models.Index(fields=["status", "answer_published", "answered_at"]),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        # Worked out here so that officers always see them as the postcode stands; no side effects.
        self.postcode = normalise_postcode(self.postcode) or self.postcode
        self.postcode_district = postcode_district(self.postcode)[:4]
        self.in_south_yorkshire = self.postcode_district in SOUTH_YORKSHIRE_DISTRICTS
        if not self.status_token:
            self.status_token = new_status_token()
        if not self.reference:
            self.reference = new_reference()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The public place of a published question: its meeting's questions section."""
        return f"{self.meeting.get_absolute_url()}#question-{self.pk}"

    def get_status_url(self):
        """The asker's own page: secret, so never shown to anyone else."""
        return reverse("complaints:question-status", args=[self.status_token])

    @property
    def addressed_to_text(self):
        if self.addressed_to == self.AddressedTo.PANEL:
            return "the Police and Crime Panel"
        return "the police and crime commissioner"

    @property
    def public_name(self):
        return self.asker_name if self.consents_to_name else PUBLIC_NAME_WITHHELD

    @property
    def answer_paragraphs(self):
        return [part.strip() for part in re.split(r"\n\s*\n", self.answer) if part.strip()]

    @property
    def word_count(self):
        return count_words(self.text)


class OutgoingEmail(models.Model):
    """An email the site sends, kept until it has gone: queued in the same transaction as what
    caused it, sent after commit, retried by `manage.py send_queued_email` if sending failed."""

    class Topic(models.TextChoices):
        # Who may read it in the back office: scrutiny officers questions, complaints officers
        # complaints.
        QUESTION = "question", "Question"
        COMPLAINT = "complaint", "Complaint"

    topic = models.CharField(max_length=10, choices=Topic)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing email"
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return self.subject
