import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone

from complaints.models import Question
from meetings.models import AgendaItem, Attachment, Meeting, Member, Membership, Minute, Paper
from panel_site.sitemaps import sitemaps
from plans.models import Commitment, CommitmentUpdate, MeasureReading, Outcome, Plan, Priority
from tests.complaints.factories import build_complaint, build_question
from tests.meetings.factories import build_action, build_meeting, build_member
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SECTIONS = ["pages", "meetings", "items", "documents", "members", "plans", "priorities"]


def read_xml(client, address):
    """A sitemap or the index, asked for by its path on whatever host the test client uses."""
    parts = urlsplit(address)
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, address
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314 (our own page, not untrusted input)


def index(client):
    """The sitemap index's entries, as {address of a sitemap: lastmod or None}."""
    root = read_xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return {
        entry.findtext("s:loc", namespaces=NS): entry.findtext("s:lastmod", namespaces=NS)
        for entry in root.findall("s:sitemap", NS)
    }


def section(client, name, page=None):
    """One section's entries, as {address: lastmod or None}."""
    root = read_xml(client, f"/sitemap-{name}.xml" + (f"?p={page}" if page else ""))
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def sitemap(client):
    """Every entry of every sitemap the index names, as {address: lastmod or None}."""
    entries = {}
    for address in index(client):
        entries.update(section(client, **section_and_page(address)))
    return entries


def section_and_page(address):
    parts = urlsplit(address)
    name = parts.path.removeprefix("/sitemap-").removesuffix(".xml")
    return {"name": name, "page": parts.query.removeprefix("p=") or None}


def test_the_index_names_each_section_once_with_its_newest_date(client):
    build_meeting(items=2, attachments=True)
    build_member()
    build_plan(priorities=2)
    today = timezone.localdate().isoformat()

    entries = index(client)

    assert list(entries) == [f"{SITE}/sitemap-{name}.xml" for name in SECTIONS]
    for address, lastmod in entries.items():
        # Each saved just now, which its history records; the date is a full W3C datetime.
        assert lastmod.startswith(today + "T"), address
    response = client.get("/sitemap.xml")
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert "Last-Modified" not in response


def test_the_sitemap_lists_published_meetings_items_members_plans_and_priorities(client):
    meeting = build_meeting(items=2, attachments=True)
    member = build_member()
    plan = build_plan(priorities=2)
    today = timezone.localdate().isoformat()

    expected = {
        "meetings": [meeting.get_absolute_url()],
        "items": [item.get_absolute_url() for item in meeting.items.all()],
        "documents": [attachment.get_absolute_url() for attachment in Attachment.objects.all()],
        "members": [member.get_absolute_url()],
        "plans": [plan.get_absolute_url()],
        "priorities": [priority.get_absolute_url() for priority in plan.priorities.all()],
    }
    assert sum(len(paths) for paths in expected.values()) == 9
    for name, paths in expected.items():
        entries = section(client, name)
        # Each in its own section, and only there; each saved just now, which its history records.
        assert sorted(entries) == sorted(SITE + path for path in paths), name
        for path in paths:
            assert entries[SITE + path] == today, path


