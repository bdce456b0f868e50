"""Writes with side effects: each in one transaction, with its email queued in the same
transaction and sent after commit (HackSoftware's Django-Styleguide services)."""

import contextlib
import logging
import os
import random
import re
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from changes.models import Change
from changes.services import record
from complaints.models import (
    Complaint,
    ComplaintFile,
    ComplaintView,
    Letter,
    OutgoingEmail,
    Question,
    StageChange,
    new_complaint_reference,
    new_reference,
    new_status_token,
    private_storage,
)

What = Change.What

# Log lines name emails and questions by their id only: never an address, a name or a question.
logger = logging.getLogger(__name__)

# Collisions of two random references, before giving up: one is already bad luck.
REFERENCE_ATTEMPTS = 20
# How long a new question or complaint waits, in all, for a busy SQLite database to be free.
SQLITE_BUSY_SECONDS = 30


# The outbox ----------------------------------------------------------------------------------


def email_queue(*, topic, to, template, context):
    """Queue an email in the current transaction: a job sends it once the transaction commits,
    so that no request waits on the mail server.

    The template's first line is the subject; the rest is the body. If the transaction rolls back,
    the email never existed; if sending fails, it stays in the outbox to be retried.
    """
    from complaints.tasks import send_email

    subject, body = render_to_string(template, context).strip().split("\n", 1)
    email = OutgoingEmail.objects.create(
        topic=topic, to=to, subject=subject.strip(), body=body.strip() + "\n"
    )
    transaction.on_commit(lambda: send_email.enqueue(email.pk), robust=True)
    return email


