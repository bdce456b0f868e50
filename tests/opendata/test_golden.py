"""
The open data's answers, pinned byte for byte: what consumers of the API read today must read the
same tomorrow. The answers in golden/responses.json were recorded from the hand-written API that
came before the library (panel_site/api.py) on the data below; GOLDEN_UPDATE=1 records them again
(only do that for a change consumers are told about).

Ids are the same on SQLite and PostgreSQL: each test starts the tables' id sequences from 1.
"""

import datetime
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from meetings.models import Action, ActionResponse, Attendance, Meeting, Membership
from plans.models import MeasureReading
from tests.complaints.factories import build_complaint, build_question
from tests.meetings.factories import build_action, build_meeting, build_member
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden" / "responses.json"
# The headers a consumer may rely on. (Date-like and per-request headers are left out.)
HEADERS = ["Content-Type", "Access-Control-Allow-Origin", "Content-Disposition", "Allow"]


def first_ids_in_every_table():
    """Start every id sequence after the rows already there, as on a fresh database, so that
    PostgreSQL (whose sequences go on after a rolled-back test) gives the same ids as SQLite."""
    models = [
        model
        for config in apps.get_app_configs()
        if config.label in ("meetings", "plans", "complaints")
        for model in config.get_models()
    ]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@pytest.fixture
def dataset():
    """Some of everything the API publishes, and some of what it must not, with fixed dates."""
    first_ids_in_every_table()
    plan = build_plan(priorities=2, measures=1, readings=2)
    MeasureReading.objects.create(
        measure=plan.priorities.get(order=0).measures.get(),
        period="2012/13",
        period_end=datetime.date(2013, 3, 31),
        area=MeasureReading.Area.BARNSLEY,
        value=Decimal("12.5"),
    )
    build_plan(slug="draft-plan", status="draft")
    meeting = build_meeting(items=2, exempt_items=1, attachments=True)
    meeting.venue_name = "Café Suite – “The Annexe”"
    meeting.officers_in_attendance = (
        "Fiona Topliss (Panel Officer)\n\nMichelle Buttery (Chief Executive)\n"
    )
    meeting.save()
    earlier = build_meeting(
        slug="earlier",
        start=timezone.make_aware(datetime.datetime(2013, 11, 1, 10, 0)),
        items=1,
    )
    Meeting.objects.filter(pk=earlier.pk).update(status=Meeting.Status.HELD)
    build_meeting(
        slug="far-future",
        start=timezone.make_aware(datetime.datetime(2099, 1, 9, 10, 0)),
        items=1,
        minutes=False,
    )
    build_meeting(slug="draft-meeting", is_published=False, items=1)
    public_item, exempt_item = meeting.items.get(number=1), meeting.items.get(number=3)
    public_item.priorities.set(plan.priorities.all())
    due = datetime.date(2014, 8, 1)
    action = build_action(public_item, due_date=due, responses=2)
    action.priorities.set(plan.priorities.all())
    action.resolution = public_item.minute.resolutions.get()
    action.save()
    build_action(
        earlier.items.get(),
        reference="Resolution 2",
        kind=Action.Kind.RESOLUTION,
        status=Action.Status.COMPLETED,
        completed_on=datetime.date(2014, 1, 6),
        due_date=None,
        responses=0,
    )
    build_action(exempt_item, reference="Secret recommendation", due_date=due)
    member = build_member(slug="j-akhtar")
    co_opted = build_member(slug="a-carter", council_name=None)
    chair = build_member(slug="z-bell", council_name="Barnsley Metropolitan Borough Council")
    chair.name = "Zoë Bell"
    chair.save()
    Membership.objects.filter(member=chair).update(
        role=Membership.Role.CHAIR, start=datetime.date(2012, 11, 22)
    )
    for attendee, status, note in [
        (member, "present", "Chair"),
        (co_opted, "apologies", ""),
        (chair, "substitute", "For Cllr Smith, with a comma"),
    ]:
        Attendance.objects.create(meeting=meeting, member=attendee, status=status, note=note)
    Attendance.objects.create(meeting=earlier, member=member)
    build_question(meeting)
    build_complaint()
    ActionResponse.objects.filter(action=action, date=datetime.date(2014, 5, 2)).update(
        text='A reply with "quotes", commas and a\nsecond line.'
    )
    return {"meeting": meeting, "public_item": public_item, "exempt_item": exempt_item}


