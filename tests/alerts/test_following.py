"""Signing up for alerts: double opt-in, at most one confirmation a day, the manage page by
signed link, one-click unsubscribe, and nothing kept of a stopped address (issue 17)."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.models import Follower, Subscription
from changes.models import Change
from changes.services import record
from complaints.models import OutgoingEmail
from tests.alerts.helpers import (
    alerts_to,
    committed,
    confirm_latest,
    follow,
    follow_confirmed,
    follow_url,
    links,
)
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

EMAIL = "resident@example.org"


@pytest.fixture
def meeting():
    return build_meeting()


def publish(obj):
    with committed():
        record(obj, Change.What.PUBLISHED)


def test_the_follow_page_names_what_is_followed(client, meeting):
    page = client.get(follow_url("meeting", meeting)).text

    assert "Police and Crime Panel, 2 May 2014" in page
    assert "How often do you want emails?" in page


def test_a_bad_address_is_refused_on_the_same_page_with_the_input_kept(client, meeting):
    response = follow(client, "not an address", "meeting", meeting, frequency="weekly")

    assert response.status_code == 200
    page = response.text
    assert "Enter an email address in the correct format" in page
    assert 'value="not an address"' in page
    checked = re.findall(r'value="(\w+)"\s*checked="checked"', page)
    assert checked == ["weekly"]
    assert Subscription.objects.count() == 0


def test_nothing_but_the_confirmation_is_sent_until_its_link_is_used(client, meeting):
    follow(client, EMAIL, "committee", meeting.committee)
    publish(meeting.items.get().papers.get())

    assert [m.subject for m in mail.outbox] == [
        "Confirm your email alerts from the Police and Crime Panel"
    ]
    assert "Meetings of Police and Crime Panel (as it happens)" in mail.outbox[0].body
    assert Subscription.objects.get().confirmed_at is None


def test_the_link_confirms_too_what_was_asked_after_it_was_sent(client, meeting):
    follow(client, EMAIL, "committee", meeting.committee)
    follow(client, EMAIL, "search", q="domestic abuse")  # no second email today

    page = confirm_latest(client, EMAIL).text

    assert "Search: “domestic abuse”" in page
    assert not Subscription.objects.filter(confirmed_at__isnull=True).exists()


def test_the_confirmation_link_confirms_and_shows_the_manage_page(client, meeting):
    follow(client, EMAIL, "committee", meeting.committee)
    response = confirm_latest(client, EMAIL)

    assert "Your email alerts" in response.text
    assert "Meetings of Police and Crime Panel" in response.text
    assert "Not confirmed" not in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    publish(meeting.items.get().papers.get())
    assert len(alerts_to(EMAIL)) == 1


def test_confirming_starts_from_now_not_from_the_past(client, meeting):
    publish(meeting)
    follow_confirmed(client, EMAIL, "meeting", meeting)
    services.send_immediately()

    assert alerts_to(EMAIL) == []


def test_at_most_one_confirmation_a_day_and_no_hint_of_a_known_address(client, meeting):
    first = follow(client, EMAIL, "meeting", meeting)
    again = follow(client, EMAIL, "committee", meeting.committee)
    stranger = follow(client, "someone-else@example.org", "meeting", meeting)

    assert first.url == again.url == stranger.url == reverse("alerts:check-email")
    assert [m.to for m in mail.outbox] == [[EMAIL], ["someone-else@example.org"]]
    # A day later, a new sign-up sends a new confirmation.
    Follower.objects.filter(email=EMAIL).update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    follow(client, EMAIL, "everything")
    assert len([m for m in mail.outbox if m.to == [EMAIL]]) == 2


def test_following_again_what_is_followed_sends_nothing_and_changes_nothing(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting, frequency="daily")
    mail.outbox.clear()
    Follower.objects.update(confirmation_sent_at=None)

    follow(client, EMAIL, "meeting", meeting, frequency="immediately")

    assert mail.outbox == []
    assert Subscription.objects.get().frequency == "daily"


def test_unconfirmed_sign_ups_are_deleted_after_7_days(client, meeting):
    follow(client, EMAIL, "meeting", meeting)
    follow_confirmed(client, "keeper@example.org", "meeting", meeting)

    services.tidy(now=timezone.now() + datetime.timedelta(days=6))
    assert Subscription.objects.count() == 2
    services.tidy(now=timezone.now() + datetime.timedelta(days=7, minutes=1))

    assert list(Follower.objects.values_list("email", flat=True)) == ["keeper@example.org"]
    assert not OutgoingEmail.objects.filter(to=EMAIL).exists()


def test_the_confirmation_link_expires_after_7_days(client, meeting, settings):
    follow(client, EMAIL, "meeting", meeting)
    settings.ALERTS_CONFIRM_DAYS = 0

    response = confirm_latest(client, EMAIL)

    assert response.status_code == 404
    assert "This link has expired" in response.text
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize("what", ["meeting", "priority", "action", "member", "committee"])
def test_only_what_the_public_may_see_can_be_followed(client, what):
    draft = build_meeting(is_published=False)
    pk = draft.pk if what == "meeting" else 999999
    url = reverse("alerts:follow") + f"?what={what}&id={pk}"

    assert client.get(url).status_code == 404
    assert client.post(url, {"email": EMAIL, "frequency": "daily"}).status_code == 404
    assert Follower.objects.count() == 0


def test_an_empty_search_cannot_be_followed(client):
    assert client.get(reverse("alerts:follow") + "?what=search&q=+").status_code == 404


def test_the_trap_field_stores_nothing(client, meeting):
    url = follow_url("meeting", meeting)
    response = client.post(url, {"email": EMAIL, "frequency": "daily", "website": "x"})

    assert response.status_code == 400
    assert Follower.objects.count() == 0
    assert mail.outbox == []


def test_sign_ups_are_rate_limited(client, meeting, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "2/10m"
    for number in range(2):
        assert follow(client, f"a{number}@example.org", "meeting", meeting).status_code == 302

    response = follow(client, "a3@example.org", "meeting", meeting)

    assert response.status_code == 429
    assert Follower.objects.count() == 2


def test_the_alerts_page_follows_everything_or_a_committee(client, meeting):
    page = client.get(reverse("alerts:start")).text
    assert "Everything the panel publishes" in page
    assert "Meetings of Police and Crime Panel" in page

    with committed():
        client.post(
            reverse("alerts:start"),
            {
                "followed": f"committee:{meeting.committee.pk}",
                "frequency": "weekly",
                "email": EMAIL,
            },
        )
    client.post(
        reverse("alerts:start"), {"followed": "everything", "frequency": "daily", "email": EMAIL}
    )

    followed = Subscription.objects.order_by("pk").values_list("what", "object_id", "frequency")
    assert list(followed) == [
        ("committee", meeting.committee.pk, "weekly"),
        ("everything", 0, "daily"),
    ]


def test_the_alerts_page_says_what_is_missing(client):
    response = client.post(reverse("alerts:start"), {"email": EMAIL})

    assert "Choose what you want to hear about" in response.text
    assert "Choose how often you want emails" in response.text
    assert f'value="{EMAIL}"' in response.text


def manage_path(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting)
    return links(mail.outbox[0], "manage")[0]


def test_the_manage_page_changes_how_often(client, meeting):
    path = manage_path(client, meeting)
    subscription = Subscription.objects.get()

    page = client.post(
        path, {"action": "change", "subscription": subscription.pk, "frequency": "weekly"}
    ).text

    assert "Emails about Police and Crime Panel, 2 May 2014: once a week." in page
    assert Subscription.objects.get().frequency == "weekly"


def test_stopping_the_last_thing_deletes_the_address(client, meeting):
    path = manage_path(client, meeting)

    page = client.post(path, {"action": "stop", "subscription": Subscription.objects.get().pk}).text

    assert "You have unsubscribed" in page
    assert Follower.objects.count() == 0
    assert not OutgoingEmail.objects.filter(to=EMAIL).exists()


def test_stop_everything_deletes_the_address_and_its_emails(client, meeting):
    path = manage_path(client, meeting)
    follow(client, EMAIL, "committee", meeting.committee)

    client.post(path, {"action": "stop-everything"})

    assert Follower.objects.count() == Subscription.objects.count() == 0
    assert not OutgoingEmail.objects.filter(to=EMAIL).exists()


def test_another_addresss_subscription_cannot_be_touched(client, meeting):
    path = manage_path(client, meeting)
    follow_confirmed(client, "other@example.org", "meeting", meeting)
    theirs = Subscription.objects.get(follower__email="other@example.org")

    response = client.post(path, {"action": "stop", "subscription": theirs.pk})

    assert response.status_code == 400
    assert Subscription.objects.filter(pk=theirs.pk).exists()


def test_waiting_sign_ups_can_be_confirmed_from_the_manage_page(client, meeting):
    path = manage_path(client, meeting)
    Follower.objects.update(confirmation_sent_at=timezone.now())
    follow(client, EMAIL, "committee", meeting.committee)  # no second email today

    page = client.get(path).text
    assert "Not confirmed" in page
    client.post(path, {"action": "confirm"})

    assert not Subscription.objects.filter(confirmed_at__isnull=True).exists()


@pytest.mark.parametrize("token", ["nonsense", "a:b:c"])
def test_a_forged_link_shows_nothing(client, token):
    response = client.get(reverse("alerts:manage", args=[token]))

    assert response.status_code == 404
    assert "This link has expired" in response.text


def test_a_manage_link_expires(client, meeting, settings):
    path = manage_path(client, meeting)
    settings.ALERTS_MANAGE_LINK_DAYS = 0

    assert client.get(path).status_code == 404


def test_a_new_link_is_sent_only_to_a_known_address(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting)
    mail.outbox.clear()
    Follower.objects.update(confirmation_sent_at=None)
    url = reverse("alerts:start")

    with committed():
        known = client.post(url, {"action": "link", "link-email": EMAIL})
        unknown = client.post(url, {"action": "link", "link-email": "nobody@example.org"})

    assert known.url == unknown.url == reverse("alerts:check-email")
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert client.get(links(mail.outbox[0], "manage")[0]).status_code == 200


def test_unsubscribe_asks_first_on_a_get(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting)
    publish(meeting.items.get().papers.get())
    alert = alerts_to(EMAIL)[0]
    path = links(alert, "unsubscribe")[0]

    page = client.get(path).text

    assert "Unsubscribe from email alerts" in page
    assert Follower.objects.count() == 1


def test_one_click_unsubscribe_as_a_mail_program_sends_it(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting)
    publish(meeting.items.get().papers.get())
    alert = alerts_to(EMAIL)[0]
    header = alert.extra_headers["List-Unsubscribe"].strip("<>")
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # RFC 8058: a POST with this body and no cookie or CSRF token.
    mailer = Client(enforce_csrf_checks=True)
    response = mailer.post(
        header.removeprefix("http://127.0.0.1:8000"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "You have unsubscribed" in response.text
    assert Follower.objects.count() == 0
    # Used again (the mail program tried twice): still fine.
    assert mailer.post(header.removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_opening_the_confirmation_link_confirms_nothing_until_the_button(client, meeting):
    # Mail scanners open links: a GET only shows what waits.
    follow(client, EMAIL, "meeting", meeting)
    path = links(mail.outbox[-1], "confirm")[0]

    page = client.get(path).text

    assert "Confirm your email alerts" in page
    assert "Police and Crime Panel, 2 May 2014 (as it happens)" in page
    assert Subscription.objects.get().confirmed_at is None
    with committed():
        response = client.post(path)
    assert response.url.endswith("?confirmed=1")
    assert "Your alerts are confirmed." in client.get(response.url).text
    assert Subscription.objects.get().confirmed_at is not None


def test_one_follower_per_address_whatever_its_case(client, meeting):
    follow(client, "Robin@Example.org", "meeting", meeting)
    follow(client, "robin@example.ORG", "committee", meeting.committee)

    assert Follower.objects.get().email == "robin@example.org"
    assert len(mail.outbox) == 1


def test_a_manage_link_goes_only_to_an_address_that_confirmed(client, meeting):
    follow(client, EMAIL, "meeting", meeting)  # not confirmed
    mail.outbox.clear()
    Follower.objects.update(confirmation_sent_at=None)

    with committed():
        client.post(reverse("alerts:start"), {"action": "link", "link-email": EMAIL})

    assert mail.outbox == []


@pytest.mark.parametrize(
    "query",
    ["what=search&q=budget&year=%C2%B2%C2%B2%C2%B2%C2%B2", "what=search&q=budget&committee=Nope"],
)
def test_odd_search_filters_are_refused_politely(client, query):
    url = reverse("alerts:follow") + "?" + query
    response = client.get(url)

    assert response.status_code in (200, 404)
    if "year" in query:
        assert response.status_code == 200  # the year is ignored
    else:
        assert response.status_code == 404  # no such committee


def test_the_search_page_ignores_an_odd_year(client):
    assert client.get("/search/?q=budget&year=%C2%B2%C2%B2%C2%B2%C2%B2").status_code == 200
