import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db


def test_current_plan_page_shows_vision_mission_and_priorities(client, plan):
    response = client.get(reverse("plans:current"))

    assert response.status_code == 200
    assert "<title>Police and Crime Plan – South Yorkshire Police and Crime Panel</title>" in (
        response.text
    )
    assert "A safe county" in response.text
    assert "Fewer crimes" in response.text
    assert f'href="{plan.priorities.get().get_absolute_url()}"' in response.text
    assert 'aria-label="Breadcrumb"' in response.text


def test_current_plan_page_has_an_honest_empty_state(client, db):
    build_plan(status=Plan.Status.DRAFT)

    response = client.get(reverse("plans:current"))

    assert "The current plan has not been published on this site yet." in response.text
    assert "Plan test-plan" not in response.text


def test_plan_list_shows_published_plans_and_never_drafts(client, db):
    build_plan(slug="current-plan")
    build_plan(slug="old-plan", status=Plan.Status.SUPERSEDED)
    build_plan(slug="draft-plan", status=Plan.Status.DRAFT)

    response = client.get(reverse("plans:plan-list"))

    assert response.status_code == 200
    assert 'href="/plans/current-plan/"' in response.text
    assert 'href="/plans/old-plan/"' in response.text
    assert "draft-plan" not in response.text


def test_draft_plan_and_its_priorities_are_not_found(client, db):
    build_plan(slug="draft-plan", status=Plan.Status.DRAFT)

    assert client.get("/plans/draft-plan/").status_code == 404
    assert client.get("/plans/draft-plan/priority-0/").status_code == 404


def test_superseded_plan_is_still_public(client, db):
    build_plan(slug="old-plan", status=Plan.Status.SUPERSEDED)

    assert client.get("/plans/old-plan/").status_code == 200
    assert client.get("/plans/old-plan/priority-0/").status_code == 200


def test_unknown_priority_is_not_found(client, plan):
    assert client.get("/plans/test-plan/no-such-priority/").status_code == 404


def test_plan_page_shows_funding_with_totals_and_variation(client, plan):
    response = client.get(plan.get_absolute_url())

    assert response.status_code == 200
    assert f"<title>{plan.title} – South Yorkshire Police and Crime Panel</title>" in response.text
    numbers = re.findall(r'govuk-table__cell--numeric[^"]*">([^<]*)<', response.text)
    # Grant 209.0 -> 199.6 (-9.4); Precept 45.8 -> 47.3 (+1.5); total 254.8 -> 246.9 (-7.9).
    assert numbers[:9] == [
        "209.0",
        "199.6",
        "-9.4",
        "45.8",
        "47.3",
        "+1.5",
        "254.8",
        "246.9",
        "-7.9",
    ]
    assert ">Total funding</th>" in response.text
    assert "2013/14 (£m)" in response.text


def test_plan_page_shows_workforce_and_glossary(client, plan):
    response = client.get(plan.get_absolute_url())

    assert "31 March 2013" in response.text
    assert ">2,760</td>" in response.text
    assert '<dt class="govuk-summary-list__key">ASB</dt>' in response.text
    assert "Anti-social Behaviour" in response.text


def test_priority_page_shows_outcomes_commitments_status_and_latest_update(client, plan):
    priority = plan.priorities.get()

    response = client.get(priority.get_absolute_url())

    assert response.status_code == 200
    assert "Outcome 0" in response.text
    assert "Commitment 0" in response.text
    assert "govuk-tag--green" in response.text
    assert ">On track</strong>" in response.text
    assert "Latest update, 1 June 2014: Update 0" in response.text
    assert f'href="{plan.get_absolute_url()}"' in response.text


def test_measure_chart_is_accessible_svg_with_a_table_of_the_same_numbers(client, db):
    plan = build_plan(readings=3)

    html = client.get(plan.priorities.get().get_absolute_url()).text

    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert re.search(r'aria-labelledby="(\S+)-title \1-desc"', svg)
    assert "<title " in svg and "<desc " in svg
    assert svg.count("<rect ") == 3
    chart_values = re.findall(r'font-weight="bold">([^<]*)<', svg)
    table = html[html.index("<table", html.index("</svg>")) :]
    table_values = re.findall(r'govuk-table__cell--numeric">([^<]*)<', table)
    assert chart_values == table_values == ["1,000", "1,010", "1,020"]
    for value in ["1,000 crimes", "1,010 crimes", "1,020 crimes"]:
        assert value in re.search(r"<desc .*?</desc>", svg, re.S).group(0)
    assert "style=" not in html
    assert "<style" not in html
    assert "<script>" not in html


def test_chart_draws_negative_values_below_the_baseline(client, db):
    from plans.charts import bar_chart
    from plans.models import Measure, MeasureReading

    plan = build_plan()
    measure = Measure.objects.get(priority__plan=plan)
    reading = MeasureReading.objects.get(measure=measure)
    reading.value = -3040
    chart = bar_chart(measure, [reading])

    (bar,) = chart.bars
    assert bar.y == chart.baseline_y
    assert bar.height > 1
    assert bar.value_text == "-3,040"


@pytest.mark.parametrize("size", [1, 8])
def test_each_page_makes_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, size):
    plan = build_plan(priorities=size, measures=size, readings=size)
    build_plan(slug=f"old-{size}", status=Plan.Status.SUPERSEDED, priorities=size)
    priority = plan.priorities.first()

    with django_assert_max_num_queries(3):  # with when the plan last changed
        assert client.get(reverse("plans:current")).status_code == 200
    with django_assert_max_num_queries(3):  # with when the list last changed
        assert client.get(reverse("plans:plan-list")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(plan.get_absolute_url()).status_code == 200
    # The priority, outcomes, commitments, updates, measures, readings; the trail's items, papers
    # and actions.
    with django_assert_max_num_queries(9):
        assert client.get(priority.get_absolute_url()).status_code == 200


def test_home_page_lists_the_current_plans_priorities(client, plan):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))

    # The plan's part of the home page; the meetings app pins its own.
    assert len([query for query in queries if '"plans_' in query["sql"]]) == 2

    assert f'href="{plan.priorities.get().get_absolute_url()}">Priority 0</a>' in response.text
    assert "The current Police and Crime Plan has not been published" not in response.text


def test_home_page_has_an_empty_state_without_a_current_plan(client, db):
    build_plan(status=Plan.Status.DRAFT)

    response = client.get(reverse("home"))

    assert "The current Police and Crime Plan has not been published" in response.text


def test_officer_text_is_split_into_paragraphs_and_escaped(client, plan):
    plan.summary = "First <script>alert(1)</script>\r\n\r\nSecond"
    plan.save()

    response = client.get(plan.get_absolute_url())

    assert '<p class="govuk-body">First &lt;script&gt;alert(1)&lt;/script&gt;</p>' in response.text
    assert '<p class="govuk-body">Second</p>' in response.text