LISTS = [
    "meetings",
    "agenda-items",
    "papers",
    "persons",
    "organizations",
    "memberships",
    "attendance",
    "resolutions",
    "actions",
    "plans",
    "priorities",
    "measures",
    "readings",
]
CASES = [
    *(f"/api/{name}/" for name in LISTS),
    *(f"/api/{name}/1/" for name in LISTS if name != "organizations"),
    "/api/agenda-items/3/",
    "/api/agenda-items/4/",
    "/api/organizations/committee-1/",
    "/api/organizations/council-1/",
    "/api/organizations/council-2/",
    # Pagination: first, middle and last page, the page size cap, and pages that are not there.
    "/api/meetings/?page_size=1",
    "/api/meetings/?page_size=1&page=2",
    "/api/meetings/?page_size=1&page=3",
    "/api/agenda-items/?page=1&page_size=2&meeting=1",
    "/api/readings/?page_size=100000",
    "/api/meetings/?page=4",
    "/api/meetings/?page=99999999999",
    "/api/meetings/?page=0",
    "/api/meetings/?page=-1",
    "/api/meetings/?page=abc",
    "/api/meetings/?page=" + "9" * 30,
    "/api/meetings/?page_size=0",
    "/api/meetings/?page_size=1.5",
    "/api/actions/?kind=panel_recommendation",
    # Filters, and values they cannot read.
    "/api/meetings/?year=2014",
    "/api/meetings/?year=2013",
    "/api/meetings/?year=1999",
    "/api/meetings/?year=0000",
    "/api/meetings/?year=12345",
    "/api/meetings/?year=",
    "/api/meetings/?meeting=1",
    "/api/agenda-items/?meeting=2",
    "/api/agenda-items/?meeting=999",
    "/api/agenda-items/?meeting=abc",
    "/api/agenda-items/?meeting=%C2%B2",
    "/api/agenda-items/?meeting=" + "9" * 30,
    "/api/agenda-items/?meeting=1&meeting=2",
    "/api/papers/?meeting=1",
    "/api/papers/?agenda_item=2",
    "/api/papers/?meeting=1&agenda_item=5",
    "/api/persons/?person=1",
    "/api/organizations/?page_size=1&page=2",
    "/api/memberships/?person=2",
    "/api/memberships/?organization=committee-1",
    "/api/memberships/?organization=council-2",
    "/api/memberships/?organization=party-1",
    "/api/memberships/?organization=committee-x",
    "/api/attendance/?meeting=1",
    "/api/attendance/?person=1",
    "/api/attendance/?person=x",
    "/api/resolutions/?meeting=2",
    "/api/resolutions/?agenda_item=1",
    "/api/actions/?meeting=1",
    "/api/actions/?status=open",
    "/api/actions/?status=completed&kind=resolution",
    "/api/actions/?status=closed",
    "/api/actions/?kind=x",
    "/api/plans/?plan=1",
    "/api/priorities/?plan=1",
    "/api/priorities/?plan=2",
    "/api/measures/?priority=2",
    "/api/measures/?plan=1",
    "/api/readings/?measure=1",
    "/api/readings/?priority=2",
    "/api/readings/?area=barnsley",
    "/api/readings/?area=yorkshire",
    "/api/readings/?measure=1&area=south_yorkshire",
    # Records and lists that are not there, or not public.
    "/api/nothing/",
    "/api/nothing/1/",
    "/api/meetings/4/",
    "/api/meetings/999/",
    "/api/meetings/abc/",
    "/api/meetings/" + "9" * 40 + "/",
    "/api/meetings/%C2%B2/",
    "/api/agenda-items/5/",
    "/api/papers/3/",
    "/api/resolutions/3/",
    "/api/actions/3/",
    "/api/plans/2/",
    "/api/priorities/3/",
    "/api/measures/3/",
    "/api/readings/6/",
    "/api/organizations/committee-99/",
    "/api/organizations/council-x/",
    "/api/organizations/party-1/",
    "/api/organizations/1/",
    # The CSV files.
    "/api/attendance.csv",
    "/api/attendance.csv?meeting=1",
    "/api/attendance.csv?person=1",
    "/api/attendance.csv?meeting=999",
    "/api/attendance.csv?page=2",
    "/api/readings.csv",
    "/api/readings.csv?measure=1",
    "/api/readings.csv?area=barnsley",
    "/api/readings.csv?measure=x",
]
# Methods the API does not take: answered in JSON, with Allow.
OTHER_METHODS = [
    ("post", "/api/meetings/"),
    ("delete", "/api/meetings/1/"),
    ("put", "/api/attendance.csv"),
    ("options", "/api/meetings/"),
]


def answer(response):
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8")
    return {
        "status": response.status_code,
        "headers": {name: response[name] for name in HEADERS if response.has_header(name)},
        "body": body,
    }


def documentation_page(client):
    """The /api/ page's main content (the page around it is the site's)."""
    text = client.get("/api/").content.decode("utf-8")
    return re.search(r"<main.*</main>", text, re.DOTALL).group(0)


def all_answers(client):
    answers = {url: answer(client.get(url)) for url in CASES}
    for method, url in OTHER_METHODS:
        answers[f"{method.upper()} {url}"] = answer(getattr(client, method)(url))
    answers["documentation page"] = documentation_page(client)
    return answers


def test_the_ids_are_those_the_cases_name(dataset):
    assert dataset["meeting"].pk == 1
    assert dataset["exempt_item"].pk == 3


def test_every_answer_is_as_recorded(client, dataset):
    answers = all_answers(client)
    if os.environ.get("GOLDEN_UPDATE"):
        GOLDEN.write_text(json.dumps(answers, indent=1, ensure_ascii=False) + "\n")
    recorded = json.loads(GOLDEN.read_text())

    assert list(answers) == list(recorded)
    differing = [case for case, expected in recorded.items() if answers[case] != expected]
    assert not differing
    assert answers == recorded
