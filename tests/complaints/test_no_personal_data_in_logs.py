"""The public journeys leave no personal data in the logs (issue 9, "Backups and data protection").

Everything any logger says at DEBUG is captured, and so is what the web server would write to its
access log for each request (runserver's django.server, and gunicorn's format from
panel_site/gunicorn_conf.py); then the names, emails, postcodes, addresses and phone numbers that
were submitted are looked for in all of it.
"""

import logging

import pytest
from django.core import mail
from django.test import Client

from complaints.models import Complaint, Question
from panel_site import gunicorn_conf
from tests.complaints.factories import (
    PDF_BYTES,
    build_holder,
    build_question,
    complaint_form_data,
    form_data,
    open_meeting,
    upload,
)
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

ASKER = {
    "asker_name": "Quentin Privateasker",
    "email": "quentin.privateasker@example.net",
    "postcode": "s60 2th",
}
COMPLAINANT = {
    "complainant_name": "Rosalind Hiddencomplainant",
    "address_line_1": "17 Concealment Crescent",
    "address_line_2": "Unseen Estate",
    "town": "Rotherham",
    "postcode": "dn1 3bu",
    "email": "rosalind.hidden@example.org",
    "phone": "0114 496 0777",
    "witnesses": "Theodora Witnessperson, 07700 900888",
}
EVIDENCE_NAME = "rosalind-hiddencomplainant-letter.pdf"
# Looked for without regard to case or spacing: "S60 2TH" as stored, "s60 2th" as typed.
PERSONAL = [
    "Quentin",
    "Privateasker",
    "S602TH",
    "Rosalind",
    "Hiddencomplainant",
    "Concealment",
    "Unseen Estate",
    "DN13BU",
    "01144960777",
    "Theodora",
    "Witnessperson",
    "07700900888",
    "example.net",
    "example.org",
]


class AccessLoggingClient(Client):
    """The test client, logging each request as runserver and gunicorn would in access logs."""

    def request(self, **request):
        response = super().request(**request)
        meta = response.wsgi_request.META
        request_line = f"{meta['REQUEST_METHOD']} {response.wsgi_request.get_full_path()} HTTP/1.1"
        size = len(response.content) if not response.streaming else 0
        # django.server: BaseHTTPRequestHandler's request line, the status and the size.
        logging.getLogger("django.server").info(
            '"%s" %s %s', request_line, response.status_code, size
        )
        # gunicorn, in the format the production configuration gives it.
        atoms = {
            "h": meta.get("REMOTE_ADDR", "-"),
            "m": meta["REQUEST_METHOD"],
            "U": meta["PATH_INFO"],
            "H": "HTTP/1.1",
            "s": response.status_code,
            "B": size,
            "M": 1,
            "a": meta.get("HTTP_USER_AGENT", "-"),
        }
        logging.getLogger("gunicorn.access").info(gunicorn_conf.access_log_format % atoms)
        return response


# panel_site/settings.py keeps this one above DEBUG on purpose: at DEBUG it logs whole template
# contexts, the forms with what was typed in them included.
KEPT_ABOVE_DEBUG = {"django.template"}


@pytest.fixture
def all_logs(caplog):
    """Every logger at DEBUG into caplog, those that do not pass their records on included."""
    caplog.set_level(logging.DEBUG)
    names = {"django", "django.request", "django.security", "django.server", "gunicorn.access"}
    names |= set(logging.root.manager.loggerDict)
    touched = []
    for name in sorted(names - KEPT_ABOVE_DEBUG):
        logger = logging.getLogger(name)
        caplog.set_level(logging.DEBUG, logger=name)
        if not logger.propagate:
            logger.addHandler(caplog.handler)
            touched.append(logger)
    yield caplog
    for logger in touched:
        logger.removeHandler(caplog.handler)


def test_template_contexts_are_never_logged(all_logs):
    assert not logging.getLogger("django.template").isEnabledFor(logging.DEBUG)


