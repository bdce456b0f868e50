"""What the public may read of a plan, said once per model: the parts of a published plan,
never those of a draft."""

import pytest

from plans.models import (
    Commitment,
    CommitmentUpdate,
    Measure,
    MeasureReading,
    Outcome,
    Plan,
    Priority,
)
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

PARTS = [Priority, Outcome, Commitment, CommitmentUpdate, Measure, MeasureReading]


def plan_of(row):
    """The plan a row belongs to, whatever kind of part it is."""
    for step in ["measure", "commitment", "priority", "plan"]:
        row = getattr(row, step, row)
    return row


@pytest.mark.parametrize("model", PARTS, ids=lambda model: model.__name__)
def test_only_the_parts_of_published_plans_are_public(model):
    current = build_plan(slug="current")
    superseded = build_plan(slug="superseded", status=Plan.Status.SUPERSEDED)
    build_plan(slug="draft", status=Plan.Status.DRAFT)
    assert {plan_of(row).slug for row in model.objects.all()} == {"current", "superseded", "draft"}

    public = {plan_of(row) for row in model.objects.published()}

    assert public == {current, superseded}


def test_a_measure_with_no_priority_is_not_public():
    plan = build_plan()
    measure = Measure.objects.get()
    measure.priority = None
    measure.save()

    assert list(Measure.objects.published()) == []
    assert list(MeasureReading.objects.published()) == []
    assert list(Priority.objects.published()) == list(plan.priorities.all())
