from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from plans import demo
from plans.models import (
    Commitment,
    Measure,
    MeasureReading,
    Office,
    OfficeHolder,
    Outcome,
    Plan,
)

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count() for model in apps.get_app_config("plans").get_models()
    }


def test_demo_load_is_idempotent():
    demo.load()
    first = counts()
    demo.load()

    assert counts() == first
    # The refreshed plan of April 2014 and the plan of 2013 it refreshes.
    assert first["Plan"] == 2
    assert first["Priority"] == 6


def test_demo_plan_has_the_seed_figures():
    demo.load()
    plan = Plan.objects.published().current().get()

    assert plan.vision == (
        "To make South Yorkshire the safest place to live, learn, work and run businesses"
    )
    assert plan.funding_totals() == {
        "previous": Decimal("256.6"),
        "current": Decimal("254.3"),
        "variation": Decimal("-2.3"),
    }
    assert [p.title for p in plan.priorities.all()] == [
        "Reducing crime and anti-social behaviour",
        "Protecting vulnerable people",
        "Improving visible policing",
    ]
    assert plan.priorities.get(order=1).outcomes.count() == 7
    assert plan.glossary_terms.count() == 11
    assert plan.workforce_figures.count() == 12
    assert MeasureReading.objects.get(measure__slug="recorded-crime-change-number").value == -3040
    assert MeasureReading.objects.get(measure__slug="reoffending-rate").value == Decimal("10.05")
    # The seeds name no holder of the Mayor's office.
    assert not OfficeHolder.objects.filter(office__name=demo.MAYOR).exists()
    assert plan.refreshes.slug == demo.FIRST_PLAN_SLUG


def test_demo_clear_removes_what_load_added():
    demo.load()
    demo.clear()

    assert not Plan.objects.exists()
    assert not Measure.objects.exists()
    assert not Office.objects.exists()


def test_demo_pages_render(client):
    demo.load()
    plan = Plan.objects.get(slug=demo.PLAN_SLUG)

    assert (
        "3,040"
        in client.get(plan.get_absolute_url() + "reducing-crime-and-anti-social-behaviour/").text
    )
    response = client.get(plan.get_absolute_url())
    assert ">256.6<" in response.text
    assert ">254.3<" in response.text
    assert ">-2.3<" in response.text


def test_demo_has_the_first_plan_and_the_comparison_shows_what_the_seeds_say_changed(client):
    demo.load()
    first = Plan.objects.get(slug=demo.FIRST_PLAN_SLUG)
    refresh = Plan.objects.get(slug=demo.PLAN_SLUG)

    assert first.status == Plan.Status.SUPERSEDED
    assert first.vision == refresh.vision
    assert [p.title for p in first.priorities.all()] == [p.title for p in refresh.priorities.all()]
    # The seeds hold none of the first plan's outcomes or commitments: none are made up.
    assert not Outcome.objects.filter(priority__plan=first).exists()
    assert not Commitment.objects.filter(priority__plan=first).exists()
    assert "not recorded" in client.get(first.get_absolute_url()).text

    html = client.get(
        reverse("plans:compare"), {"from": demo.FIRST_PLAN_SLUG, "to": demo.PLAN_SLUG}
    ).text
    assert "Priority changed: <a" in html
    assert ">Protecting vulnerable people</a></h3>" in html
    assert "Summary before" in html and "first year" in html
    assert "Summary after" in html and "women&#x27;s safety" in html
    # Not "added": the first plan's outcomes and commitments are not on the site to compare.
    assert "Outcomes added" not in html
    assert "Commitments added" not in html
    assert "records no outcomes or commitments for this priority" in html


def test_demo_priority_page_shows_readings_by_district_as_sample_content(client):
    demo.load()
    measure = Measure.objects.get(slug=demo.SAMPLE_DISTRICT_MEASURE)

    assert {reading.get_area_display() for reading in measure.readings.all()} == {
        "Barnsley",
        "Doncaster",
        "Rotherham",
        "Sheffield",
    }
    html = client.get(measure.priority.get_absolute_url()).text
    assert f">{measure.name} by district, {measure.readings.first().period}</title>" in html
    assert "Sample content" in html
    assert "Sample content" in measure.name + measure.description
