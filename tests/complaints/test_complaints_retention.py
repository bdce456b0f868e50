"""`manage.py apply_retention`: 12 months after the office holder's term ends, a complaint keeps
only what the statistics need."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints.models import Complaint, ComplaintFile, ComplaintView, Letter, StageChange
from complaints.services import complaint_submit, letter_draft, move_complaint
from tests.complaints.factories import PDF_BYTES, build_complaint, build_holder, upload

pytestmark = pytest.mark.django_db

TERM_END = datetime.date(2025, 5, 6)


def frozen(day):
    """timezone.now() at noon on `day`."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("apply_retention", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def closed_case(staff_user):
    """A closed complaint about a holder who left office on 6 May 2025, with everything a case
    gathers: files, letters, stage notes, views, history."""
    holder = build_holder("Former Mayor", end=TERM_END)
    with frozen(datetime.date(2025, 3, 14)):
        complaint = complaint_submit(
            evidence=[(upload("proof.pdf", PDF_BYTES), "pdf")],
            holder=holder,
            complainant_name="Zebedee Secretperson",
            address_line_1="99 Hiddenhouse Lane",
            town="Sheffield",
            postcode="S1 2HH",
            email="zebedee.secret@example.com",
            what_happened="Shouted at me.",
            outcome_wanted="An apology.",
        )
        move_complaint(complaint, "recorded", staff_user, note="Recorded, Zebedee told.")
        move_complaint(complaint, "referred", staff_user, note="Serious.")
        move_complaint(complaint, "withdrawn", staff_user, note="Withdrawn by Zebedee.")
        letter_draft(complaint=complaint, kind="acknowledgement", by=staff_user)
        ComplaintView.objects.create(complaint=complaint, username="officer", what="record")
    return Complaint.objects.get(pk=complaint.pk)


def test_nothing_happens_within_12_months_of_the_term_ending(closed_case):
    with frozen(TERM_END + datetime.timedelta(days=365)):
        out, _ = run()

    assert "0 complaint(s) anonymised." in out
    assert Complaint.objects.get().complainant_name == "Zebedee Secretperson"


def test_after_12_months_only_the_statistics_remain(
    closed_case, private_media, django_capture_on_commit_callbacks
):
    stored = private_media / closed_case.files.get().file.name
    assert stored.exists()

    with (
        frozen(TERM_END + datetime.timedelta(days=366)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out, _ = run()

    assert "1 complaint(s) anonymised." in out
    complaint = Complaint.objects.get()
    assert complaint.anonymised_at is not None
    for field in [
        "complainant_name",
        "address_line_1",
        "town",
        "postcode",
        "email",
        "phone",
        "what_happened",
        "outcome_wanted",
        "witnesses",
        "late_reason",
    ]:
        assert getattr(complaint, field) == "", field
    assert complaint.happened_on is None
    # What the statistics need stays: the year, the outcome, whether it went to the IOPC.
    assert complaint.stage == "withdrawn"
    assert complaint.referred_to_iopc is True
    assert timezone.localtime(complaint.received_at).date() == datetime.date(2025, 1, 1)
    assert complaint.reference == closed_case.reference
    # Everything else goes, files from the storage included, and the history of what was there.
    assert not ComplaintFile.objects.exists()
    assert not stored.exists()
    assert not Letter.objects.exists() and not Letter.history.exists()
    assert not StageChange.objects.exists()
    assert not ComplaintView.objects.exists()
    assert not Complaint.history.filter(complainant_name="Zebedee Secretperson").exists()
    assert not Complaint.history.exists()
    assert Complaint.objects.statistics() == [
        {
            "year": 2025,
            "received": "fewer than 5",
            "referred": "fewer than 5",
            "not_recorded": 0,
            "no_action": 0,
            "resolved": 0,
            "withdrawn": "fewer than 5",
            "open": 0,
        }
    ]


def test_it_is_safe_to_run_every_day(closed_case):
    with frozen(TERM_END + datetime.timedelta(days=400)):
        run()
        first = Complaint.objects.values().get()
        out, _ = run()

    assert "0 complaint(s) anonymised." in out
    assert Complaint.objects.values().get() == first


def test_a_dry_run_changes_nothing_and_says_what_would_go(closed_case):
    out, _ = run("--dry-run", "--today", "2026-06-01")

    assert "1 complaint(s) would be anonymised" in out
    assert closed_case.reference in out
    assert Complaint.objects.get().complainant_name == "Zebedee Secretperson"
    assert ComplaintFile.objects.count() == 1


def test_today_can_be_given_instead_of_freezing_time(closed_case):
    run("--today", "2026-05-06")
    assert Complaint.objects.get().anonymised_at is None

    run("--today", "2026-05-08")
    assert Complaint.objects.get().anonymised_at is not None


def test_complaints_about_a_holder_still_in_office_are_kept(closed_case):
    current = build_complaint(build_holder("Current Mayor"))
    Complaint.objects.filter(pk=current.pk).update(stage="closed")

    run("--today", "2040-01-01")

    current.refresh_from_db()
    assert current.anonymised_at is None
    assert current.complainant_name == "Zebedee Secretperson"


def test_an_open_case_is_named_not_emptied(closed_case):
    open_case = build_complaint(closed_case.holder)

    out, err = run("--today", "2027-01-01")

    assert "1 complaint(s) anonymised." in out
    assert open_case.reference in err and "still open" in err
    open_case.refresh_from_db()
    assert open_case.anonymised_at is None