def email_send(pk):
    """Send one queued email unless it has gone already. A failure is recorded, never raised:
    whatever caused the email has been saved and must not be undone by a mail server."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        try:
            message = EmailMultiAlternatives(
                email.subject,
                email.body,
                settings.DEFAULT_FROM_EMAIL,
                [email.to],
                headers=email.headers or None,
            )
            if email.html_body:
                message.attach_alternative(email.html_body, "text/html")
            message.send()
        except Exception as error:  # noqa: BLE001 - any failure of any backend is recorded
            email.last_error = f"{timezone.now():%Y-%m-%d %H:%M} {type(error).__name__}"
            email.save(update_fields=["attempts", "last_error"])
            logger.warning("Email %s not sent (attempt %s): %s", pk, email.attempts, type(error))
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def email_send_queued(*, limit=100):
    """Try again every email not yet sent, oldest first. Returns (sent, failed)."""
    sent = failed = 0
    pks = OutgoingEmail.objects.filter(sent_at__isnull=True).order_by("created_at")
    for pk in pks.values_list("pk", flat=True)[:limit]:
        if email_send(pk):
            sent += 1
        else:
            failed += 1
    return sent, failed


class SQLiteBusy(Exception):
    """SQLite (the embedded default) lets one connection write at a time; another that tries
    meanwhile may fail at once rather than wait. PostgreSQL never does: it waits its turn."""


@contextlib.contextmanager
def sqlite_writer_retry():
    try:
        yield
    except OperationalError as error:
        if connection.vendor == "sqlite" and "locked" in str(error):
            raise SQLiteBusy from error
        raise


class ReferenceTries:
    """The references a new question or complaint tries in turn, and whether to try again.

    A fresh reference is drawn only when another record holds the last one. A busy SQLite
    database is no collision, however often it turns a writer away on a slow machine: the same
    reference is tried again until the database is free, for up to SQLITE_BUSY_SECONDS.
    """

    def __init__(self, model, draw):
        self.model = model
        self.draw = draw
        self.reference = draw()
        self.collisions = 0
        self.busy_since = None

    def try_again(self, error):
        """After a try failed with `error`: pause and say True to try `self.reference`, or say
        False when trying again would not help."""
        if isinstance(error, IntegrityError):
            try:
                with sqlite_writer_retry():
                    taken = self.model.objects.filter(reference=self.reference).exists()
            except SQLiteBusy as busy:
                error = busy  # the next try will tell
            else:
                if not taken:
                    return False  # another rule broken: a fault, not bad luck
                self.collisions += 1
                if self.collisions == REFERENCE_ATTEMPTS:
                    return False
                self.reference = self.draw()
        if isinstance(error, SQLiteBusy):
            self.busy_since = self.busy_since or time.monotonic()
            if time.monotonic() - self.busy_since > SQLITE_BUSY_SECONDS:
                return False
        time.sleep(random.uniform(0.01, 0.05))  # noqa: S311 - just a pause
        return True


# Questions -----------------------------------------------------------------------------------


def question_email(question, template):
    email_queue(
        topic=OutgoingEmail.Topic.QUESTION,
        to=question.email,
        template=template,
        context={
            "question": question,
            "site_url": settings.SITE_URL,
            "status_url": settings.SITE_URL + question.get_status_url(),
            "panel_name": settings.PANEL_NAME,
        },
    )


def question_submit(
    *,
    meeting,
    addressed_to,
    text,
    asker_name,
    email,
    postcode,
    declares_local,
    consents_to_name,
):
    """Store a new question and acknowledge it by email. Each question gets its own reference:
    on the rare collision of two random references, a fresh one is drawn."""
    tries = ReferenceTries(Question, new_reference)
    committed = []
    while True:
        try:
            with sqlite_writer_retry(), transaction.atomic():
                # Run first after the commit: an error in a later after-commit step must not
                # make us store the question a second time.
                transaction.on_commit(lambda: committed.append(True))
                question = Question.objects.create(
                    meeting=meeting,
                    addressed_to=addressed_to,
                    text=text,
                    asker_name=asker_name,
                    email=email,
                    postcode=postcode,
                    declares_local=declares_local,
                    consents_to_name=consents_to_name,
                    reference=tries.reference,
                    status_token=new_status_token(),
                )
                question_email(question, "complaints/emails/question_received.txt")
        except (IntegrityError, SQLiteBusy) as error:
            if committed:
                logger.exception("Question %s stored; a step after saving it failed", question.pk)
                return question
            if tries.try_again(error):
                continue
            raise
        logger.info("Question %s received for meeting %s", question.pk, meeting.pk)
        return question


class AnswerRefused(Exception):
    """An answer that cannot be recorded as given; the message is for the officer."""


def question_is_public(question):
    """Whether the public sees the question now, as the database holds it: on its meeting's page."""
    return Question.objects.seen_by_the_public().filter(pk=question.pk).exists()


@transaction.atomic
def question_accept(*, question):
    """Accept a question for its meeting, and tell the asker what happens next."""
    question.status = Question.Status.ACCEPTED
    question.rejection_reason = ""
    question.decided_at = timezone.now()
    question.save()
    if question.meeting.is_published:
        # Listed on its meeting's page from now on, waiting for its answer.
        record(question, What.PUBLISHED, title=question.public_title)
    question_email(question, "complaints/emails/question_accepted.txt")
    return question


@transaction.atomic
def question_reject(*, question, reason, note=""):
    """Reject a question for one of the panel's reasons, and tell the asker why."""
    if question_is_public(question):
        record(question, What.WITHDRAWN, title=question.public_title)
    question.status = Question.Status.REJECTED
    question.rejection_reason = reason
    question.rejection_note = note
    question.answer_published = False
    question.decided_at = timezone.now()
    question.save()
    question_email(question, "complaints/emails/question_rejected.txt")
    return question


