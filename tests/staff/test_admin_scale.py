"""The back office at scale: every list and form of every registered admin runs as many queries
with many rows as with one, counts a long list once, and offers no select box of every row of a
big table (issue 8). The admins are read from the registry, so a new one is covered at once."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from alerts.models import AlertTally, Follower, Subscription, Webhook, WebhookDelivery
from changes.models import Change
from changes.services import record
from complaints.models import Complaint, ComplaintView, Letter, OutgoingEmail, StageChange
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    Member,
    Membership,
    Minute,
    Paper,
    Resolution,
)
from plans.models import Office, OfficeHolder, Plan
from tests.complaints.factories import build_complaint, build_holder, build_question
from tests.meetings.factories import build_action, build_meeting, build_member, committee
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)
ADMIN_IDS = [model._meta.label for model, _ in REGISTERED]

# Many enough that a query made once a row shows; few enough to build quickly.
MANY = 12


def add_rows(first, last):
    """Rows numbered first..last-1 of every model, those after the first attached to the first
    object of each model (whose change form the tests open), so that its inlines grow too."""
    for n in range(first, last):
        meeting = build_meeting(slug=f"meeting-{n}", items=1)
        item = meeting.items.get()
        member = build_member(slug=f"member-{n}")
        build_action(item, reference=f"Recommendation {n}")
        plan = build_plan(slug=f"plan-{n}", status="current" if n == 1 else "superseded")
        holder = build_holder(f"Holder {n}")
        complaint = build_complaint(holder=holder)
        build_question(meeting)
        user = User.objects.create_user(username=f"officer-{n}", is_staff=True)
        group = Group.objects.create(name=f"Group {n}")
        group.permissions.set(Permission.objects.order_by("pk")[:3])
        user.groups.add(group)
        TOTPDevice.objects.create(user=user, name=f"App {n}", confirmed=True)
        OutgoingEmail.objects.create(subject=f"Email {n}", topic="question", to="a@example.com")
        sign_in = {"username": f"officer-{n}", "ip_address": "192.0.2.1", "user_agent": "ua"}
        AccessAttempt.objects.create(**sign_in, failures_since_start=1)
        AccessLog.objects.create(**sign_in)
        AccessFailureLog.objects.create(**sign_in)
        change = record(meeting, Change.What.PUBLISHED)
        follower = Follower.objects.create(email=f"follower-{n}@example.org")
        Subscription.objects.create(follower=follower, what="meeting", object_id=meeting.pk)
        AlertTally.objects.create(day=datetime.date(2026, 1, n), emails=n)
        webhook = Webhook.objects.create(name=f"Partner {n}", endpoint="https://example.org/")
        WebhookDelivery.objects.create(webhook=webhook, change=change)
        DBTaskResult.objects.create(
            args_kwargs={"args": [[], []], "kwargs": {}},
            task_path="search.tasks.reindex",
            backend_name="default",
            status="FAILED",
            worker_ids=["worker-1"],
            exception_class_path="builtins.ValueError",
            traceback="Traceback: ValueError",
        )

        # Children of the first object of each model, one more each time.
        first_meeting = Meeting.objects.order_by("pk").first()
        first_item = first_meeting.items.order_by("pk").first()
        Attendance.objects.create(meeting=first_meeting, member=member)
        AgendaItem.objects.create(meeting=first_meeting, number=n + 100, order=n + 100, title="A")
        Paper.objects.create(agenda_item=first_item, title=f"Paper {n}", is_published=True)
        build_action(first_item, reference=f"Action {n}")
        first_minute = Minute.objects.order_by("pk").first()
        Resolution.objects.create(minute=first_minute, number=n + 100, text="Resolved")
        first_action = Action.objects.order_by("pk").first()
        first_action.responses.create(date=datetime.date(2014, 6, 1), given_by="PCC", text="R")
        other = Committee.objects.create(name=f"Committee {n}", slug=f"committee-{n}")
        Membership.objects.create(member=Member.objects.order_by("pk").first(), committee=other)
        add_plan_children(Plan.objects.order_by("pk").first(), n)
        OfficeHolder.objects.create(office=Office.objects.order_by("pk").first(), name=f"H {n}")
        first_complaint = Complaint.objects.order_by("pk").first()
        StageChange.objects.create(
            complaint=first_complaint, from_stage="received", to_stage="recorded"
        )
        Letter.objects.create(complaint=first_complaint, kind="acknowledgement", body="Dear")
        ComplaintView.objects.create(complaint=first_complaint, username="officer", what="record")
        assert plan and complaint


def add_plan_children(plan, n):
    plan.priorities.create(order=n + 100, title=f"Priority {n}", slug=f"extra-priority-{n}")
    plan.glossary_terms.create(term=f"Term {n}", definition="A word.")
    priority = plan.priorities.order_by("pk").first()
    priority.outcomes.create(text=f"Outcome {n}")
    commitment = priority.commitments.create(text=f"Commitment {n}")
    priority.commitments.order_by("pk").first().updates.create(
        date=datetime.date(2014, 6, 1), text=f"Update {n}"
    )
    measure = priority.measures.order_by("pk").first()
    measure.readings.create(
        period=f"{1900 + n}/{n}", period_end=datetime.date(1900 + n, 3, 31), value=n
    )
    assert commitment


def pages(model):
    """The changelist and the change form of the model's first object."""
    info = model._meta.app_label, model._meta.model_name
    first = model._default_manager.order_by("pk").first()
    return [
        reverse("admin:{}_{}_changelist".format(*info)),
        reverse("admin:{}_{}_change".format(*info), args=[first.pk]),
    ]


