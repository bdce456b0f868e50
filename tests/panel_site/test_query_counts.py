"""Public pages not pinned elsewhere take as many queries with many rows as with one (issue 8).
The others are pinned beside their own tests: meetings/test_pages.py, test_actions.py,
test_members.py, test_feeds.py, test_calendars.py; plans/test_pages.py, test_compare.py;
complaints/test_pages.py, test_complaints_public.py; panel_site/test_api.py, test_sitemap.py,
test_pages.py; search/test_search.py."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.views import COMPLAINT_SUBMITTED_KEY, SUBMITTED_KEY
from meetings.models import AgendaItem, Attachment, Meeting, Paper
from tests.complaints.factories import build_complaint, build_question, open_meeting
from tests.meetings.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add_rows(first, last):
    """Open meetings, agenda items, papers with attachments, questions and complaints."""
    meeting = Meeting.objects.filter(slug="open-meeting").first() or open_meeting()
    for n in range(first, last):
        open_meeting(slug=f"open-{n}", days=30 + n)
        item = AgendaItem.objects.create(meeting=meeting, number=n + 10, order=n + 10, title="A")
        paper = Paper.objects.create(agenda_item=item, title=f"Paper {n}", is_published=True)
        attachment = Attachment(paper=paper, title=f"Appendix {n}", size=len(PDF_BYTES))
        attachment.file.save(f"appendix-{n}.pdf", ContentFile(PDF_BYTES))
        build_question(meeting, status="answered", text=f"Question {n}")
        build_complaint()


def urls(client):
    """Every page type not pinned elsewhere, for the first of each thing."""
    meeting = Meeting.objects.get(slug="open-meeting")
    question = meeting.questions.order_by("pk").first()
    session = client.session
    session[SUBMITTED_KEY] = question.pk
    session[COMPLAINT_SUBMITTED_KEY] = build_complaint().pk
    session.save()
    return [
        reverse("meetings:meeting-calendar", args=[meeting.slug]),
        reverse("meetings:attachment-download", args=[Attachment.objects.order_by("pk")[0].pk]),
        reverse("complaints:question-ask"),
        reverse("complaints:question-submitted"),
        reverse("complaints:question-status", args=[question.status_token]),
        reverse("complaints:complaint-submitted"),
        reverse("complaints:triage-result", args=["police-officer"]),
        reverse("feeds"),
        reverse("robots"),
        reverse("security-txt"),
    ]


def query_counts(client):
    counts = {}
    for url in urls(client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_the_other_public_pages_take_as_many_queries_with_many_rows_as_with_one(client):
    add_rows(1, 2)
    few = query_counts(client)

    add_rows(2, 31)

    assert query_counts(client) == few
