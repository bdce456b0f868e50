"""An address that follows something never shows on a public page, feed, API, search result or
log line; staff see counts, and addresses only with a permission of their own (issue 17)."""

import logging

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from alerts.models import Follower
from changes.models import Change
from changes.services import record
from staff.groups import SCRUTINY_OFFICERS
from tests.alerts.helpers import alerts_to, committed, follow_confirmed
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

EMAIL = "private.person@example.org"


@pytest.fixture
def followed(client):
    with committed():
        meeting = build_meeting()
    follow_confirmed(client, EMAIL, "meeting", meeting)
    follow_confirmed(client, EMAIL, "search", q="report")
    with committed():
        meeting.save()  # as the back office does: the search index is written again too
        record(meeting, Change.What.REVISED)
    assert len(alerts_to(EMAIL)) == 1
    return meeting


def test_no_public_page_feed_api_or_search_shows_the_address(client, followed, caplog):
    caplog.set_level(logging.DEBUG)
    for url in [
        "/",
        followed.get_absolute_url(),
        "/api/changes/",
        "/feeds/changes/atom/",
        "/search/?q=report",
        "/alerts/",
        "/sitemap.xml",
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "private.person" not in response.content.decode(), url
    assert "No results for ‘private.person’" in client.get("/search/?q=private.person").text
    assert "private.person" not in caplog.text


def test_sending_logs_counts_never_the_address(client, caplog):
    caplog.set_level(logging.DEBUG)
    with committed():
        meeting = build_meeting()
    follow_confirmed(client, EMAIL, "meeting", meeting)
    with committed():
        record(meeting, Change.What.REVISED)

    assert "Alerts (immediately): 1 emails queued" in caplog.text
    assert "private.person" not in caplog.text


@pytest.fixture
def officer(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    return client


def test_officers_see_how_many_follow_what_but_no_address(followed, officer):
    page = officer.get(reverse("admin:alerts_subscription_counts")).text

    assert "Who follows what" in page
    assert "Police and Crime Panel, 2 May 2014" in page
    assert "Search: “report”" in page
    assert "private.person" not in page
    assert officer.get(reverse("admin:alerts_follower_changelist")).status_code == 403
    outbox = officer.get(reverse("admin:complaints_outgoingemail_changelist")).text
    assert "private.person" not in outbox and "Meeting changed" not in outbox


def test_the_permission_of_its_own_shows_the_addresses(followed, officer, staff_user):
    staff_user.user_permissions.add(Permission.objects.get(codename="view_follower_address"))

    page = officer.get(reverse("admin:alerts_follower_changelist")).text

    assert EMAIL in page
    outbox = officer.get(reverse("admin:complaints_outgoingemail_changelist")).text
    assert "Meeting changed" in outbox


def test_an_address_stopped_by_staff_is_deleted(followed, officer, staff_user):
    staff_user.user_permissions.add(Permission.objects.get(codename="view_follower_address"))
    follower = Follower.objects.get()

    officer.post(
        reverse("admin:alerts_follower_changelist"),
        {"action": "stop_everything", "_selected_action": [follower.pk]},
    )

    assert Follower.objects.count() == 0


def test_bounces_are_counted_and_stop_the_address_at_the_limit(followed, settings):
    from django.core.management import call_command

    settings.ALERTS_BOUNCE_LIMIT = 2
    call_command("report_bounce", EMAIL)
    assert Follower.objects.get().bounces == 1
    call_command("report_bounce", EMAIL)

    assert Follower.objects.count() == 0
    from alerts.models import AlertTally

    assert AlertTally.objects.get().bounces == 2
    assert AlertTally.objects.get().emails == 1
