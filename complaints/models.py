import datetime
import functools
import math
import operator
import re
import secrets
import zipfile

import holidays
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from simple_history.models import HistoricalRecords

from meetings.models import Meeting, is_working_day
from plans.models import OfficeHolder

# The panel's rules for public questions (docs/design.md §4).
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


# A word is anything between spaces, where a space is what JavaScript's \s matches: the live
# counter in the browser (the word count in static/js/panel.js) counts text.match(/\S+/g).
# Python's own str.split() differs on a few rare characters (U+FEFF, U+0085).
WORD_RE = re.compile("[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def count_words(text):
    """Words as the panel counts them, the same on the server and in the browser."""
    return len(WORD_RE.findall(text or ""))


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

    def seen_by_the_public(self):
        """What the public sees today: on the page of a published meeting."""
        return self.on_meeting_page().filter(meeting__is_published=True)

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

    def followed_through(self):
        """What it is part of, and what one may follow through it (changes.services.record)."""
        return self.meeting.title, self.meeting.followed_through()[1]

    def get_status_url(self):
        """The asker's own page: secret, so never shown to anyone else."""
        return reverse("complaints:question-status", args=[self.status_token])

    @property
    def public_title(self):
        """What the public change log calls it: never the asker or the reference."""
        return f"Question to {self.addressed_to_text}"

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
        # Alerts to those who follow the panel's business (alerts/): only staff allowed to see
        # their addresses read them.
        ALERT = "alert", "Alert"

    topic = models.CharField(max_length=10, choices=Topic)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    html_body = models.TextField("HTML body", blank=True)
    headers = models.JSONField(default=dict, blank=True, help_text="Extra headers, by name.")
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


# Complaints about the office holder (issue 6) ------------------------------------------------

# The panel's targets (docs/design.md §4): acknowledge in 5 working days, conclude in 8 weeks.
ACKNOWLEDGE_WORKING_DAYS = 5
CONCLUDE_WEEKS = 8
# A complaint made more than 12 months after what happened may be disapplied without good reason
# for the delay (regulation 15); the complainant is asked for it.
LATE_AFTER_DAYS = 365
# Complaint records are kept until 12 months after the office holder they concern leaves office.
RETAIN_AFTER_TERM_DAYS = 365
# Numbers below this are never published: a small count can point to a person.
STATISTICS_SMALLEST_SHOWN = 5

EVIDENCE_MAX_FILES = 5
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# What each accepted file type starts with, whatever the file is called; a DOCX is also a ZIP
# holding word/document.xml.
EVIDENCE_TYPES = {
    "pdf": {"extensions": ["pdf"], "magic": b"%PDF-", "label": "PDF", "mime": "application/pdf"},
    "jpeg": {
        "extensions": ["jpg", "jpeg"],
        "magic": b"\xff\xd8\xff",
        "label": "JPEG image",
        "mime": "image/jpeg",
    },
    "png": {
        "extensions": ["png"],
        "magic": b"\x89PNG\r\n\x1a\n",
        "label": "PNG image",
        "mime": "image/png",
    },
    "docx": {
        "extensions": ["docx"],
        "magic": b"PK\x03\x04",
        "label": "Word document",
        "mime": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
}


def evidence_file_type(file):
    """The type of an uploaded file ("pdf", "jpeg", "png" or "docx") judged by its content and
    matching its name, or None. A program renamed to "photo.jpg" is None."""
    extension = (file.name or "").rsplit(".", 1)[-1].lower()
    file.seek(0)
    start = file.read(8)
    file.seek(0)
    for kind, spec in EVIDENCE_TYPES.items():
        if extension in spec["extensions"] and start.startswith(spec["magic"]):
            if kind == "docx" and not is_word_document(file):
                return None
            return kind
    return None


def is_word_document(file):
    try:
        with zipfile.ZipFile(file) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        file.seek(0)


def add_working_days(day, count):
    """The date `count` working days after `day` (weekends and England's bank holidays skipped)."""
    bank_holidays = holidays.UK(subdiv="ENG", years=[day.year, day.year + 1])
    while count:
        day += datetime.timedelta(days=1)
        if is_working_day(day, bank_holidays):
            count -= 1
    return day


def complainable_holders(today=None):
    """Whom a complaint can be about: the office holder and deputy in office today, and any who
    left office in the last 12 months (what they did may still be complained about)."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=LATE_AFTER_DAYS)
    return (
        OfficeHolder.objects.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .select_related("office")
        .order_by("-role", "-start_date", "name")
    )


def new_complaint_reference():
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class PrivateStorage(LazyObject):
    """The storage for complaint files (settings.STORAGES["private"]): never under MEDIA_ROOT nor
    a public bucket. Looked up when first used, so that tests can point it elsewhere."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage_backend = PrivateStorage()


def private_storage():
    return private_storage_backend


@receiver(setting_changed)
def reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage_backend._wrapped = empty


def complaint_file_path(instance, filename):
    # A random name: the complainant's own file name may itself say who they are.
    extension = EVIDENCE_TYPES.get(instance.file_type, {"extensions": ["bin"]})["extensions"][0]
    return f"complaints/{timezone.now():%Y}/{secrets.token_hex(16)}.{extension}"


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        """Complaints still being dealt with."""
        return self.exclude(stage__in=Complaint.CONCLUDED_STAGES)

    def overdue_acknowledgement(self, today=None):
        today = today or timezone.localdate()
        return self.filter(acknowledged_at__isnull=True, acknowledge_by__lt=today).exclude(
            stage__in=[Complaint.Stage.WITHDRAWN, Complaint.Stage.NOT_RECORDED]
        )

    def overdue_conclusion(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(conclude_by__lt=today)

    def due_for_retention(self, today=None):
        """Complaints about an office holder who left office more than 12 months ago, not yet
        anonymised."""
        today = today or timezone.localdate()
        cutoff = today - datetime.timedelta(days=RETAIN_AFTER_TERM_DAYS)
        return self.filter(anonymised_at__isnull=True, holder__end_date__lt=cutoff)

    def statistics(self):
        """Complaints received and their outcomes, by the year received, newest first: one query,
        each number ready to publish (small numbers withheld, see `publishable_counts`)."""
        stage = Complaint.Stage
        rows = (
            self.annotate(year=ExtractYear("received_at"))
            .values("year")
            .annotate(
                received=Count("pk"),
                referred=Count("pk", filter=Q(referred_to_iopc=True)),
                not_recorded=Count("pk", filter=Q(stage=stage.NOT_RECORDED)),
                no_action=Count("pk", filter=Q(stage=stage.DISAPPLIED)),
                resolved=Count("pk", filter=Q(stage__in=[stage.OUTCOME_SENT, stage.CLOSED])),
                withdrawn=Count("pk", filter=Q(stage=stage.WITHDRAWN)),
            )
            .order_by("-year")
        )
        result = []
        for row in rows:
            row["open"] = row["received"] - sum(row[key] for key in OUTCOME_KEYS)
            result.append({"year": row["year"], **publishable_counts(row)})
        return result


# The outcomes a complaint ends in: each complaint counts in exactly one of these.
OUTCOME_KEYS = ["not_recorded", "no_action", "resolved", "withdrawn"]
EXCLUSIVE_KEYS = [*OUTCOME_KEYS, "open"]
WITHHELD = "not shown"


def publishable_counts(row):
    """The counts of one year as the public may see them. A count from 1 to 4 is "fewer than 5".
    The outcomes add up to the number received, so if only one outcome were hidden it could be
    worked out by subtraction: then the next smallest is hidden too ("not shown")."""

    def shown(count):
        if 0 < count < STATISTICS_SMALLEST_SHOWN:
            return f"fewer than {STATISTICS_SMALLEST_SHOWN}"
        return count

    counts = {key: shown(row[key]) for key in ["received", "referred", *EXCLUSIVE_KEYS]}
    small = [key for key in EXCLUSIVE_KEYS if 0 < row[key] < STATISTICS_SMALLEST_SHOWN]
    if row["received"] >= STATISTICS_SMALLEST_SHOWN and len(small) == 1:
        others = [key for key in EXCLUSIVE_KEYS if key not in small and row[key] > 0]
        counts[min(others, key=lambda key: row[key])] = WITHHELD
    return counts


class Complaint(models.Model):
    """A complaint about the conduct of the office holder or deputy, handled by the panel under
    the Elected Local Policing Bodies (Complaints and Misconduct) Regulations 2012."""

    class Stage(models.TextChoices):
        RECEIVED = "received", "Received"
        RECORDED = "recorded", "Recorded"
        NOT_RECORDED = "not_recorded", "Not recorded"
        REFERRED = "referred", "Referred to the IOPC"
        RETURNED = "returned", "Returned by the IOPC"
        DISAPPLIED = "disapplied", "No action (disapplied under regulation 15)"
        INFORMAL = "informal", "Informal resolution"
        OUTCOME_SENT = "outcome_sent", "Record of outcome sent"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Where a complaint has been dealt with, for the 8-week target and for retention.
    CONCLUDED_STAGES = [
        Stage.NOT_RECORDED,
        Stage.DISAPPLIED,
        Stage.OUTCOME_SENT,
        Stage.CLOSED,
        Stage.WITHDRAWN,
    ]

    reference = models.CharField(
        max_length=12, unique=True, editable=False, help_text="Quoted in every letter and email."
    )
    stage = models.CharField(
        max_length=12,
        choices=Stage,
        default=Stage.RECEIVED,
        editable=False,
        help_text="Changed only with the stage buttons, which record who, when and why.",
    )
    holder = models.ForeignKey(
        OfficeHolder,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="about",
        help_text="The office holder or deputy the complaint is about.",
    )
    complainant_name = models.CharField("complainant's name", max_length=200)
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    acting_for_someone = models.BooleanField(
        "made for someone else", default=False, help_text="With their written consent."
    )
    represented_name = models.CharField(
        "name of the person it is made for", max_length=200, blank=True
    )
    consent_confirmed = models.BooleanField(
        "confirms written consent",
        default=False,
        help_text="The complainant confirmed they hold the written consent of the person they "
        "act for (or sent it: see the files).",
    )
    what_happened = models.TextField()
    happened_on = models.DateField("when it happened", null=True)
    late_reason = models.TextField(
        "reason for complaining late",
        blank=True,
        help_text="Asked for when it happened more than 12 months before the complaint.",
    )
    witnesses = models.TextField(blank=True)
    outcome_wanted = models.TextField("outcome wanted")
    raised_with_holder = models.BooleanField(
        "raised with the office holder first", null=True, blank=True
    )
    consent_to_share = models.BooleanField(
        "consents to sharing with the office holder",
        default=False,
        help_text="Otherwise the office holder gets the anonymised copy only.",
    )
    referred_to_iopc = models.BooleanField(
        "referred to the IOPC", default=False, editable=False, help_text="Kept for statistics."
    )
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    acknowledge_by = models.DateField(
        null=True, editable=False, help_text="5 working days after the complaint arrived."
    )
    conclude_by = models.DateField(
        null=True, editable=False, help_text="8 weeks after the complaint arrived."
    )
    acknowledged_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the acknowledgement letter went."
    )
    concluded_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the retention job removed everything but what the statistics need.",
    )

    objects = ComplaintQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acting_for_someone=False) | ~Q(represented_name=""),
                name="complaints_complaint_acting_for_has_name",
                violation_error_message="Give the name of the person the complaint is made for.",
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "received_at"]),
            models.Index(fields=["anonymised_at", "holder"]),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_complaint_reference()
        received = timezone.localdate(self.received_at)
        if self.acknowledge_by is None and self.anonymised_at is None:
            self.acknowledge_by = add_working_days(received, ACKNOWLEDGE_WORKING_DAYS)
        if self.conclude_by is None and self.anonymised_at is None:
            self.conclude_by = received + datetime.timedelta(weeks=CONCLUDE_WEEKS)
        super().save(*args, **kwargs)

    @property
    def is_late(self):
        """Made more than 12 months after what happened."""
        if self.happened_on is None:
            return False
        received = timezone.localdate(self.received_at)
        return (received - self.happened_on).days > LATE_AFTER_DAYS

    @property
    def is_concluded(self):
        return self.stage in self.CONCLUDED_STAGES

    def identifying_details(self):
        """What names or reaches the complainant (and whoever they act for), longest first: what
        the anonymised copy takes out of the free text."""
        values = [
            self.complainant_name,
            self.represented_name,
            self.email,
            self.phone,
            self.address_line_1,
            self.address_line_2,
            self.postcode,
        ]
        names = f"{self.complainant_name} {self.represented_name}".split()
        values += [name for name in names if len(name.strip(".,")) >= 3]
        return sorted({value.strip() for value in values if value.strip()}, key=len, reverse=True)

    def anonymised_text(self, text):
        """`text` with the complainant's name, contact details and address taken out. Officers
        still read it: other details (a street, a relative, a job) can say who someone is."""
        for value in self.identifying_details():
            text = re.sub(re.escape(value), "[removed]", text, flags=re.IGNORECASE)
        return text


