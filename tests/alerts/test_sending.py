"""Sending what changed: as it happens, or a daily or weekly digest grouped by what is followed,
each entry with its context; exactly once; never a draft or exempt paper (issue 17)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.models import AlertRun, Subscription
from changes.models import Change
from changes.services import record
from complaints.models import OutgoingEmail
from meetings.models import AgendaItem, Minute, Paper
from search import index
from tests.alerts.helpers import alerts_to, committed, follow_confirmed
from tests.meetings.factories import build_action, build_meeting, build_member
from tests.meetings.test_publishing import change_form
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

What = Change.What
EMAIL = "resident@example.org"


@pytest.fixture
def meeting():
    # Built as an officer's request would: its transaction over, its index written.
    with committed():
        return build_meeting(items=2)


def published(obj, what=What.PUBLISHED, **kwargs):
    with committed():
        record(obj, what, **kwargs)


def send(frequency, up_to):
    with committed():
        return services.send(frequency, up_to)


def send_digests(now):
    with committed():
        return services.send_digests(now=now)


def send_immediately():
    with committed():
        return services.send_immediately()


def papers(meeting):
    return list(Paper.objects.filter(agenda_item__meeting=meeting).order_by("pk"))


def test_papers_published_for_a_followed_committee_send_one_email_with_context(client, meeting):
    follow_confirmed(client, EMAIL, "committee", meeting.committee)
    with committed():
        for paper in papers(meeting):
            record(paper, What.PUBLISHED)

    [alert] = alerts_to(EMAIL)
    assert alert.subject == "Papers published: Police and Crime Panel, 2 May 2014"
    assert "MEETINGS OF POLICE AND CRIME PANEL" in alert.body
    assert "Paper published: Report 1\nPart of: Police and Crime Panel, 2 May 2014" in alert.body
    assert "http://127.0.0.1:8000/meetings/test-meeting/items/2/" in alert.body
    html, mimetype = alert.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="http://127.0.0.1:8000/meetings/test-meeting/items/1/"' in html
    assert "Change how often you get these emails" in html


def test_nothing_is_sent_twice(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting)
    published(papers(meeting)[0])

    send_immediately()
    send_immediately()

    assert len(alerts_to(EMAIL)) == 1
    assert Subscription.objects.get().sent_up_to == Change.objects.get().pk


def test_a_change_elsewhere_sends_nothing(client, meeting):
    other = build_meeting(slug="other-meeting", start=timezone.now() + datetime.timedelta(days=9))
    follow_confirmed(client, EMAIL, "meeting", meeting)

    published(other)

    assert alerts_to(EMAIL) == []


def test_a_draft_paper_or_an_exempt_items_paper_sends_nothing(client, admin_client):
    meeting = build_meeting(items=1, exempt_items=1)
    follow_confirmed(client, EMAIL, "everything")
    public, exempt = AgendaItem.objects.filter(meeting=meeting).order_by("number")

    with committed():
        Paper.objects.create(agenda_item=public, title="Draft budget", is_published=False)
        # An officer edits the exempt item's paper in the back office: not public, no change.
        paper = exempt.papers.get()
        admin_client.post(
            reverse("admin:meetings_paper_change", args=[paper.pk]),
            {
                "agenda_item": exempt.pk,
                "title": "Secret report, revised",
                "body_markdown": "Secret",
                "is_published": "on",
                "order": 0,
                "attachments-TOTAL_FORMS": "0",
                "attachments-INITIAL_FORMS": "0",
            },
        )

    assert Paper.objects.filter(title="Secret report, revised").exists()
    assert Change.objects.count() == 0
    assert alerts_to(EMAIL) == []


def test_a_meeting_edited_in_the_back_office_says_what_changed(client, admin_client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting)

    with committed():
        admin_client.post(
            reverse("admin:meetings_meeting_change", args=[meeting.pk]),
            change_form(meeting, venue_name="Barnsley Town Hall", is_published="on"),
        )

    [alert] = alerts_to(EMAIL)
    assert alert.subject == "Meeting changed: Police and Crime Panel, 2 May 2014"
    # (The test's form leaves out when the agenda was published, which so changes too.)
    assert "\nChanged (venue name, " in alert.body


def test_moved_withdrawn_and_minutes_approved_are_said_so(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting, frequency="daily")
    minute = Minute.objects.filter(agenda_item__meeting=meeting).first()
    with committed():
        record(meeting, What.MOVED, summary="Moved to 9 May 2014, 10am")
        record(papers(meeting)[0], What.WITHDRAWN)
        record(minute, What.MINUTES_APPROVED)
    send(Subscription.Frequency.DAILY, Change.objects.order_by("pk").last().pk)

    [digest] = alerts_to(EMAIL)
    assert "Meeting moved: Police and Crime Panel, 2 May 2014" in digest.body
    assert "Moved to 9 May 2014, 10am" in digest.body
    assert "Paper withdrawn: Report 1" in digest.body
    assert f"Minutes approved: {minute}" in digest.body


def test_a_thing_published_and_withdrawn_before_the_digest_is_not_in_it(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting, frequency="daily")
    first, second = papers(meeting)
    published(first)
    published(first, What.WITHDRAWN)
    published(second, What.REVISED)
    published(second, What.REVISED, summary="Changed (title): Report 2")

    send(Subscription.Frequency.DAILY, Change.objects.order_by("pk").last().pk)

    [digest] = alerts_to(EMAIL)
    assert "Report 1" not in digest.body
    assert digest.body.count("Paper changed: Report 2") == 1
    assert "Changed (title): Report 2" in digest.body


def test_a_daily_digest_groups_by_what_is_followed_and_tells_each_change_once(client, meeting):
    plan = build_plan()
    priority = plan.priorities.get()
    action = build_action(meeting.items.first())
    action.priorities.add(priority)
    member = build_member()
    follow_confirmed(client, EMAIL, "priority", priority, frequency="daily")
    follow_confirmed(client, EMAIL, "everything", frequency="daily")
    follow_confirmed(client, EMAIL, "member", member, frequency="daily")

    published(action)  # about the priority, and everything
    published(member)
    published(meeting)
    send(Subscription.Frequency.DAILY, Change.objects.order_by("pk").last().pk)

    [digest] = alerts_to(EMAIL)
    body = digest.body
    priority_part = body.index(priority.title.upper())
    member_part = body.index(str(member).upper())
    everything_part = body.index("EVERYTHING THE PANEL PUBLISHES")
    assert priority_part < member_part < everything_part
    assert body.count("Action log entry published") == 1
    assert body.index("Action log entry published") < member_part
    assert body.index("Meeting published") > everything_part
    assert digest.subject.endswith(", and 2 other changes")


def test_digests_go_at_their_hour_once_and_not_when_nothing_changed(client, meeting, settings):
    settings.ALERTS_DIGEST_HOUR = 7
    follow_confirmed(client, EMAIL, "meeting", meeting, frequency="daily")
    follow_confirmed(client, "weekly@example.org", "meeting", meeting, frequency="weekly")
    monday = timezone.make_aware(datetime.datetime(2026, 12, 7, 6, 59))

    assert send_digests(monday) == 0  # before the hour, no run at all
    assert AlertRun.objects.count() == 0
    send_digests(monday + datetime.timedelta(minutes=1))
    assert alerts_to(EMAIL) == []  # nothing changed: nothing sent

    published(papers(meeting)[0])
    assert alerts_to(EMAIL) == []  # daily: not as it happens
    tuesday = monday + datetime.timedelta(days=1, minutes=5)
    assert send_digests(tuesday) == 1
    assert send_digests(tuesday + datetime.timedelta(hours=3)) == 0
    assert len(alerts_to(EMAIL)) == 1
    assert alerts_to("weekly@example.org") == []
    next_monday = monday + datetime.timedelta(days=7, minutes=1)
    send_digests(next_monday)
    assert len(alerts_to("weekly@example.org")) == 1


def test_a_digest_run_stopped_half_way_carries_on_with_the_same_changes(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting, frequency="daily")
    published(papers(meeting)[0])
    period = services.digest_due(
        Subscription.Frequency.DAILY, timezone.now() + datetime.timedelta(days=1)
    )
    up_to = Change.objects.get().pk
    AlertRun.objects.create(frequency="daily", period=period, up_to=up_to)
    published(papers(meeting)[1])  # after the run began: tomorrow's

    send_digests(timezone.now() + datetime.timedelta(days=1))

    [digest] = alerts_to(EMAIL)
    assert "Report 1" in digest.body and "Report 2" not in digest.body
    assert Subscription.objects.get().sent_up_to == up_to


def test_a_followed_search_finds_new_papers_that_mention_its_words(client, meeting):
    follow_confirmed(client, EMAIL, "search", q="domestic abuse", kind="paper")
    first, second = papers(meeting)
    with committed():
        first.title = "Tackling domestic abuse"
        first.save()
        second.title = "Budget"
        second.save()
        record(first, What.REVISED)
        record(second, What.REVISED)

    [alert] = alerts_to(EMAIL)
    assert "Tackling domestic abuse" in alert.body
    assert "Budget" not in alert.body
    assert "SEARCH: “DOMESTIC ABUSE” IN PAPERS" in alert.body


def test_a_search_waits_for_the_index_to_catch_up(client, meeting, monkeypatch):
    follow_confirmed(client, EMAIL, "search", q="domestic abuse")
    paper = papers(meeting)[0]
    paper.title = "Domestic abuse"
    paper.save()
    monkeypatch.setattr(index, "reindex_changed", lambda **kwargs: None)  # the job not run yet
    published(paper, What.REVISED)
    assert alerts_to(EMAIL) == []
    assert Subscription.objects.get().sent_up_to < Change.objects.get().pk

    monkeypatch.undo()
    with committed():
        index.reindex_changed(saved=[("meetings.paper", paper.pk)])  # the job runs

    [alert] = alerts_to(EMAIL)
    assert "Paper changed: Domestic abuse" in alert.body


def test_the_mail_server_down_loses_nothing_and_sends_once(client, meeting, settings):
    follow_confirmed(client, EMAIL, "meeting", meeting)
    settings.EMAIL_BACKEND = "tests.alerts.test_sending.RefusingBackend"
    published(papers(meeting)[0])
    queued = OutgoingEmail.objects.get(subject__startswith="Paper published")
    assert queued.sent_at is None and queued.attempts >= 1
    assert alerts_to(EMAIL) == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from complaints.services import email_send_queued

    email_send_queued()
    email_send_queued()
    send_immediately()

    assert len(alerts_to(EMAIL)) == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_fixed_number_of_queries_whatever_the_followers(client, meeting, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "100/1m"

    def queries_for(followers):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        Subscription.objects.all().delete()
        for number in range(followers):
            follow_confirmed(
                client, f"f{number}@example.org", "meeting", meeting, frequency="daily"
            )
            client.cookies.clear()
        published(papers(meeting)[0])
        with CaptureQueriesContext(connection) as queries:
            sent = services.send(
                Subscription.Frequency.DAILY, Change.objects.order_by("pk").last().pk
            )
        assert sent == followers
        return len(queries)

    queries_for(1)  # the day's tally is made on the first run
    assert queries_for(3) == queries_for(8)


def test_a_withdrawal_is_told_to_those_told_of_the_publication(client, meeting):
    follow_confirmed(client, EMAIL, "meeting", meeting, frequency="daily")
    follow_confirmed(client, "quick@example.org", "meeting", meeting)
    Subscription.objects.filter(follower__email="quick@example.org").update(frequency="immediately")
    paper = papers(meeting)[0]
    published(paper)  # the immediate follower hears of it now
    with committed():
        Subscription.objects.filter(follower__email="quick@example.org").update(frequency="daily")
    published(paper, What.WITHDRAWN)

    send(Subscription.Frequency.DAILY, Change.objects.order_by("pk").last().pk)

    assert alerts_to(EMAIL) == []  # it never existed for them
    told, withdrawn = alerts_to("quick@example.org")
    assert told.subject.startswith("Paper published: Report 1")
    assert withdrawn.subject.startswith("Paper withdrawn: Report 1")


def test_a_follower_waiting_for_the_index_hears_of_a_change_once(client, meeting, monkeypatch):
    follow_confirmed(client, EMAIL, "search", q="domestic abuse")
    follow_confirmed(client, EMAIL, "meeting", meeting)
    paper = papers(meeting)[0]
    paper.title = "Domestic abuse"
    paper.save()
    monkeypatch.setattr(index, "reindex_changed", lambda **kwargs: None)
    published(paper, What.REVISED)
    assert alerts_to(EMAIL) == []  # the meeting's follower waits with the search

    monkeypatch.undo()
    with committed():
        index.reindex_changed(saved=[("meetings.paper", paper.pk)])
    send_immediately()

    [alert] = alerts_to(EMAIL)
    assert alert.body.count("Paper changed: Domestic abuse") == 1
