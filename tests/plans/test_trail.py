"""The scrutiny trail on a priority's page: what the panel did about it, newest first."""

import datetime
import re

import pytest
from django.utils import timezone

from meetings.models import Action, AgendaItem, Paper
from plans.models import Plan
from tests.meetings.factories import build_meeting
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 13, 30))


def trail_of(response):
    """The trail's part of the page."""
    html = response.text
    return html[html.index('id="scrutiny"') :]


def add_action(item, priority, **fields):
    action = Action.objects.create(
        agenda_item=item,
        kind=Action.Kind.INSPECTION_RECOMMENDATION,
        text=fields.pop("text", f"Recommendation on {item.title}"),
        owner="Chief Constable",
        **fields,
    )
    action.priorities.add(priority)
    return action


@pytest.fixture
def priority(db):
    return build_plan().priorities.get()


def test_the_trail_lists_items_their_reports_and_recommendations(client, priority):
    meeting = build_meeting(start=at(2014, 5, 2), items=2)
    item = meeting.items.get(number=1)
    item.priorities.add(priority)
    action = add_action(
        item, priority, reference="Recommendation 3", status=Action.Status.IN_PROGRESS
    )

    trail = trail_of(client.get(priority.get_absolute_url()))

    assert f'<a class="govuk-link" href="{item.get_absolute_url()}">Item 1: Item 1</a>' in trail
    assert 'Police and Crime Panel, <time datetime="2014-05-02">2 May 2014</time>' in trail
    assert f'<a class="govuk-link" href="{item.get_absolute_url()}">Report 1</a>' in trail
    assert f'<a class="govuk-link" href="{action.get_absolute_url()}">Recommendation 3</a>' in trail
    assert "Recommendation on Item 1" in trail
    assert ">In progress</strong>" in trail
    # Item 2 is on the same agenda but not about this priority.
    assert "Item 2" not in trail
    assert "Report 2" not in trail


def test_an_item_is_listed_for_a_recommendation_on_the_priority_and_only_once(client, priority):
    other = build_plan(slug="other-plan", status=Plan.Status.SUPERSEDED).priorities.get()
    meeting = build_meeting(start=at(2014, 5, 2), items=1)
    item = meeting.items.get()
    item.priorities.add(priority, other)
    add_action(item, priority, reference="Recommendation 1")
    add_action(item, priority, reference="Recommendation 2")
    add_action(item, other, reference="Recommendation 9")
    later = build_meeting(slug="later", start=at(2014, 7, 30), items=1)
    add_action(later.items.get(), priority, reference="Resolution (1)")

    trail = trail_of(client.get(priority.get_absolute_url()))

    assert trail.count(">Item 1: Item 1</a>") == 2  # one item at each meeting
    assert ">Recommendation 1</a>" in trail
    assert ">Recommendation 2</a>" in trail
    assert ">Resolution (1)</a>" in trail
    assert "Recommendation 9" not in trail
    # An item on the trail brings its reports, the context of its recommendations.
    assert trail.count(">Report 1</a>") == 2


def test_the_trail_is_newest_first_and_in_agenda_order_within_a_meeting(client, priority):
    meetings = [
        build_meeting(slug="march", start=at(2014, 3, 31), items=1),
        build_meeting(slug="july", start=at(2014, 7, 30), items=1),
        build_meeting(slug="may", start=at(2014, 5, 2), items=3),
    ]
    for meeting in meetings:
        for item in meeting.items.all():
            item.priorities.add(priority)
    AgendaItem.objects.filter(meeting__slug="may", number=3).update(order=0)

    trail = trail_of(client.get(priority.get_absolute_url()))

    dates = re.findall(r'<time datetime="([^"]+)">', trail)
    assert dates == ["2014-07-30", "2014-05-02", "2014-05-02", "2014-05-02", "2014-03-31"]
    may = re.findall(r'href="/meetings/may/items/(\d+)/">Item', trail)
    assert may == ["3", "1", "2"]


def test_draft_meetings_exempt_papers_and_unpublished_papers_stay_off_the_trail(client, priority):
    draft = build_meeting(slug="draft", start=at(2014, 6, 1), items=1, is_published=False)
    draft_item = draft.items.get()
    draft_item.title = "A draft item"
    draft_item.save()
    draft_item.priorities.add(priority)
    add_action(draft_item, priority, text="A draft recommendation")

    meeting = build_meeting(start=at(2014, 5, 2), items=1, exempt_items=1)
    exempt = meeting.items.get(number=2)
    exempt.priorities.add(priority)
    add_action(exempt, priority, text="An exempt recommendation")
    public = meeting.items.get(number=1)
    public.priorities.add(priority)
    Paper.objects.create(agenda_item=public, title="Unpublished report", is_published=False)

    response = client.get(priority.get_absolute_url())
    trail = trail_of(response)

    # The exempt item is on the public agenda, so it is listed: never its papers.
    assert f'href="{exempt.get_absolute_url()}">Item 2: Item 2</a>' in trail
    assert "Taken in private: its papers are not published." in trail
    assert "Report 2" not in response.text
    assert "Secret paper" not in response.text
    assert "An exempt recommendation" not in response.text
    assert ">Report 1</a>" in trail
    assert "Unpublished report" not in response.text
    assert "A draft item" not in response.text
    assert "A draft recommendation" not in response.text
    assert "/meetings/draft/" not in response.text


def test_a_priority_nobody_has_scrutinised_has_an_empty_state(client, priority):
    build_meeting(items=2)

    trail = trail_of(client.get(priority.get_absolute_url()))

    assert "The panel has not yet scrutinised this priority" in trail
    assert "<ol" not in trail


@pytest.mark.parametrize("size", [1, 20])
def test_the_trail_makes_a_fixed_number_of_queries(
    client, priority, django_assert_max_num_queries, size
):
    for index in range(size):
        meeting = build_meeting(slug=f"meeting-{index}", start=at(2014, 1, 1 + index), items=2)
        for item in meeting.items.all():
            item.priorities.add(priority)
            add_action(item, priority)

    # The priority and its parts (6), then the trail's items, papers and actions (3).
    with django_assert_max_num_queries(9):
        response = client.get(priority.get_absolute_url())

    assert trail_of(response).count("<time ") == 2 * size
    assert trail_of(response).count(">Report ") == 2 * size
    assert trail_of(response).count("Recommendation on Item") == 2 * size