def test_the_sitemap_lists_the_site_pages_and_dates_the_lists(client):
    build_action(build_meeting().items.get())
    build_member()
    build_plan()

    entries = section(client, "pages")

    assert len(entries) == 17
    for path in ["/", "/meetings/", "/action-log/", "/members/", "/plan/", "/plans/"]:
        assert entries[SITE + path] == timezone.localdate().isoformat(), path
    for path in [
        "/questions/",
        "/complaints/",
        "/complaints/statistics/",
        "/feeds/",
        "/alerts/",
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

    assert section(client, "meetings")[SITE + meeting.get_absolute_url()] == "2014-05-20"
    assert section(client, "items")[SITE + item.get_absolute_url()] == "2014-05-20"
    assert index(client)[SITE + "/sitemap-meetings.xml"].startswith("2014-05-20T")
    assert index(client)[SITE + "/sitemap-items.xml"].startswith("2014-05-20T")

    item.minute.text = "Corrected minute"
    item.minute.save()
    today = timezone.localdate().isoformat()
    assert section(client, "meetings")[SITE + meeting.get_absolute_url()] == today
    assert section(client, "items")[SITE + item.get_absolute_url()] == today
    assert index(client)[SITE + "/sitemap-meetings.xml"].startswith(today + "T")
    assert index(client)[SITE + "/sitemap-items.xml"].startswith(today + "T")


def test_the_index_dates_each_section_by_the_newest_date_in_it(client):
    """Worked out in the database, not row by row, so checked against the sections themselves.
    A meeting or plan with no history (a bulk import) is dated by its agenda or publication
    date; one with history is not, however late those dates."""
    long_ago = timezone.make_aware(datetime.datetime(2014, 5, 20, 12))
    later = timezone.make_aware(datetime.datetime(2017, 1, 1, 12))
    bulk_date = datetime.date(2015, 1, 1)
    build_meeting(slug="old", items=2, attachments=True)
    bulk = build_meeting(slug="bulk", items=2)
    build_member()
    build_plan(slug="old-plan", status=Plan.Status.SUPERSEDED, priorities=2)
    bulk_plan = build_plan(slug="bulk-plan", priorities=2)
    history_models = [
        Meeting,
        AgendaItem,
        Paper,
        Minute,
        Attachment,
        Member,
        Membership,
        Plan,
        Priority,
        Outcome,
        Commitment,
        CommitmentUpdate,
        MeasureReading,
    ]
    for model in history_models:
        model.history.update(history_date=long_ago)
    Meeting.objects.filter(slug="old").update(agenda_published_at=later)
    Meeting.objects.filter(pk=bulk.pk).update(
        agenda_published_at=timezone.make_aware(datetime.datetime(2015, 1, 1, 12))
    )
    Meeting.history.filter(id=bulk.pk).delete()
    AgendaItem.history.filter(meeting_id=bulk.pk).delete()
    Paper.history.filter(agenda_item__meeting=bulk).delete()
    Minute.history.filter(agenda_item__meeting=bulk).delete()
    Plan.objects.filter(slug="old-plan").update(published_on=later.date())
    Plan.objects.filter(pk=bulk_plan.pk).update(published_on=bulk_date)
    Plan.history.filter(id=bulk_plan.pk).delete()
    Priority.history.filter(plan_id=bulk_plan.pk).delete()
    Outcome.history.filter(priority__plan=bulk_plan).delete()
    Commitment.history.filter(priority__plan=bulk_plan).delete()
    CommitmentUpdate.history.filter(commitment__priority__plan=bulk_plan).delete()
    MeasureReading.history.filter(measure__priority__plan=bulk_plan).delete()

    entries = index(client)

    for name in SECTIONS:
        dates = [lastmod for lastmod in section(client, name).values() if lastmod]
        assert entries[f"{SITE}/sitemap-{name}.xml"][:10] == max(dates), name
    for name, date in {
        "meetings": "2015-01-01",
        "items": "2014-05-20",
        "documents": "2014-05-20",
        "members": "2014-05-20",
        "plans": "2015-01-01",
        "priorities": "2015-01-01",
        "pages": "2015-01-01",
    }.items():
        assert entries[f"{SITE}/sitemap-{name}.xml"].startswith(date + "T"), name


def test_the_sitemap_never_lists_a_draft_meeting_or_its_items(client):
    draft = build_meeting(slug="draft-meeting", is_published=False, attachments=True)
    published = build_meeting(slug="published-meeting", attachments=True)
    draft_attachment = Attachment.objects.get(paper__agenda_item__meeting=draft)
    public_attachment = Attachment.objects.get(paper__agenda_item__meeting=published)

    for name in ["meetings", "items"]:
        paths = [path.removeprefix(SITE) for path in section(client, name)]
        # The section that would hold the draft's pages lists the published meeting's.
        assert [path for path in paths if "published-meeting" in path], name
        assert not [path for path in paths if "draft-meeting" in path], name
    documents = [path.removeprefix(SITE) for path in section(client, "documents")]
    assert documents == [public_attachment.get_absolute_url()]
    assert draft_attachment.get_absolute_url() not in documents
    assert draft.items.exists()
    assert not [path for path in sitemap(client) if "draft-meeting" in path]


def test_an_exempt_item_is_listed_but_never_its_papers_nor_the_dates_of_its_changes(client):
    meeting = build_meeting(items=1, exempt_items=1, attachments=True)
    exempt = meeting.items.get(is_exempt=True)
    public_attachment = Attachment.objects.get(paper__agenda_item__is_exempt=False)
    secret_attachment = Attachment.objects.get(paper__agenda_item=exempt)
    # The item was written long ago; only its private paper changes today.
    long_ago = timezone.make_aware(datetime.datetime(2014, 5, 20, 12))
    AgendaItem.history.filter(id=exempt.pk).update(history_date=long_ago)
    exempt.papers.get().save()

    items = section(client, "items")
    documents = section(client, "documents")

    assert items[SITE + exempt.get_absolute_url()] == "2014-05-20"
    assert SITE + public_attachment.get_absolute_url() in documents
    assert SITE + secret_attachment.get_absolute_url() not in documents
    assert SITE + secret_attachment.get_absolute_url() not in sitemap(client)


def test_the_sitemap_never_lists_a_draft_plan_or_its_priorities(client):
    build_plan(slug="draft-plan", status=Plan.Status.DRAFT)
    build_plan(slug="current-plan")

    for name in ["plans", "priorities"]:
        paths = list(section(client, name))
        # The section that would hold the draft's pages lists the current plan's.
        assert [path for path in paths if "current-plan" in path], name
        assert not [path for path in paths if "draft-plan" in path], name
    assert not [path for path in sitemap(client) if "draft-plan" in path]


def test_the_sitemap_never_lists_complaints_question_status_pages_or_the_back_office(client):
    complaint = build_complaint()
    question = build_question(status=Question.Status.ANSWERED)

    addresses = ["/sitemap.xml", *index(client)]
    text = "".join(client.get(urlsplit(address).path).text for address in addresses)

    assert len(addresses) == 1 + len(SECTIONS)
    assert complaint.reference not in text
    assert question.status_token not in text
    assert "/questions/status/" not in text
    assert "/complaints/make/" not in text
    assert "/admin/" not in text
    # The page of published answers is listed, dated by the latest answer.
    assert section(client, "pages")[SITE + "/questions/"] == timezone.localdate().isoformat()


@override_settings(SITE_URL="https://panel.example.org")
def test_the_sitemap_uses_the_public_address_not_the_host_asked_for(client):
    meeting = build_meeting(attachments=True)
    build_member()
    build_plan()

    sitemaps_named = index(client)
    entries = sitemap(client)

    assert list(sitemaps_named) == [
        f"https://panel.example.org/sitemap-{name}.xml" for name in SECTIONS
    ]
    assert "https://panel.example.org" + meeting.get_absolute_url() in entries
    assert all(address.startswith("https://panel.example.org/") for address in entries)
    # Whatever host the request came in on.
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "localhost" not in response.text
    assert "https://panel.example.org/sitemap-meetings.xml" in response.text


@override_settings(SITE_URL="https://panel.example.org")
def test_robots_txt_points_to_the_sitemap_index_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    lines = response.text.splitlines()
    assert "Sitemap: https://panel.example.org/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /questions/status/" in lines


def test_a_section_bigger_than_its_limit_goes_on_over_further_pages(client, monkeypatch):
    meeting = build_meeting(items=5)
    monkeypatch.setattr(sitemaps["items"], "limit", 2)

    entries = index(client)

    items = f"{SITE}/sitemap-items.xml"
    assert [address for address in entries if address.startswith(items)] == [
        items,
        items + "?p=2",
        items + "?p=3",
    ]
    # The other sections keep one page each.
    assert len(entries) == len(SECTIONS) + 2
    pages = [section(client, "items", page) for page in [None, 2, 3]]
    assert [len(page) for page in pages] == [2, 2, 1]
    listed = [address for page in pages for address in page]
    assert sorted(listed) == sorted(SITE + item.get_absolute_url() for item in meeting.items.all())
    assert client.get("/sitemap-items.xml?p=4").status_code == 404
    # The small sections have no page 2.
    assert client.get("/sitemap-meetings.xml?p=2").status_code == 404


def test_an_unknown_section_or_page_is_not_found(client):
    build_meeting()

    for path in ["/sitemap-complaints.xml", "/sitemap-.xml", "/sitemap-items.xml?p=x"]:
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("size", [1, 12])
def test_the_sitemaps_take_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
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

    # The site pages' dates (meetings, plans, members, action log, questions), then for each of
    # the six other sections one query to count its rows and one for its newest date.
    with django_assert_max_num_queries(17):
        entries = index(client)
    assert len(entries) == len(SECTIONS)
    # The site pages' dates, as above.
    with django_assert_max_num_queries(5):
        pages = section(client, "pages")
    assert len(pages) == 17
    counts = {}
    for name in SECTIONS[1:]:
        # One query to count the section's rows, one to read the page's.
        with django_assert_max_num_queries(2):
            counts[name] = len(section(client, name))
    # The meeting open for questions and its item; for each size, a meeting, its 3 items, its 2
    # public documents, a member, a plan and its 2 priorities.
    assert counts == {
        "meetings": 1 + size,
        "items": 1 + 3 * size,
        "documents": 2 * size,
        "members": size,
        "plans": size,
        "priorities": 2 * size,
    }
