"""Work that follows a change is done once, in a job, after the officer's transaction: a meeting
saved with its 15 items is indexed once, and a document's words are read once per upload
(issue 16)."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from complaints.models import Question
from meetings import documents
from meetings.models import AgendaItem, Attachment, Paper
from search import index
from search.models import SearchEntry
from tests.complaints.factories import build_question, open_meeting
from tests.meetings.factories import PDF_BYTES, build_meeting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def counted(monkeypatch):
    """How often meetings are indexed and documents read, from here on."""
    calls = {"reindex": [], "read": []}
    reindex, read = index.reindex_meeting, documents.document_text

    def counting_reindex(meeting_id):
        calls["reindex"].append(meeting_id)
        reindex(meeting_id)

    def counting_read(file, pk=None):
        calls["read"].append(pk)
        return read(file, pk)

    monkeypatch.setattr(index, "reindex_meeting", counting_reindex)
    monkeypatch.setattr(documents, "document_text", counting_read)
    return calls


def test_a_meeting_saved_with_15_items_and_5_documents_is_indexed_once(counted):
    meeting = build_meeting(items=0)
    counted["reindex"].clear()
    with transaction.atomic():
        meeting.venue_name = "Barnsley Town Hall"
        meeting.save()
        for number in range(1, 16):
            item = AgendaItem.objects.create(
                meeting=meeting, number=number, order=number, title=f"Item {number}"
            )
            if number <= 5:
                paper = Paper.objects.create(agenda_item=item, title="Report", is_published=True)
                Attachment.objects.create(
                    paper=paper, title="Report", file=ContentFile(PDF_BYTES, name=f"r{number}.pdf")
                )
        assert counted["reindex"] == []  # nothing in the officer's transaction

    assert counted["reindex"] == [meeting.pk]
    assert len(counted["read"]) == 5
    assert SearchEntry.objects.filter(kind="agenda_item").count() == 15


def test_a_document_is_read_again_only_when_its_file_changes(counted):
    meeting = build_meeting(attachments=True)
    attachment = Attachment.objects.get(paper__agenda_item__meeting=meeting)
    counted["read"].clear()

    item = meeting.items.get()
    item.title = "A new title"
    item.save()
    assert counted["read"] == []  # indexed again, from the words kept

    attachment.file = ContentFile(PDF_BYTES, name="new-version.pdf")
    attachment.save()
    assert counted["read"] == [attachment.pk]


def test_a_question_received_does_not_touch_the_index(counted):
    meeting = open_meeting()
    counted["reindex"].clear()
    build_question(meeting=meeting)
    assert counted["reindex"] == []

    build_question(meeting=meeting, status=Question.Status.ANSWERED)
    assert counted["reindex"] == [meeting.pk]


def test_a_deleted_paper_leaves_the_index(counted):
    meeting = build_meeting()
    paper = Paper.objects.get(agenda_item__meeting=meeting)
    assert SearchEntry.objects.filter(kind="paper", object_id=paper.pk).exists()

    paper.delete()

    assert not SearchEntry.objects.filter(kind="paper", object_id=paper.pk).exists()
    assert counted["reindex"][-1] == meeting.pk
