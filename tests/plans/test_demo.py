from decimal import Decimal

import pytest
from django.apps import apps

from plans import demo
from plans.models import Measure, MeasureReading, Office, OfficeHolder, Plan

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
    assert first["Plan"] == 1
    assert first["Priority"] == 3


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
    # The seeds name no holder of the Mayor's office, and hold one version of the plan only.
    assert not OfficeHolder.objects.filter(office__name=demo.MAYOR).exists()
    assert plan.refreshes is None


def test_demo_clear_removes_what_load_added():
    demo.load()
    demo.clear()

    assert not Plan.objects.exists()
    assert not Measure.objects.exists()
    assert not Office.objects.exists()


def test_demo_pages_render(client):
    demo.load()
    plan = Plan.objects.get()

    assert (
        "3,040"
        in client.get(plan.get_absolute_url() + "reducing-crime-and-anti-social-behaviour/").text
    )
    response = client.get(plan.get_absolute_url())
    assert ">256.6<" in response.text
    assert ">254.3<" in response.text
    assert ">-2.3<" in response.text
