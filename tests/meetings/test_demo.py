import datetime
import io
import pathlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from meetings import demo
from meetings.models import (
    Action,
    AgendaItem,
    Attachment,
    Meeting,
    Member,
    Minute,
    Paper,
    Resolution,
)
from plans import demo as plans_demo

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("meetings").get_models()
        if not model.__name__.startswith("Historical")
    }


def test_demo_load_is_idempotent():
    plans_demo.load()
    demo.load()
    first = counts()
    history = Meeting.history.count()
    demo.load()

    assert counts() == first
    assert Meeting.history.count() == history
    assert first["Meeting"] == 6
    assert first["Member"] == 11
    assert first["Minute"] == 8
    assert first["Resolution"] == 10
    assert first["Action"] == 17
    assert first["ActionResponse"] == 13
    assert first["Attachment"] == 1


def test_demo_holds_the_seed_facts():
    plans_demo.load()
    demo.load()

    assert list(
        Minute.objects.filter(agenda_item__meeting__slug=demo.MARCH).values_list(
            "number", flat=True
        )
    ) == ["J32", "J33", "J34", "J35", "J36", "J37"]
    assert Resolution.objects.filter(minute__number="J36").count() == 3
    may = Meeting.objects.get(slug="police-and-crime-panel-2014-05-02")
    assert may.items.count() == 9
    assert may.items.get(number=6).priorities.count() == 3
    assert "| 13 |" in may.items.get(number=7).papers.get(order=0).body_markdown
    assert "published today (Monday, November 11)" in (
        may.items.get(number=7).papers.get(title__startswith="Press release").body_markdown
    )
    chair = Member.objects.get(slug="j-akhtar")
    assert chair.memberships.get(committee__slug=demo.PANEL).role == "chair"
    assert Member.objects.filter(council__isnull=True).count() == 2
    sample = Meeting.objects.published().upcoming().first()
    assert sample.slug == demo.SAMPLE_SLUG
    # Published, so its agenda is too, in good time (issue 14).
    assert sample.agenda_published_at and not sample.papers_were_late()
    assert all(
        "Sample content" in item.summary
        for item in AgendaItem.objects.filter(meeting__slug=demo.SAMPLE_SLUG)
    )


def test_demo_pages_render(client):
    plans_demo.load()
    demo.load()

    item = AgendaItem.objects.get(meeting__slug="police-and-crime-panel-2014-05-02", number=7)
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert "within the Sheffield district" not in response.text
    assert "Within six months" in response.text
    assert '<table class="govuk-table">' in response.text
    march = client.get(reverse("meetings:meeting-detail", args=[demo.MARCH]))
    assert "Minute J35" in march.text
    assert "That the Joint Working Protocol be submitted to a future meeting" in march.text
    assert "<li>Deborah Fellowes, Scrutiny Manager</li>" in march.text
    assert "Councillor J. Akhtar" in client.get(reverse("meetings:members")).text


