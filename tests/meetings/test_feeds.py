import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Minute, Paper
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

FEEDS = {
    "papers-rss": "rss20",
    "papers-atom": "atom10",
    "minutes-rss": "rss20",
    "minutes-atom": "atom10",
    "meetings-rss": "rss20",
    "meetings-atom": "atom10",
}
SITE = "http://testserver"


def parse(client, name):
    response = client.get(reverse(f"meetings:{name}"))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == FEEDS[name]
    return feed, response.content.decode()


def hidden_content():
    """A public meeting with an exempt item, a draft meeting and an unpublished paper and minute."""
    meeting = build_meeting(items=1, exempt_items=1)
    draft = build_meeting(slug="draft", is_published=False, start=meeting.start)
    draft.items.update(title="Draft item")
    Paper.objects.filter(agenda_item__meeting=draft).update(title="Draft report")
    Minute.objects.filter(agenda_item__meeting=draft).update(number="D1", text="Draft minute")
    unpublished = build_meeting(slug="unpublished-parts", start=meeting.start)
    Paper.objects.filter(agenda_item__meeting=unpublished).update(
        title="Unpublished report", is_published=False
    )
    Minute.objects.filter(agenda_item__meeting=unpublished).update(
        number="U1", text="Unpublished minute", is_published=False
    )
    return meeting


@pytest.mark.parametrize("name", ["papers-rss", "papers-atom"])
def test_papers_feed_lists_public_papers_linked_to_their_items(client, name):
    meeting = hidden_content()
    item = meeting.items.get(number=1)

    feed, text = parse(client, name)

    assert feed.feed.title == "New papers: South Yorkshire Police and Crime Panel"
    assert [entry.title for entry in feed.entries] == [
        "Report 1 (Police and Crime Panel, 2 May 2014)"
    ]
    entry = feed.entries[0]
    assert entry.link == SITE + item.get_absolute_url()
    assert entry.id == f"tag:127.0.0.1,2014:paper-{item.papers.get().pk}"
    assert "What item 1 is about." in entry.summary
    assert "Report 1" in entry.summary
    # The date is when the agenda was published: 22 April 2014, 13.30 in London.
    assert entry.published_parsed[:5] == (2014, 4, 22, 12, 30)
    if name == "papers-atom":
        assert entry.updated_parsed[:5] == (2014, 4, 22, 12, 30)
    for hidden in ["Item 2", "Secret paper", "Draft report", "Unpublished report", "Report 2"]:
        assert hidden not in text


@pytest.mark.parametrize("name", ["minutes-rss", "minutes-atom"])
def test_minutes_feed_lists_public_minutes_with_resolutions(client, name):
    meeting = hidden_content()
    Minute.objects.filter(number="J1").update(status=Minute.Status.DRAFT, title="Apologies")

    feed, text = parse(client, name)

    assert feed.feed.title == "Minutes: South Yorkshire Police and Crime Panel"
    assert [entry.title for entry in feed.entries] == [
        "Minute J1: Apologies (Police and Crime Panel, 2 May 2014)"
    ]
    entry = feed.entries[0]
    assert entry.link == SITE + meeting.items.get(number=1).get_absolute_url()
    assert "Minute text 1" in entry.summary
    assert "Resolution 1" in entry.summary
    assert "not yet been approved as a true record" in entry.summary
    for hidden in ["Secret minute", "Resolution 2", "Draft minute", "Unpublished minute"]:
        assert hidden not in text


@pytest.mark.parametrize("name", ["meetings-rss", "meetings-atom"])
def test_meetings_feed_lists_published_meetings_with_their_status(client, name):
    hidden_content()
    cancelled = build_meeting(slug="cancelled", start=timezone.now() + datetime.timedelta(days=30))
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save()

    feed, text = parse(client, name)

    titles = [entry.title for entry in feed.entries]
    assert titles[0] == f"{cancelled.title} (cancelled)"
    assert "Police and Crime Panel, 2 May 2014" in titles
    assert len(titles) == 3
    assert SITE + "/meetings/draft/" not in [entry.link for entry in feed.entries]
    assert "This meeting has been cancelled." in feed.entries[0].summary
    assert "Town Hall" in feed.entries[0].summary


def test_paper_without_agenda_date_takes_the_meeting_date_and_newest_come_first(client):
    build_meeting(slug="older", start=timezone.make_aware(datetime.datetime(2014, 3, 31, 10, 0)))
    newer = build_meeting(slug="newer")
    newer.agenda_published_at = None
    newer.save()
    Paper.objects.filter(agenda_item__meeting=newer).update(title="Newer report")

    feed, _ = parse(client, "papers-atom")

    assert [entry.title.split(" (")[0] for entry in feed.entries] == ["Newer report", "Report 1"]
    assert feed.entries[0].published_parsed[:5] == (2014, 5, 2, 12, 30)


def test_markup_in_titles_stays_text(client):
    meeting = build_meeting()
    Paper.objects.update(title="Budget <script>alert(1)</script> & plans")
    meeting.items.update(summary="<b>bold</b> claims")

    feed, text = parse(client, "papers-rss")

    assert feed.entries[0].title.startswith("Budget <script>alert(1)</script> & plans")
    assert "<b>bold</b>" not in feed.entries[0].summary
    assert "&lt;b&gt;bold&lt;/b&gt; claims" in feed.entries[0].summary


@pytest.mark.parametrize("size", [1, 60])
def test_feeds_hold_the_latest_50_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    build_meeting(items=size)

    for name in FEEDS:
        with django_assert_max_num_queries(2):
            feed, _ = parse(client, name)
        if not name.startswith("meetings"):
            assert len(feed.entries) == min(size, 50)


def test_feeds_page_lists_every_feed_and_meeting_pages_link_to_them(client):
    meeting = build_meeting()

    page = client.get(reverse("feeds"))

    assert page.status_code == 200
    for name in FEEDS:
        assert f'href="{reverse(f"meetings:{name}")}"' in page.text
    assert "No feeds are available yet" not in page.text
    for url in [
        reverse("meetings:index"),
        meeting.get_absolute_url(),
        "/meetings/test-meeting/items/1/",
    ]:
        text = client.get(url).text
        assert (
            '<link rel="alternate" type="application/rss+xml" title="New papers (RSS)" '
            'href="/feeds/papers/rss/">' in text
        )
        assert (
            '<link rel="alternate" type="application/atom+xml" title="Minutes (Atom)" '
            'href="/feeds/minutes/atom/">' in text
        )