@transaction.atomic
def question_answer(*, question, answer, answered_how, answered_by="", publish=True):
    """Record the answer, publish it with the meeting if asked, and send it to the asker."""
    meeting = question.meeting
    was_public = question_is_public(question)
    if answered_how == Question.AnsweredHow.AT_MEETING and not meeting.has_started:
        raise AnswerRefused(
            "This answer cannot be recorded as given at the meeting: the meeting on "
            f"{timezone.localtime(meeting.start):%-d %B %Y} has not happened yet. Record it "
            'after the meeting, or choose "In writing" if it is sent to the asker before then.'
        )
    question.status = Question.Status.ANSWERED
    question.answer = answer
    question.answered_how = answered_how
    question.answered_by = answered_by
    question.answer_published = publish
    question.answered_at = timezone.now()
    question.decided_at = question.decided_at or question.answered_at
    question.save()
    if publish and meeting.is_published:
        record(question, What.ANSWER_PUBLISHED, title=question.public_title)
    elif was_public:
        record(question, What.WITHDRAWN, title=question.public_title)
    question_email(question, "complaints/emails/question_answered.txt")
    return question


# Complaints about the office holder ----------------------------------------------------------

Stage = Complaint.Stage

# The moves the regulations allow (docs/design.md §4): recorded or not; a serious complaint or
# conduct matter to the IOPC and back; no action on a regulation 15 ground, or informal resolution
# ending in a record of outcome; withdrawn at any point while the complaint is open. Nothing else.
ALLOWED_MOVES = {
    Stage.RECEIVED: [Stage.RECORDED, Stage.NOT_RECORDED, Stage.WITHDRAWN],
    Stage.RECORDED: [Stage.REFERRED, Stage.DISAPPLIED, Stage.INFORMAL, Stage.WITHDRAWN],
    Stage.REFERRED: [Stage.RETURNED, Stage.WITHDRAWN],
    Stage.RETURNED: [Stage.DISAPPLIED, Stage.INFORMAL, Stage.WITHDRAWN],
    Stage.INFORMAL: [Stage.OUTCOME_SENT, Stage.WITHDRAWN],
    Stage.OUTCOME_SENT: [Stage.CLOSED, Stage.WITHDRAWN],
}


class CaseActionRefused(Exception):
    """Something an officer asked for that the rules do not allow; the message is for them."""


class StageMoveRefused(CaseActionRefused):
    """A stage move the regulations do not allow, or one missing what it needs."""


class LetterRefused(CaseActionRefused):
    """A letter that cannot be sent as asked."""


def allowed_moves(stage):
    return ALLOWED_MOVES.get(stage, [])


def move_refusal(complaint, to_stage):
    """Why a complaint cannot move to `to_stage` from where it is now, or "" if it can."""
    from_stage, to_stage = Stage(complaint.stage), Stage(to_stage)
    if to_stage in allowed_moves(from_stage):
        # Checked here rather than only on saving the move, so that the officer is told before
        # writing a note that would be lost.
        if (
            to_stage == Stage.OUTCOME_SENT
            and not complaint.letters.filter(
                kind=Letter.Kind.OUTCOME, sent_on__isnull=False
            ).exists()
        ):
            return "Send the record of outcome first (draft it under Letters, then send it)."
        return ""
    if not allowed_moves(from_stage):
        return (
            f"{complaint.reference} is {from_stage.label.lower()}: it cannot move to any other "
            "stage."
        )
    return (
        f"{complaint.reference} cannot go from {from_stage.label.lower()} to "
        f"{to_stage.label.lower()}. From here it can go to: "
        + ", ".join(stage.label.lower() for stage in allowed_moves(from_stage))
        + "."
    )


