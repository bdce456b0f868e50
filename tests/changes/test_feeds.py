"""The change feed: /api/changes/ (oldest first, an opaque cursor, 304 when nothing changed) and
the same changes in Atom (issue 16)."""

import feedparser
import pytest
from django.urls import reverse

from changes.models import Change
from changes.services import record
from opendata import views
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

What = Change.What
CHANGES = "/api/changes/"


def changes_of(meetings):
    return [record(meeting, What.PUBLISHED) for meeting in meetings]


def test_a_mirror_reads_every_change_oldest_first_then_only_whats_new(client, monkeypatch):
    monkeypatch.setattr(views, "CHANGES_PAGE_SIZE", 2)
    meetings = [build_meeting(slug=f"meeting-{n}") for n in range(3)]
    changes_of(meetings)

    first = client.get(CHANGES).json()
    assert [c["url"] for c in first["results"]] == [
        f"http://127.0.0.1:8000{m.get_absolute_url()}" for m in meetings[:2]
    ]
    assert first["more_to_come"] is True
    second = client.get(first["next"]).json()
    assert [c["object_id"] for c in second["results"]] == [meetings[2].pk]
    assert second["more_to_come"] is False
    assert client.get(second["next"]).json()["results"] == []  # nothing new yet

    record(meetings[0], What.CANCELLED)
    later = client.get(second["next"]).json()
    assert [(c["what"], c["object_id"]) for c in later["results"]] == [
        ("cancelled", meetings[0].pk)
    ]


def test_an_unchanged_log_answers_304(client):
    changes_of([build_meeting()])
    response = client.get(CHANGES)
    assert response["Last-Modified"]

    again = client.get(CHANGES, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get(CHANGES, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304

    record(build_meeting(slug="another"), What.PUBLISHED)
    assert client.get(CHANGES, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


@pytest.mark.parametrize("since", ["", "nonsense", "c", "C1", "c1!", "c" + "1" * 13])
def test_a_cursor_we_did_not_give_is_refused_clearly(client, since):
    response = client.get(CHANGES, {"since": since})
    assert response.status_code == 400
    assert "since must be a cursor" in response.json()["error"]


def test_the_log_takes_two_queries_however_long(client, django_assert_max_num_queries):
    changes_of([build_meeting(slug=f"m-{n}") for n in range(30)])
    with django_assert_max_num_queries(1):
        assert len(client.get(CHANGES).json()["results"]) == 30
    last = client.get(CHANGES).json()["next"]
    with django_assert_max_num_queries(2):  # an empty page dates itself by its cursor's change
        assert client.get(last).json()["results"] == []


def test_the_atom_feed_gives_the_newest_changes(client):
    meeting = build_meeting()
    record(meeting, What.PUBLISHED)
    record(meeting, What.MOVED)

    feed = feedparser.parse(client.get(reverse("changes:atom")).content)

    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == [
        f"Moved: {meeting}",
        f"Published: {meeting}",
    ]
    assert feed.entries[0].link.endswith(meeting.get_absolute_url())
    assert feed.entries[0].id != feed.entries[1].id


def test_the_feeds_page_and_api_page_point_to_the_change_log(client):
    feeds = client.get(reverse("feeds")).text
    assert reverse("changes:atom") in feeds
    assert reverse("api:changes") in client.get(reverse("open-data")).text
