import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from plans.models import MeasureReading, Office, OfficeHolder, Plan
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_current_is_the_one_in_force():
    current = build_plan(slug="current")
    old = build_plan(slug="old", status=Plan.Status.SUPERSEDED)
    build_plan(slug="draft", status=Plan.Status.DRAFT)

    assert set(Plan.objects.published()) == {current, old}
    assert list(Plan.objects.published().current()) == [current]


def test_only_one_plan_can_be_current():
    build_plan(slug="one")
    second = Plan(title="Two", slug="two", period="2017-21", status=Plan.Status.CURRENT)
    second.published_on = datetime.date(2017, 4, 1)

    with pytest.raises(ValidationError, match="Only one plan can be current."):
        second.full_clean()
    with pytest.raises(IntegrityError):
        second.save()


def test_a_published_plan_needs_its_date():
    plan = Plan(title="Plan", slug="plan", period="2013-17", status=Plan.Status.SUPERSEDED)

    with pytest.raises(ValidationError, match="needs its published date"):
        plan.full_clean()


def test_a_reading_is_unique_per_measure_period_and_area():
    plan = build_plan()
    reading = MeasureReading.objects.get(measure__priority__plan=plan)
    duplicate = MeasureReading(
        measure=reading.measure,
        period="again",
        period_end=reading.period_end,
        area=reading.area,
        value=1,
    )

    with pytest.raises(ValidationError, match="already a reading for that period and area"):
        duplicate.full_clean()
    duplicate.area = MeasureReading.Area.SHEFFIELD
    duplicate.full_clean()


def test_an_office_holder_cannot_leave_before_starting():
    office = Office.objects.create(name="Mayor of South Yorkshire")
    holder = OfficeHolder(
        office=office,
        name="A Person",
        role=OfficeHolder.Role.DEPUTY,
        start_date=datetime.date(2024, 5, 7),
        end_date=datetime.date(2024, 5, 1),
    )

    with pytest.raises(ValidationError, match="cannot be before the first"):
        holder.full_clean()


def test_a_holder_is_named_as_a_person_would_write_it():
    mayor = Office.objects.create(
        name="Mayor of South Yorkshire", deputy_title="Deputy Mayor for Policing and Crime"
    )
    commissioner = Office.objects.create(name="Police and Crime Commissioner for South Yorkshire")

    def holder(office, role):
        return OfficeHolder(office=office, name="Jane Example", role=role)

    assert str(holder(mayor, "holder")) == "Jane Example, Mayor of South Yorkshire"
    assert str(holder(mayor, "deputy")) == "Jane Example, Deputy Mayor for Policing and Crime"
    assert str(holder(commissioner, "holder")) == (
        "Jane Example, Police and Crime Commissioner for South Yorkshire"
    )
    # An office whose deputy's title is not recorded: "Deputy" and the office.
    assert str(holder(commissioner, "deputy")) == (
        "Jane Example, Deputy Police and Crime Commissioner for South Yorkshire"
    )


def test_plan_changes_are_kept_in_its_history():
    plan = build_plan()
    plan.title = "Renamed"
    plan.save()

    assert [record.title for record in plan.history.all()] == ["Renamed", "Plan test-plan"]


def test_measure_values_are_formatted_for_people():
    plan = build_plan()
    measure = plan.priorities.get().measures.get()

    assert measure.format_value(-3040) == "-3,040 crimes"
    measure.unit = "%"
    assert measure.format_value(10.05) == "10.05%"
    assert measure.format_number(10.05) == "10.05%"
    measure.unit = "crimes"
    assert measure.format_number(-3040) == "-3,040"
