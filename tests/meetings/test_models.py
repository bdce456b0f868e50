import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from meetings.markdown import render_markdown
from meetings.models import AgendaItem, Attachment, Meeting, Minute, Paper, agenda_due_date
from tests.meetings.factories import PDF_BYTES, build_meeting

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_published_upcoming_and_past_cover_every_combination():
    now = timezone.now()
    past = build_meeting(slug="past", start=now - 30 * DAY)
    future = build_meeting(slug="future", start=now + 30 * DAY)
    soon = build_meeting(slug="soon", start=now + 2 * DAY)
    build_meeting(slug="draft-past", start=now - 30 * DAY, is_published=False)
    build_meeting(slug="draft-future", start=now + 30 * DAY, is_published=False)

    assert set(Meeting.objects.published()) == {past, future, soon}
    assert list(Meeting.objects.published().upcoming()) == [soon, future]
    assert list(Meeting.objects.published().past()) == [past]
    assert Meeting.objects.upcoming().count() == 3
    assert Meeting.objects.past().count() == 2


@pytest.mark.parametrize(
    ("meeting", "due"),
    [
        # Friday 2 May 2014: clear days 25, 28, 29, 30 April and 1 May.
        (datetime.date(2014, 5, 2), datetime.date(2014, 4, 24)),
        # Monday 28 April 2014: clear days 17, 22, 23, 24 and 25 April; Good Friday (18th)
        # and Easter Monday (21st) do not count.
        (datetime.date(2014, 4, 28), datetime.date(2014, 4, 16)),
        # Friday 9 May 2014: clear days 1, 2, 6, 7 and 8 May; the bank holiday (5th) does not.
        (datetime.date(2014, 5, 9), datetime.date(2014, 4, 30)),
        # Wednesday 30 July 2014: an ordinary week.
        (datetime.date(2014, 7, 30), datetime.date(2014, 7, 22)),
    ],
)
def test_agenda_is_due_five_clear_working_days_before(meeting, due):
    assert agenda_due_date(meeting) == due


def test_papers_published_after_the_due_date_were_late():
    meeting = build_meeting()
    meeting.agenda_published_at = timezone.make_aware(datetime.datetime(2014, 4, 24, 17, 0))
    assert meeting.agenda_due_date() == datetime.date(2014, 4, 24)
    assert not meeting.papers_were_late()
    meeting.agenda_published_at = timezone.make_aware(datetime.datetime(2014, 4, 25, 9, 0))
    assert meeting.papers_were_late()


def test_an_exempt_item_needs_its_paragraph():
    meeting = build_meeting(items=0)
    item = AgendaItem(meeting=meeting, number=1, title="Private", is_exempt=True)

    with pytest.raises(ValidationError, match="needs its Schedule 12A paragraph"):
        item.full_clean()
    with pytest.raises(IntegrityError):
        item.save()


def test_minutes_of_a_meeting_that_has_not_happened_cannot_be_published():
    meeting = build_meeting(start=timezone.now() + 7 * DAY, minutes=False)
    minute = Minute(agenda_item=meeting.items.get(), number="J1", text="Too soon")
    minute.full_clean()

    minute.is_published = True
    with pytest.raises(ValidationError, match="has not happened yet"):
        minute.full_clean()
    minute.is_published = False
    minute.status = Minute.Status.APPROVED
    with pytest.raises(ValidationError, match="has not happened yet"):
        minute.full_clean()


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "### Heading\n\n<script>alert('x')</script>\n\n"
        "[bad](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**\n\n"
        "| A | B |\n| - | - |\n| 1 | 2 |"
    )

    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "<img" not in html
    assert '<h3 class="govuk-heading-m">Heading</h3>' in html
    assert "<strong>bold</strong>" in html
    assert '<table class="govuk-table">' in html


def test_markdown_tables_scroll_in_a_named_region_of_their_own():
    html = render_markdown(
        "### HMIC's recommendations\n\n| No. | Time scale |\n| - | - |\n| 1 | Immediately |\n\n"
        "Text.\n\n| A | B |\n| - | - |\n| 1 | 2 |\n\n"
        "<table><caption>Costs &amp; savings</caption><tr><td>1</td></tr></table>"
    )

    region = '<div class="panel-table-scroll" role="region" tabindex="0" aria-label="{}">'
    assert html.count('<div class="panel-table-scroll"') == 3
    assert region.format("HMIC&#x27;s recommendations") + '<table class="govuk-table">' in html
    # The second table has no heading of its own: its columns tell it apart.
    assert region.format("Table: A, B") in html
    assert region.format("Costs &amp; savings") in html
    assert html.count("</table></div>") == 3


def test_markdown_table_regions_wrap_only_real_tables():
    # A table in a table is scrolled with the outer one; "<table" in an attribute is only text.
    html = render_markdown(
        "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>\n\n"
        '<abbr title="<table onmouseover=alert(1)>">x</abbr>'
    )

    assert html.count('<div class="panel-table-scroll"') == 1
    assert html.count("</table></div>") == 1
    assert "<table onmouseover" not in html


def test_paper_body_uses_the_one_renderer():
    paper = Paper(title="Report", body_markdown="Hello <script>x</script>")

    assert paper.body_html == render_markdown("Hello <script>x</script>")


def test_attachments_are_checked_by_content_and_size(settings, tmp_path):
    paper = build_meeting().items.get().papers.get()

    good = Attachment(paper=paper, title="Report", file=SimpleUploadedFile("r.pdf", PDF_BYTES))
    good.full_clean()
    assert good.size == len(PDF_BYTES)
    assert good.file_type == "PDF"

    fake = Attachment(paper=paper, title="Fake", file=SimpleUploadedFile("r.pdf", b"MZ\x90\x00"))
    with pytest.raises(ValidationError, match="must be a PDF"):
        fake.full_clean()
    exe = Attachment(paper=paper, title="Exe", file=SimpleUploadedFile("r.exe", PDF_BYTES))
    with pytest.raises(ValidationError):
        exe.full_clean()
    docx = Attachment(
        paper=paper, title="Doc", file=SimpleUploadedFile("r.docx", b"PK\x03\x04rest")
    )
    docx.full_clean()
    assert docx.file_type == "Word document"

    big = SimpleUploadedFile("big.pdf", PDF_BYTES)
    big.size = 21 * 1024 * 1024
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        Attachment(paper=paper, title="Big", file=big).full_clean()


def test_meeting_changes_are_kept_in_its_history():
    meeting = build_meeting()
    meeting.venue_name = "Elsewhere"
    meeting.save()

    assert [record.venue_name for record in meeting.history.all()] == ["Elsewhere", "Town Hall"]