class ComplaintFile(models.Model):
    """A file sent with a complaint: evidence, or the written consent of the person it is made
    for. Stored privately and served only to complaints officers."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "Evidence"
        CONSENT = "consent", "Written consent"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.EVIDENCE)
    file = models.FileField(storage=private_storage, upload_to=complaint_file_path, max_length=200)
    original_name = models.CharField(
        max_length=255, help_text="The file's name on the complainant's computer."
    )
    file_type = models.CharField(
        max_length=10, choices=[(key, spec["label"]) for key, spec in EVIDENCE_TYPES.items()]
    )
    size = models.PositiveIntegerField(help_text="In bytes.")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = "complaint file"

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk} ({self.get_file_type_display()})"

    @property
    def mime_type(self):
        return EVIDENCE_TYPES[self.file_type]["mime"]


class StageChange(models.Model):
    """One move of a complaint from stage to stage: who, when and why."""

    class Ground(models.TextChoices):
        # Regulation 15: the grounds on which a recorded complaint may be disapplied (no action).
        STAFF_CONDUCT = "staff_conduct", "Only about conduct towards a member of staff"
        LATE = "late", "Made more than 12 months after the incident, without good reason"
        ALREADY_COMPLAINED = "already_complained", "Already the subject of a complaint"
        ANONYMOUS = "anonymous", "Anonymous: no name or address can be found"
        VEXATIOUS = "vexatious", "Vexatious, oppressive or an abuse of the procedure"
        REPETITIOUS = "repetitious", "Repetitious"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Complaint.Stage)
    to_stage = models.CharField(max_length=12, choices=Complaint.Stage)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    ground = models.CharField("regulation 15 ground", max_length=20, choices=Ground, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_stage="disapplied") | ~Q(ground=""),
                name="complaints_stagechange_disapplied_has_ground",
                violation_error_message="Choose the regulation 15 ground.",
            ),
        ]

    def __str__(self):
        return f"{self.get_from_stage_display()} to {self.get_to_stage_display()}"


class Letter(models.Model):
    """A letter or notice to the complainant (and, for the outcome, the office holder): drafted
    from a template, edited by the officer, kept with the case."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
        NOT_RECORDED = "not_recorded", "Notice that the complaint is not recorded"
        REFERRAL = "referral", "Notice of referral to the IOPC"
        OUTCOME = "outcome", "Record of outcome"

    class SentHow(models.TextChoices):
        EMAIL = "email", "By email"
        POST = "post", "By post"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=20, choices=Kind)
    body = models.TextField(help_text="Edit the draft before sending it.")
    drafted_at = models.DateTimeField(default=timezone.now, editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    sent_on = models.DateField(null=True, blank=True, editable=False)
    sent_how = models.CharField(max_length=5, choices=SentHow, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["drafted_at", "pk"]

    def __str__(self):
        return self.get_kind_display()


class ComplaintView(models.Model):
    """Who looked at a complaint, what and when: every view of a record is logged."""

    class What(models.TextChoices):
        RECORD = "record", "The record"
        HISTORY = "history", "Its history"
        FILE = "file", "A file"
        ANONYMISED = "anonymised", "The anonymised copy"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=150, help_text="Kept if the account is deleted.")
    what = models.CharField(max_length=10, choices=What)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        verbose_name = "complaint view"

    def __str__(self):
        return f"{self.username}, {self.get_what_display()}"


@receiver(post_delete, sender=ComplaintFile)
def delete_complaint_file(sender, instance, **kwargs):
    """However a file's record goes (by an officer, with its complaint, by the retention job), the
    file leaves the private storage too, once the deletion has committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