def logged_text(caplog):
    """All that was logged: each message, its exception, and every extra value it carried."""
    parts = [caplog.text]
    standard = set(vars(logging.makeLogRecord({})))
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.extend(repr(value) for key, value in vars(record).items() if key not in standard)
    return "\n".join(parts)


def find_personal_data(text):
    squashed = "".join(text.split()).lower()
    return [needle for needle in PERSONAL if "".join(needle.split()).lower() in squashed]


def test_the_public_journeys_log_no_names_emails_or_postcodes(
    all_logs, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = AccessLoggingClient()
    build_meeting(attachments=True)
    meeting = open_meeting()
    build_question(
        open_meeting(slug="earlier", days=-30),
        status=Question.Status.ANSWERED,
        text="What is being done about speeding drivers on rural roads in Barnsley?",
        answer="Speed cameras are being added on rural roads.",
    )
    holder = build_holder()

    # Emails are sent once the transaction commits, as they are outside tests.
    with django_capture_on_commit_callbacks(execute=True):
        journeys(client, meeting, holder, settings)

    # The journeys did happen, with the details in them: the emails carry them.
    assert any(ASKER["email"] in message.to for message in mail.outbox)
    assert any(COMPLAINANT["email"] in message.to for message in mail.outbox)
    records = {record.name for record in all_logs.records}
    assert {"complaints.services", "gunicorn.access", "django.server"} <= records
    assert "django.security.TooManyFieldsSent" in records
    assert find_personal_data(logged_text(all_logs)) == []


def journeys(client, meeting, holder, settings):
    # Asking a question: the form, a mistake, the similar questions, sending, the status page.
    question = form_data(meeting, text="Speeding drivers on rural roads: what is done?", **ASKER)
    assert client.get("/questions/ask/").status_code == 200
    assert client.post("/questions/ask/", {**question, "email": "not-an-email"}).status_code == 200
    similar = client.post("/questions/ask/", question)
    assert "Check questions answered recently" in similar.text
    assert client.post("/questions/ask/", {**question, "action": "send"}).status_code == 302
    assert client.get("/questions/ask/sent/").status_code == 200
    asked = Question.objects.get(asker_name=ASKER["asker_name"])
    assert client.get(asked.get_status_url()).status_code == 200

    # Making a complaint: the triage, a mistake, the form with a file, the confirmation.
    assert client.post("/complaints/who/", {"answer": "office_holder"}).status_code == 302
    assert client.post("/complaints/what/", {"answer": "conduct"}).status_code == 302
    complaint = complaint_form_data(holder, **COMPLAINANT)
    assert client.post("/complaints/make/", {**complaint, "phone": "call me"}).status_code == 200
    evidence = upload(EVIDENCE_NAME, PDF_BYTES, "application/pdf")
    assert client.post("/complaints/make/", {**complaint, "evidence": evidence}).status_code == 302
    assert client.get("/complaints/make/sent/").status_code == 200
    assert Complaint.objects.get().complainant_name == COMPLAINANT["complainant_name"]

    # Requests the site refuses, with the same details in them.
    too_many = "&".join([f"f{n}=x" for n in range(1001)] + ["asker_name=Quentin+Privateasker"])
    client.post("/questions/ask/", too_many, content_type="application/x-www-form-urlencoded")
    client.put("/complaints/make/", complaint)
    # A new rate counts afresh (the count is kept for each rate): one more is let through.
    settings.PUBLIC_FORM_RATE_LIMIT = "1/10m"
    assert client.post("/questions/ask/", {**question, "action": "send"}).status_code == 302
    assert client.post("/questions/ask/", {**question, "action": "send"}).status_code == 429

    # Reading: search, open data, feeds and calendars.
    for path in [
        "/search/?q=rural+roads",
        "/api/meetings/",
        "/api/attendance.csv",
        "/feeds/papers/rss/",
        "/feeds/minutes/atom/",
        "/meetings/calendar.ics",
        "/questions/",
    ]:
        assert client.get(path).status_code == 200, path