def move_complaint(complaint, to_stage, by, note="", ground=None):
    """Move a complaint to its next stage, recording who, when and why, in one transaction.

    The complaint is locked and its stage read again, so that two officers moving it at the same
    moment cannot both succeed from the same stage.
    """
    to_stage = Stage(to_stage)
    note = (note or "").strip()
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        from_stage = Stage(locked.stage)
        refusal = move_refusal(locked, to_stage)
        if refusal:
            raise StageMoveRefused(refusal)
        if to_stage == Stage.DISAPPLIED:
            if ground not in StageChange.Ground.values:
                raise StageMoveRefused("Choose the regulation 15 ground for taking no action.")
        elif ground:
            raise StageMoveRefused("A regulation 15 ground is only given when taking no action.")
        if to_stage == Stage.NOT_RECORDED and not note:
            raise StageMoveRefused(
                "Give the reason for not recording the complaint: the complainant must be told."
            )
        StageChange.objects.create(
            complaint=locked,
            from_stage=from_stage,
            to_stage=to_stage,
            by=by,
            at=timezone.now(),
            note=note,
            ground=ground or "",
        )
        locked.stage = to_stage
        if to_stage == Stage.REFERRED:
            locked.referred_to_iopc = True
        if to_stage in Complaint.CONCLUDED_STAGES and locked.concluded_at is None:
            locked.concluded_at = timezone.now()
        locked._history_user = by
        locked.save()
    logger.info("Complaint %s moved from %s to %s", locked.pk, from_stage, to_stage)
    return locked


def complaint_email(complaint, template, **context):
    if not complaint.email:
        return None
    return email_queue(
        topic=OutgoingEmail.Topic.COMPLAINT,
        to=complaint.email,
        template=template,
        context={
            "complaint": complaint,
            "panel_name": settings.PANEL_NAME,
            "site_url": settings.SITE_URL,
            **context,
        },
    )


def store_complaint_file(complaint, upload, kind, file_type, saved):
    record = ComplaintFile(
        complaint=complaint,
        kind=kind,
        original_name=os.path.basename(upload.name or "")[:255],
        file_type=file_type,
        size=upload.size,
    )
    upload.seek(0)
    record.file.save(upload.name, upload, save=False)
    saved.append(record.file.name)
    record.save()


def complaint_submit(*, evidence=(), consent_file=None, **fields):
    """Store a new complaint with its files, then acknowledge it by email after commit.

    `evidence` and `consent_file` are (upload, file type) pairs checked by the form. Everything is
    stored in one transaction; if it rolls back (say two references collide), the files written
    meanwhile are removed and it is tried again with a fresh reference.
    """
    storage = private_storage()
    tries = ReferenceTries(Complaint, new_complaint_reference)
    committed = []
    while True:
        saved = []
        try:
            with sqlite_writer_retry(), transaction.atomic():
                # Run first after the commit: once stored, the complaint and its files stay, and
                # are never stored twice, whatever a later after-commit step does.
                transaction.on_commit(lambda: committed.append(True))
                complaint = Complaint.objects.create(
                    reference=tries.reference, received_at=timezone.now(), **fields
                )
                for upload, file_type in evidence:
                    store_complaint_file(
                        complaint, upload, ComplaintFile.Kind.EVIDENCE, file_type, saved
                    )
                if consent_file:
                    upload, file_type = consent_file
                    store_complaint_file(
                        complaint, upload, ComplaintFile.Kind.CONSENT, file_type, saved
                    )
                complaint_email(complaint, "complaints/emails/complaint_received.txt")
        except (IntegrityError, SQLiteBusy) as error:
            if committed:
                logger.exception("Complaint %s stored; a step after saving it failed", complaint.pk)
                return complaint
            for name in saved:
                storage.delete(name)
            if tries.try_again(error):
                continue
            raise
        except BaseException:
            if not committed:
                for name in saved:
                    storage.delete(name)
            raise
        logger.info("Complaint %s received with %s file(s)", complaint.pk, len(saved))
        return complaint


def letter_draft(*, complaint, kind, by):
    """A new letter of `kind`, drafted from its template for the officer to edit."""
    body = render_to_string(
        f"complaints/letters/{kind}.txt",
        {
            "complaint": complaint,
            "panel_name": settings.PANEL_NAME,
            "today": timezone.localdate(),
            "last_change": complaint.stage_changes.order_by("at", "pk").last(),
        },
    ).strip()
    return Letter.objects.create(complaint=complaint, kind=kind, body=body + "\n", drafted_by=by)


