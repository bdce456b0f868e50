"""Plans built in tests, with every part filled in."""

import datetime
from decimal import Decimal

from plans.models import (
    Commitment,
    CommitmentUpdate,
    FundingLine,
    GlossaryTerm,
    Measure,
    MeasureReading,
    Office,
    OfficeHolder,
    Outcome,
    Plan,
    PlanVariationStep,
    Priority,
    WorkforceFigure,
)


def build_plan(
    *, slug="test-plan", status=Plan.Status.CURRENT, priorities=1, measures=1, readings=1
):
    """A plan with every part filled in, `priorities` x (`measures` x `readings`) deep."""
    office, _ = Office.objects.get_or_create(name="Police and Crime Commissioner for Testshire")
    holder, _ = OfficeHolder.objects.get_or_create(office=office, name="Pat Example")
    plan = Plan.objects.create(
        title=f"Plan {slug}",
        slug=slug,
        period="2013-17",
        office_holder=holder,
        status=status,
        published_on=datetime.date(2014, 4, 1),
        vision="A safe county",
        mission="Fewer crimes",
        summary="A short summary.",
        funding_previous_year="2013/14",
        funding_current_year="2014/15",
    )
    for order, (label, previous, current) in enumerate(
        [("Grant", "209.0", "199.6"), ("Precept", "45.8", "47.3")]
    ):
        FundingLine.objects.create(
            plan=plan,
            order=order,
            label=label,
            amount_previous=Decimal(previous),
            amount_current=Decimal(current),
        )
    for year in (2013, 2014):
        WorkforceFigure.objects.create(
            plan=plan, staff_group="Police Officers", as_at=datetime.date(year, 3, 31), value=2760
        )
    GlossaryTerm.objects.create(plan=plan, term="ASB", definition="Anti-social Behaviour")
    PlanVariationStep.objects.create(
        plan=plan,
        step=PlanVariationStep.Step.PANEL_REVIEW,
        date=datetime.date(2014, 5, 2),
        summary="Reviewed at the meeting.",
    )
    PlanVariationStep.objects.create(
        plan=plan,
        step=PlanVariationStep.Step.DRAFT_SENT,
        date=datetime.date(2014, 4, 10),
        document_url="https://example.org/draft.pdf",
    )
    for p in range(priorities):
        priority = Priority.objects.create(
            plan=plan, order=p, title=f"Priority {p}", slug=f"priority-{p}", where_we_are_now="Now"
        )
        Outcome.objects.create(priority=priority, text=f"Outcome {p}")
        commitment = Commitment.objects.create(
            priority=priority, text=f"Commitment {p}", progress=Commitment.Progress.ON_TRACK
        )
        CommitmentUpdate.objects.create(
            commitment=commitment, date=datetime.date(2014, 6, 1), text=f"Update {p}"
        )
        for m in range(measures):
            measure = Measure.objects.create(
                priority=priority,
                name=f"Measure {slug} {p} {m}",
                slug=f"measure-{slug}-{p}-{m}",
                unit="crimes",
                higher_is_better=False,
            )
            for r in range(readings):
                MeasureReading.objects.create(
                    measure=measure,
                    period=f"{2010 + r}/{11 + r}",
                    period_end=datetime.date(2011 + r, 3, 31),
                    value=Decimal(1000 + 10 * r),
                )
    return plan
