"""Questions built in tests, from invented askers."""

import datetime

from django.utils import timezone

from complaints.models import Question
from meetings.models import Meeting
from tests.meetings.factories import build_meeting

DAY = datetime.timedelta(days=1)


def open_meeting(slug="open-meeting", days=30, **kwargs):
    """A published meeting far enough ahead to be open for questions."""
    return build_meeting(slug=slug, start=timezone.now() + days * DAY, minutes=False, **kwargs)


def build_question(meeting=None, *, status=Question.Status.RECEIVED, **fields):
    meeting = meeting or Meeting.objects.filter(slug="open-meeting").first() or open_meeting()
    values = {
        "addressed_to": Question.AddressedTo.PANEL,
        "text": "How many neighbourhood officers does each district have?",
        "asker_name": "Hidden Asker",
        "email": "hidden.asker@example.com",
        "postcode": "s1 2hh",
        "declares_local": True,
        "consents_to_name": False,
        "status": status,
    }
    if status == Question.Status.ANSWERED:
        values.update(
            answer="Each district has its own team.",
            answered_by="the Chair",
            answered_how=Question.AnsweredHow.AT_MEETING,
            answer_published=True,
            answered_at=timezone.now(),
        )
    if status == Question.Status.REJECTED:
        values["rejection_reason"] = Question.RejectionReason.NOT_IN_REMIT
    values.update(fields)
    return Question.objects.create(meeting=meeting, **values)


def form_data(meeting, /, **overrides):
    data = {
        "meeting": str(meeting.pk),
        "addressed_to": "panel",
        "text": "What is being done about speeding on rural roads?",
        "individual_case": "no",
        "asker_name": "Pat Tester",
        "email": "pat.tester@example.com",
        "postcode": "s60 2th",
        "declares_local": "on",
        "consents_to_name": "no",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Complaints about the office holder ----------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def build_holder(name="Hidden Holder", *, role="holder", start=None, end=None):
    """An office holder in office today (unless `end` says otherwise)."""
    from plans.models import Office, OfficeHolder

    office, _ = Office.objects.get_or_create(name="Mayor of Testshire")
    return OfficeHolder.objects.create(
        office=office,
        name=name,
        role=role,
        start_date=start or datetime.date(2024, 5, 7),
        end_date=end,
    )


def build_complaint(holder=None, **fields):
    """A complaint from an invented complainant whose every detail is easy to look for."""
    from complaints.models import Complaint
    from plans.models import OfficeHolder

    holder = holder or OfficeHolder.objects.filter(name="Hidden Holder").first() or build_holder()
    values = {
        "complainant_name": "Zebedee Secretperson",
        "address_line_1": "99 Hiddenhouse Lane",
        "town": "Sheffield",
        "postcode": "S1 2HH",
        "email": "zebedee.secret@example.com",
        "phone": "0114 496 0123",
        "what_happened": "Zebedee Secretperson says the Mayor shouted at a public meeting.",
        "happened_on": datetime.date.today() - datetime.timedelta(days=20),
        "witnesses": "Wilhelmina Witnessname, 07700 900456",
        "outcome_wanted": "An apology to Zebedee.",
        "raised_with_holder": False,
        "consent_to_share": False,
    }
    values.update(fields)
    return Complaint.objects.create(holder=holder, **values)


def complaint_form_data(holder, /, **overrides):
    day = datetime.date.today() - datetime.timedelta(days=30)
    data = {
        "complainant_name": "Zebedee Secretperson",
        "address_line_1": "99 Hiddenhouse Lane",
        "address_line_2": "",
        "town": "Sheffield",
        "postcode": "s1 2hh",
        "email": "zebedee.secret@example.com",
        "phone": "",
        "acting_for_someone": "no",
        "represented_name": "",
        "holder": str(holder.pk),
        "what_happened": "They shouted at me at a public meeting.",
        "happened_on_0": str(day.day),
        "happened_on_1": str(day.month),
        "happened_on_2": str(day.year),
        "late_reason": "",
        "witnesses": "",
        "outcome_wanted": "An apology.",
        "raised_with_holder": "no",
        "consent_to_share": "no",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def docx_bytes():
    """A minimal Word document: a ZIP holding word/document.xml."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def zip_bytes():
    """A ZIP that is not a Word document."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()