def queries_for(client, url):
    client.get(url)  # The session's first request may write to it; the one measured does not.
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=ADMIN_IDS)
def test_lists_and_forms_take_as_many_queries_with_many_rows_as_with_one(
    admin_client, model, model_admin
):
    add_rows(1, 2)
    counts = {url: len(queries_for(admin_client, url)) for url in pages(model)}

    add_rows(2, MANY + 1)

    for url, count in counts.items():
        queries = queries_for(admin_client, url)
        assert len(queries) == count, (url, "\n".join(queries))


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=ADMIN_IDS)
def test_a_long_list_is_counted_once(admin_client, model, model_admin):
    add_rows(1, 3)
    changelist = pages(model)[0]

    counts = [sql for sql in queries_for(admin_client, changelist) if "COUNT(" in sql.upper()]

    # The paginator's count of the (filtered) list, and not a second of the whole table.
    assert not model_admin.show_full_result_count
    assert len(counts) <= 1, counts


def big_tables(size):
    """`size` members, meetings, agenda items, papers, minutes and resolutions, in bulk."""
    council_committee = committee()
    start = timezone.make_aware(datetime.datetime(2014, 1, 1, 10))
    members = Member.objects.bulk_create(
        Member(name=f"Member {n}", slug=f"big-member-{n}") for n in range(size)
    )
    # Ten members a committee, as where one site serves many panels and committees.
    committees = Committee.objects.bulk_create(
        Committee(name=f"Big committee {n}", slug=f"big-committee-{n}") for n in range(size // 10)
    )
    Membership.objects.bulk_create(
        Membership(member=member, committee=committees[n // 10]) for n, member in enumerate(members)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=council_committee,
            slug=f"big-{n}",
            start=start + n * timezone.timedelta(days=1),
        )
        for n in range(size)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, number=1, order=1, title="Item") for meeting in meetings
    )
    Paper.objects.bulk_create(Paper(agenda_item=item, title="Paper") for item in items)
    minutes = Minute.objects.bulk_create(
        Minute(agenda_item=item, number=f"B{n}", title="Minute") for n, item in enumerate(items)
    )
    Resolution.objects.bulk_create(
        Resolution(minute=minute, number=1, text="R") for minute in minutes
    )


SELECT = re.compile(r"<select[^>]*\sname=\"([^\"]*)\"[^>]*>(.*?)</select>", re.S)
# Django's own lists of permissions: as long as the code makes them, whatever the data.
FIXED_LISTS = {"user_permissions", "permissions"}


def test_no_form_offers_a_select_box_of_a_big_table(admin_client, admin_user, rf):
    add_rows(1, 2)
    big_tables(300)
    request = rf.get("/admin/")
    request.user = admin_user
    long_lists = []
    for model, model_admin in REGISTERED:
        info = model._meta.app_label, model._meta.model_name
        urls = [pages(model)[1]]
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        for url in urls:
            html = admin_client.get(url).text
            for name, options in SELECT.findall(html):
                count = options.count("<option")
                if count > 100 and name.split("-")[-1] not in FIXED_LISTS:
                    long_lists.append((url, name, count))

    assert long_lists == [], long_lists