def test_demo_loads_without_the_plan_and_clear_removes_it(settings):
    demo.load()
    assert not AgendaItem.objects.get(meeting__slug=demo.MAY, number=6).priorities.exists()

    demo.clear()
    assert all(count == 0 for count in counts().values())
    assert not list(pathlib.Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_demo_action_log_holds_hmics_13_recommendations_and_the_march_resolutions():
    plans_demo.load()
    demo.load()

    hmic = Action.objects.filter(kind=Action.Kind.INSPECTION_RECOMMENDATION).order_by("pk")
    assert [action.reference for action in hmic] == [f"Recommendation {n}" for n in range(1, 14)]
    assert {action.agenda_item.get_absolute_url() for action in hmic} == {
        f"/meetings/{demo.MAY}/items/7/"
    }
    # The report's own time scales, each counted from its publication on 11 November 2013.
    assert [(action.due_description, action.due_date) for action in hmic] == (
        [("Immediate", datetime.date(2013, 11, 11))] * 4
        + [("Within three months", datetime.date(2014, 2, 11))] * 4
        + [("Within six months", datetime.date(2014, 5, 11))] * 5
    )
    assert hmic[2].text.startswith("Failure to fill a vacancy in the Rotherham team")
    assert hmic[12].owner == "South Yorkshire Police (the Chief Constable) and its partners"
    # The report of 2 May 2014 says they had been implemented: that is the response recorded.
    assert {(action.status, action.completed_on) for action in hmic} == {
        ("completed", datetime.date(2014, 5, 2))
    }
    assert all(action.responses.count() == 1 for action in hmic)
    assert all(
        action.priorities.filter(slug="protecting-vulnerable-people").exists() for action in hmic
    )

    resolutions = Action.objects.filter(kind=Action.Kind.RESOLUTION).order_by("pk")
    assert [str(action.resolution) for action in resolutions] == [
        "J35 (1)",
        "J35 (2)",
        "J36 (2)",
        "J36 (3)",
    ]
    assert all(action.text == action.resolution.text for action in resolutions)
    assert {action.status for action in resolutions} == {"open"}
    assert not any(action.responses.exists() for action in resolutions)


def test_demo_has_the_engagement_strategy_as_a_later_meeting(client):
    demo.load()

    meeting = Meeting.objects.published().get(slug=demo.ENGAGEMENT)
    item = meeting.items.get()
    assert item.title == "Engagement Strategy"
    assert item.minute.number == "22"
    assert item.minute.resolutions.get().text.startswith(
        "That the Communication and Engagement Strategy"
    )
    assert meeting.start > Meeting.objects.get(slug=demo.JULY).start
    text = client.get(meeting.get_absolute_url()).text
    assert "the date shown, 1 October 2015, is approximate" in text
    assert "22.7 As part of the statutory duty" in text


def test_demo_members_have_a_pen_portrait_from_the_seeds_and_no_invented_party(client):
    demo.load()

    members = Member.objects.all()
    assert all(member.pen_portrait for member in members)
    # The seeds name no member's party: none is made up.
    assert {member.party for member in members} == {""}
    chair = Member.objects.get(slug="j-akhtar")
    assert "Chairman of the panel" in chair.pen_portrait
    assert "Rotherham Metropolitan Borough Council" in chair.pen_portrait
    assert "Website Task and Finish Group" in Member.objects.get(slug="a-carter").pen_portrait

    html = client.get(chair.get_absolute_url()).text
    assert '<h2 class="govuk-heading-m">About</h2>' in html
    assert f'<p class="govuk-body">{escape(chair.pen_portrait.splitlines()[0])}</p>' in html
    assert "No party recorded" in client.get(reverse("meetings:members")).text


def test_demo_press_release_has_a_pdf_that_downloads(client):
    demo.load()

    paper = Paper.objects.get(title__startswith="Press release: Commissioner says")
    attachment = paper.attachments.get()
    assert attachment.file.name.endswith(".pdf")
    assert attachment.size == attachment.file.size > 0
    item_page = client.get(paper.agenda_item.get_absolute_url()).text
    link = f'href="{attachment.get_absolute_url()}">{escape(attachment.title)}</a> (PDF, '
    assert link in item_page

    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "act immediately" in " ".join(text.split())
    assert "published today (Monday, November 11)" in " ".join(text.split())
    assert reader.metadata.title == attachment.title
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    # Tagged: a heading then the paragraphs, in reading order.
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0].get_object()
    tags = [element.get_object()["/S"] for element in document["/K"]]
    assert tags[0] == "/H1" and set(tags[1:]) == {"/P"}


def test_demo_load_twice_makes_one_pdf_file(settings):
    demo.load()
    demo.load()

    files = list(pathlib.Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    assert len(files) == 1
    assert Attachment.objects.get().file.path == str(files[0])


def test_demo_minutes_of_january_2014_read_as_approved_at_the_next_meeting(client):
    # The minutes of 31 March 2014 record (J33) that those of 31 January 2014 were agreed.
    plans_demo.load()
    demo.load()
    march = Meeting.objects.get(slug=demo.MARCH)
    minute = Minute.objects.get(agenda_item__meeting__slug=demo.JANUARY)
    assert minute.status == Minute.Status.APPROVED
    assert minute.approved_at_meeting == march

    page = client.get(reverse("meetings:meeting-detail", args=[demo.JANUARY]))
    assert page.status_code == 200
    link = f'<a class="govuk-link" href="{march.get_absolute_url()}">31 March 2014</a>'
    assert f"Approved as a true record at the meeting of {link}." in page.content.decode()
    assert "not yet been approved" not in page.content.decode()
