import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from django.utils import timezone

from complaints.models import Question
from meetings.models import AgendaItem, Attachment, Meeting, Minute, Paper
from plans.models import Plan
from tests.complaints.factories import build_complaint, build_question
from tests.meetings.factories import build_action, build_meeting, build_member
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client):
    """The sitemap's entries, as {address: lastmod or None}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)  # noqa: S314 (our own page, not untrusted input)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_published_meetings_items_members_plans_and_priorities(client):
    meeting = build_meeting(items=2, attachments=True)
    member = build_member()
    plan = build_plan(priorities=2)
    today = timezone.localdate().isoformat()

    entries = sitemap(client)

    expected = [
        meeting.get_absolute_url(),
        *(item.get_absolute_url() for item in meeting.items.all()),
        *(attachment.get_absolute_url() for attachment in Attachment.objects.all()),
        member.get_absolute_url(),
        plan.get_absolute_url(),
        *(priority.get_absolute_url() for priority in plan.priorities.all()),
    ]
    assert len(expected) == 9
    for path in expected:
        # Each saved just now, which its history records.
        assert entries[SITE + path] == today, path


def test_the_sitemap_lists_the_site_pages_and_dates_the_lists(client):
    build_action(build_meeting().items.get())
    build_member()
    build_plan()

    entries = sitemap(client)

    for path in ["/", "/meetings/", "/action-log/", "/members/", "/plan/", "/plans/"]:
        assert entries[SITE + path] == timezone.localdate().isoformat(), path
    for path in [
        "/questions/",
        "/complaints/",
        "/complaints/statistics/",
        "/feeds/",
        "/api/",
        "/about/",
        "/contact/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
    ]:
        assert SITE + path in entries, path


def test_a_meeting_dates_from_its_latest_public_change(client):
    meeting = build_meeting(items=1)
    item = meeting.items.get()
    long_ago = timezone.make_aware(datetime.datetime(2014, 5, 20, 12))
    for model in [Meeting, AgendaItem, Paper, Minute]:
        model.history.update(history_date=long_ago)

    entries = sitemap(client)
    assert entries[SITE + meeting.get_absolute_url()] == "2014-05-20"
    assert entries[SITE + item.get_absolute_url()] == "2014-05-20"

    item.minute.text = "Corrected minute"
    item.minute.save()
    entries = sitemap(client)
    assert entries[SITE + meeting.get_absolute_url()] == timezone.localdate().isoformat()
    assert entries[SITE + item.get_absolute_url()] == timezone.localdate().isoformat()


def test_the_sitemap_never_lists_a_draft_meeting_or_its_items(client):
    draft = build_meeting(slug="draft-meeting", is_published=False, attachments=True)

    paths = [path.removeprefix(SITE) for path in sitemap(client)]

    assert not [path for path in paths if "draft-meeting" in path]
    assert not [path for path in paths if path.startswith("/meetings/documents/")]
    assert draft.items.exists()


def test_an_exempt_item_is_listed_but_never_its_papers_nor_the_dates_of_its_changes(client):
    meeting = build_meeting(items=1, exempt_items=1, attachments=True)
    exempt = meeting.items.get(is_exempt=True)
    public_attachment = Attachment.objects.get(paper__agenda_item__is_exempt=False)
    secret_attachment = Attachment.objects.get(paper__agenda_item=exempt)
    # The item was written long ago; only its private paper changes today.
    long_ago = timezone.make_aware(datetime.datetime(2014, 5, 20, 12))
    AgendaItem.history.filter(id=exempt.pk).update(history_date=long_ago)
    exempt.papers.get().save()

    entries = sitemap(client)

    assert entries[SITE + exempt.get_absolute_url()] == "2014-05-20"
    assert SITE + public_attachment.get_absolute_url() in entries
    assert SITE + secret_attachment.get_absolute_url() not in entries


def test_the_sitemap_never_lists_a_draft_plan_or_its_priorities(client):
    build_plan(slug="draft-plan", status=Plan.Status.DRAFT)

    paths = list(sitemap(client))

    assert not [path for path in paths if "draft-plan" in path]


def test_the_sitemap_never_lists_complaints_question_status_pages_or_the_back_office(client):
    complaint = build_complaint()
    question = build_question(status=Question.Status.ANSWERED)

    response = client.get("/sitemap.xml")

    text = response.text
    assert complaint.reference not in text
    assert question.status_token not in text
    assert "/questions/status/" not in text
    assert "/complaints/make/" not in text
    assert "/admin/" not in text
    # The page of published answers is listed, dated by the latest answer.
    assert sitemap(client)[SITE + "/questions/"] == timezone.localdate().isoformat()


@override_settings(SITE_URL="https://panel.example.org")
def test_the_sitemap_uses_the_public_address_not_the_host_asked_for(client):
    meeting = build_meeting()

    entries = sitemap(client)

    assert "https://panel.example.org" + meeting.get_absolute_url() in entries
    assert all(address.startswith("https://panel.example.org/") for address in entries)


@override_settings(SITE_URL="https://panel.example.org")
def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    lines = response.text.splitlines()
    assert "Sitemap: https://panel.example.org/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /questions/status/" in lines


@pytest.mark.parametrize("size", [1, 12])
def test_the_sitemap_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for number in range(size):
        build_meeting(
            slug=f"meeting-{number}",
            start=timezone.make_aware(datetime.datetime(2014, 1, 1 + number, 13, 30)),
            items=2,
            exempt_items=1,
            attachments=True,
        )
        build_member(slug=f"member-{number}")
        build_plan(slug=f"plan-{number}", status=Plan.Status.SUPERSEDED, priorities=2)
        build_question(status=Question.Status.ANSWERED)

    # The site pages' dates (meetings, plans, members, action log, questions), then each of the
    # six sitemaps: one query to count its pages and one to read them.
    with django_assert_max_num_queries(17):
        entries = sitemap(client)
    # 16 site pages; the meeting open for questions and its item; for each size, a meeting, its
    # 3 items, its 2 public documents, a member, a plan and its 2 priorities.
    assert len(entries) == 16 + 2 + size * (1 + 3 + 2 + 1 + 1 + 2)
