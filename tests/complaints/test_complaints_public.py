"""What the public sees of complaints: counts by year with small numbers withheld, and nothing
about any complainant anywhere."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from complaints.models import Complaint, publishable_counts
from tests.complaints.factories import build_complaint, build_holder

pytestmark = pytest.mark.django_db

STATISTICS = "/complaints/statistics/"


def received(year, stage="received", count=1, **fields):
    holder = build_holder() if not hasattr(received, "holder") else received.holder
    moment = timezone.make_aware(datetime.datetime(year, 6, 1, 12))
    for _ in range(count):
        complaint = build_complaint(holder, received_at=moment, **fields)
        Complaint.objects.filter(pk=complaint.pk).update(stage=stage)


@pytest.fixture(autouse=True)
def holder():
    received.holder = build_holder()
    yield received.holder
    del received.holder


def test_small_numbers_are_fewer_than_5_and_cannot_be_worked_out():
    row = {
        "received": 12,
        "referred": 2,
        "not_recorded": 7,
        "no_action": 0,
        "resolved": 3,
        "withdrawn": 0,
        "open": 2,
    }
    # Two small numbers: neither can be worked out from the rest.
    assert publishable_counts(row) == {
        "received": 12,
        "referred": "fewer than 5",
        "not_recorded": 7,
        "no_action": 0,
        "resolved": "fewer than 5",
        "withdrawn": 0,
        "open": "fewer than 5",
    }
    # One small number alone could be: 10 received, 8 not recorded, so 2 resolved. The next
    # smallest is withheld too.
    row = {**row, "received": 10, "not_recorded": 8, "resolved": 2, "open": 0, "referred": 0}
    shown = publishable_counts(row)
    assert shown["resolved"] == "fewer than 5"
    assert shown["not_recorded"] == "not shown"
    assert shown["received"] == 10


def test_the_page_counts_by_year_and_outcome(client):
    received(2025, "closed", count=6)
    received(2025, "not_recorded", count=5)
    received(2025, "withdrawn", count=1)
    received(2025, "referred", count=1, referred_to_iopc=True)
    received(2026, "received", count=2)

    response_text = client.get(STATISTICS).text

    assert Complaint.objects.statistics() == [
        {
            "year": 2026,
            "received": "fewer than 5",
            "referred": 0,
            "not_recorded": 0,
            "no_action": 0,
            "resolved": 0,
            "withdrawn": 0,
            "open": "fewer than 5",
        },
        {
            "year": 2025,
            "received": 13,
            "referred": "fewer than 5",
            "not_recorded": 5,
            "no_action": 0,
            "resolved": 6,
            "withdrawn": "fewer than 5",
            "open": "fewer than 5",
        },
    ]
    assert '<th scope="row" class="govuk-table__header">2025</th>' in response_text
    assert "fewer than 5" in response_text


def test_an_empty_year_list_says_so(client):
    assert "The panel has not received any complaints yet." in client.get(STATISTICS).text


@pytest.mark.parametrize("rows", [1, 40])
def test_the_statistics_take_the_same_queries_whatever_the_number(
    client, django_assert_max_num_queries, rows
):
    for year in range(2015, 2015 + rows // 4 + 1):
        received(year, "closed", count=4)

    with django_assert_max_num_queries(3):
        assert client.get(STATISTICS).status_code == 200


PUBLIC_URLS = [
    "/",
    "/complaints/",
    "/complaints/who/",
    "/complaints/what/",
    "/complaints/make/",
    "/complaints/statistics/",
    "/complaints/go-to/police-officer/",
    "/questions/",
    "/meetings/",
    "/members/",
    "/action-log/",
    "/plans/",
    # Search shows what was searched for: look for words of the complaint, not the secrets.
    "/search/?q=shouted",
    "/search/?q=apology",
    "/search/?q=Sheffield",
    "/feeds/papers/rss/",
    "/feeds/papers/atom/",
    "/feeds/minutes/rss/",
    "/feeds/minutes/atom/",
    "/feeds/meetings/rss/",
    "/feeds/meetings/atom/",
    "/meetings/calendar.ics",
    "/api/",
    "/sitemap.xml",  # the index: each sitemap it names is read too
    "/robots.txt",
    "/privacy/",
]
SECRETS = [
    "Zebedee",
    "Secretperson",
    "Hiddenhouse",
    "zebedee.secret",
    "Wilhelmina",
    "0114 496 0123",
    "shouted at a public meeting",
]


def test_no_complainant_detail_appears_on_any_public_page_feed_search_or_sitemap(client):
    complaint = build_complaint()
    index = client.get("/sitemap.xml").text
    sitemaps = [urlsplit(address).path for address in re.findall(r"<loc>([^<]*)</loc>", index)]
    assert "/sitemap-pages.xml" in sitemaps and len(sitemaps) == 7

    for url in [*PUBLIC_URLS, *sitemaps]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        for secret in [*SECRETS, complaint.reference]:
            assert secret not in text, (url, secret)


@pytest.mark.parametrize("holders", [1, 30])
def test_the_complaint_pages_take_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, holders
):
    for number in range(holders):
        build_holder(f"Holder {number}")

    for url in ["/complaints/", "/complaints/who/", "/complaints/what/", "/complaints/make/"]:
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200, url
