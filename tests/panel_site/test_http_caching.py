"""HTTP caching: public pages validate with ETags, may be kept briefly by browsers and CDNs, are
kept on the server until something public changes; forms and personal pages are never kept."""

import gzip
import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from changes.models import Change
from changes.services import record
from meetings.models import AgendaItem, Attachment
from panel_site import page_cache
from search import index
from tests.complaints.factories import build_holder, build_question, open_meeting
from tests.meetings.factories import build_meeting, build_member
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def server_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def public_pages():
    meeting = build_meeting()
    priority = build_plan().priorities.first()
    return [
        reverse("home"),
        reverse("meetings:index"),
        meeting.get_absolute_url(),
        reverse("plans:plan-list"),
        priority.get_absolute_url(),
        reverse("meetings:members"),
        reverse("complaints:questions"),
        reverse("search:index") + "?q=police",
        reverse("about"),
    ]


def test_public_pages_may_be_kept_briefly_set_no_cookie_and_validate(client):
    for url in public_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        control = response["Cache-Control"]
        # A CDN may keep it for a minute; a browser checks each time, so an answer shows at once.
        assert "public" in control and "s-maxage=60" in control and "max-age=0" in control, url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
        etag = response["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""


@pytest.mark.parametrize(
    "name", ["complaints:question-ask", "complaints:complaint-make", "complaints:triage-who"]
)
def test_pages_with_forms_are_never_public(client, server_cache, name):
    open_meeting()
    build_holder()
    first = client.get(reverse(name))
    assert first.status_code == 200
    assert "public" not in first.get("Cache-Control", "")
    client.cookies.clear()
    second = client.get(reverse(name))
    # A fresh token for each visitor: the page was made again, not taken from the cache.
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_the_secret_status_page_is_never_kept(client, server_cache):
    question = build_question()
    url = reverse("complaints:question-status", args=[question.status_token])
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_kept_page_is_served_without_the_database(
    client, server_cache, django_assert_num_queries
):
    meeting = build_meeting()
    first = client.get(meeting.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(meeting.get_absolute_url())
    assert second.content == first.content


def test_open_data_is_kept_as_sent_without_the_data_it_was_made_from(
    client, server_cache, django_assert_num_queries
):
    build_meeting()
    url = reverse("api:meetings-list")
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    generation, kept = cache.get(page_cache._key(RequestFactory().get(url)))
    assert type(kept) is HttpResponse
    assert kept.content == first.content


def test_a_page_is_kept_compressed_for_browsers_that_take_gzip(
    client, server_cache, django_assert_num_queries
):
    meeting = build_meeting()
    url = meeting.get_absolute_url()
    plain = client.get(url)
    gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert not plain.has_header("Content-Encoding")
    assert meeting.venue_name in plain.text
    for response in (gzipped, again):
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert response["Content-Encoding"] == "gzip"
        assert response["Content-Length"] == str(len(response.content))
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain.content
    # The same bytes each time, so the browser's copy is confirmed with a 304.
    assert again.content == gzipped.content
    revalidated = client.get(
        url, HTTP_ACCEPT_ENCODING="gzip, deflate, br", HTTP_IF_NONE_MATCH=again["ETag"]
    )
    assert revalidated.status_code == 304


def test_a_public_change_shows_at_once_once_committed(
    client, server_cache, django_capture_on_commit_callbacks
):
    meeting = build_meeting()
    assert "Town Hall" in client.get(meeting.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        meeting.venue_name = "Barnsley Town Hall Council Chamber"
        meeting.save()
        record(meeting, Change.What.REVISED)  # as the admin does
    assert "Barnsley Town Hall Council Chamber" in client.get(meeting.get_absolute_url()).text


def test_a_change_forgets_only_the_sections_that_show_it(
    client, server_cache, django_capture_on_commit_callbacks
):
    meeting = build_meeting()
    plan = build_plan()
    pages = {
        "meeting": meeting.get_absolute_url(),
        "members": reverse("meetings:members"),
        "home": reverse("home"),
        "priority": plan.priorities.first().get_absolute_url(),
        "about": reverse("about"),
    }
    for url in pages.values():
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        member = build_member(slug="new-member")
        record(member, Change.What.PUBLISHED)

    def kept(url):
        return page_cache._kept(
            page_cache._key(RequestFactory().get(url)), page_cache.section_of(url)
        )[1]

    assert kept(pages["meeting"]) is None  # the meeting page lists its members
    assert kept(pages["members"]) is None
    assert kept(pages["home"]) is None
    assert kept(pages["priority"]) is not None  # a member does not show on the plan
    assert kept(pages["about"]) is not None


def test_a_question_received_forgets_no_page(client, server_cache):
    meeting = open_meeting()
    client.get(meeting.get_absolute_url())
    key = page_cache._key(RequestFactory().get(meeting.get_absolute_url()))
    build_question(meeting=meeting)  # received, not yet public
    assert page_cache._kept(key, "meetings")[1] is not None


def test_a_kept_search_is_made_again_when_the_index_is_rebuilt(client, server_cache):
    meeting = build_meeting()
    url = reverse("search:index") + "?q=quokka"
    assert "No results" in client.get(url).text
    AgendaItem.objects.filter(meeting=meeting).update(title="Quokka survey")
    assert "No results" in client.get(url).text  # kept: an update() sends no signal

    index.rebuild()
    assert "Quokka survey" in client.get(url).text


def test_a_kept_search_is_forgotten_only_once_the_index_has_caught_up_with_a_change(
    client, server_cache, django_capture_on_commit_callbacks
):
    # After a commit a job indexes the change, then forgets the kept searches. The other way
    # round, a search made in between would be kept, from the old index, until the next change.
    with django_capture_on_commit_callbacks(execute=True):  # made in a transaction of its own
        meeting = build_meeting()
    url = reverse("search:index") + "?q=quokka"
    with django_capture_on_commit_callbacks() as callbacks:
        item = meeting.items.first()
        item.title = "Quokka survey"
        item.save()

    for callback in callbacks:
        assert client.get(url).status_code == 200  # a search while the change is followed up
        callback()
    assert "Quokka survey" in client.get(url).text


def test_unpublishing_takes_a_kept_page_down_at_once(
    client, server_cache, django_capture_on_commit_callbacks
):
    meeting = build_meeting()
    assert client.get(meeting.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        record(meeting, Change.What.WITHDRAWN)  # as the admin's action does
        meeting.is_published = False
        meeting.save()
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_officers_see_pages_made_for_them_and_marked_private(
    client, login_staff, server_cache, django_user_model
):
    meeting = build_meeting()
    client.get(meeting.get_absolute_url())  # kept for the public
    officer = django_user_model.objects.create_user("officer", is_staff=True, is_superuser=True)
    meeting.is_published = False
    meeting.save(update_fields=["is_published"])
    login_staff(client, officer)
    response = client.get(meeting.get_absolute_url())
    assert "Preview: this meeting is a draft." in response.text
    assert "private" in response["Cache-Control"]


def test_pages_are_compressed_and_still_validate(client):
    meeting = build_meeting(attachments=True)
    page = client.get(meeting.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    assert gzip.decompress(page.content).decode().count(meeting.venue_name) >= 1
    again = client.get(
        meeting.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=page["ETag"]
    )
    assert again.status_code == 304
    attachment = Attachment.objects.get(paper__agenda_item__meeting=meeting)
    download = client.get(attachment.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert download.status_code == 200
    assert not download.has_header("Content-Encoding")


def test_only_addresses_with_few_variants_are_kept_and_searches_briefly(
    client, server_cache, settings
):
    build_meeting()
    client.get(reverse("meetings:index") + "?year=2014&page=1")
    client.get(reverse("meetings:index") + "?made-up=1")
    keys = [key for key in cache._cache if ":page-cache:" in key and "generation" not in key]
    assert len(keys) == 1
    list_expires = cache._expire_info[keys[0]]

    # A search is kept too, but only as long as a CDN may keep it: each query is a new address.
    client.get(reverse("search:index") + "?q=police&kind=paper&page=2")
    searches = [
        key
        for key in cache._cache
        if ":page-cache:" in key and "generation" not in key and key not in keys
    ]
    assert len(searches) == 1
    assert cache._expire_info[searches[0]] - time.time() <= settings.PUBLIC_PAGE_MAX_AGE
    assert list_expires - time.time() > settings.PUBLIC_PAGE_MAX_AGE


def test_pages_are_made_as_usual_when_the_cache_fails(client, server_cache, monkeypatch):
    meeting = build_meeting()

    def broken(*args, **kwargs):
        raise ConnectionError("the cache server is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "get_or_set", broken)
    monkeypatch.setattr(cache, "set", broken)
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert meeting.venue_name in response.text