# The drafts' gaps for the officer to fill, like "[The outcome, including any apology.]"; long
# enough not to catch a short aside such as "[sic]".
LETTER_PLACEHOLDER = re.compile(r"\[[^\]\n]{12,}\]")


@transaction.atomic
def letter_send(*, letter, how, by):
    """Record a letter as sent, emailing it if asked; an acknowledgement stops that clock."""
    letter = Letter.objects.select_for_update().select_related("complaint").get(pk=letter.pk)
    if letter.sent_on:
        raise LetterRefused(f"This letter was sent on {letter.sent_on:%-d %B %Y}.")
    complaint = letter.complaint
    if LETTER_PLACEHOLDER.search(letter.body):
        raise LetterRefused(
            "The letter still has text in square brackets for you to replace: edit it, save, "
            "then send it."
        )
    if how == Letter.SentHow.EMAIL:
        if not complaint.email:
            raise LetterRefused("The complainant gave no email address: send it by post.")
        complaint_email(complaint, "complaints/emails/complaint_letter.txt", letter=letter)
    letter.sent_on = timezone.localdate()
    letter.sent_how = how
    letter._history_user = by
    letter.save()
    if letter.kind == Letter.Kind.ACKNOWLEDGEMENT and complaint.acknowledged_at is None:
        complaint.acknowledged_at = timezone.now()
        complaint._history_user = by
        complaint.save(update_fields=["acknowledged_at", "updated_at"])
    return letter


def log_complaint_view(complaint, user, what):
    ComplaintView.objects.create(
        complaint=complaint, user=user, username=user.get_username(), what=what
    )


# What a complaint keeps once anonymised: enough for the statistics (the year received, the
# outcome, whether it went to the IOPC) and the office holder, who is not the complainant.
ANONYMISED_BLANKS = {
    "complainant_name": "",
    "address_line_1": "",
    "address_line_2": "",
    "town": "",
    "postcode": "",
    "email": "",
    "phone": "",
    "acting_for_someone": False,
    "represented_name": "",
    "consent_confirmed": False,
    "what_happened": "",
    "happened_on": None,
    "late_reason": "",
    "witnesses": "",
    "outcome_wanted": "",
    "raised_with_holder": None,
    "consent_to_share": False,
    "acknowledge_by": None,
    "conclude_by": None,
    "acknowledged_at": None,
    "concluded_at": None,
}


def complaint_anonymise(complaint):
    """Remove everything about a complaint but what the statistics need, files included, in one
    transaction."""
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.anonymised_at:
            return False
        received = timezone.localtime(locked.received_at)
        start_of_year = received.replace(month=1, day=1, hour=12, minute=0, second=0, microsecond=0)
        # A queryset update: saving would write one more history record of what is being removed.
        Complaint.objects.filter(pk=locked.pk).update(
            **ANONYMISED_BLANKS,
            received_at=start_of_year,
            updated_at=timezone.now(),
            anonymised_at=timezone.now(),
        )
        locked.letters.all().delete()
        # After the deletions: simple_history records a deleted letter with its whole text.
        Complaint.history.filter(id=locked.pk).delete()
        Letter.history.filter(complaint_id=locked.pk).delete()
        locked.files.all().delete()  # each file leaves the storage once this commits
        locked.stage_changes.all().delete()
        locked.views.all().delete()
        OutgoingEmail.objects.filter(
            topic=OutgoingEmail.Topic.COMPLAINT, subject__contains=locked.reference
        ).delete()
    logger.info("Complaint %s anonymised", locked.pk)
    return True


@transaction.atomic
def complaint_delete(complaint):
    """Delete a complaint outright (an erasure request, a duplicate), and the history that would
    otherwise keep a copy of everything in it."""
    pk = complaint.pk
    Complaint.objects.filter(pk=pk).delete()
    Complaint.history.filter(id=pk).delete()
    Letter.history.filter(complaint_id=pk).delete()
    logger.info("Complaint %s deleted", pk)
