import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.comparison import compare_plans, normalise
from plans.models import Commitment, Outcome, Plan, Priority
from staff.groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

URL = reverse("plans:compare")


@pytest.fixture
def versions(db):
    """An earlier plan with three priorities and a later one that changes them."""
    old = build_plan(slug="old", status=Plan.Status.SUPERSEDED, priorities=3)
    new = build_plan(slug="new", priorities=3)
    new.published_on = datetime.date(2015, 4, 1)
    new.refreshes = old
    new.save()
    # Priority 0: the same, but for spacing, case and a full stop.
    Outcome.objects.filter(priority__plan=new, text="Outcome 0").update(text="  outcome   0. ")
    # Priority 1: a new title; one outcome dropped, one added; a commitment added.
    p1 = new.priorities.get(slug="priority-1")
    p1.title = "Protecting people"
    p1.save()
    p1.outcomes.all().delete()
    Outcome.objects.create(priority=p1, text="Fewer repeat victims")
    Commitment.objects.create(priority=p1, text="Fund a helpline")
    # Priority 2 is dropped and priority 3 added.
    new.priorities.get(slug="priority-2").delete()
    Priority.objects.create(plan=new, order=3, slug="visible-policing", title="Visible policing")
    return old, new


def test_text_is_compared_without_case_spacing_or_closing_punctuation():
    assert normalise("  Fewer   VICTIMS of crime. ") == normalise("fewer victims of crime")
    assert normalise("People\u2019s voice;") == normalise("people's voice")
    assert normalise("Fewer victims") != normalise("More victims")


def test_compare_plans_finds_added_removed_and_changed_parts(versions):
    old, new = versions

    comparison = compare_plans(old, new)

    assert [p.slug for p in comparison.added] == ["visible-policing"]
    assert [p.slug for p in comparison.removed] == ["priority-2"]
    assert [p.slug for p in comparison.unchanged] == ["priority-0"]
    (match,) = comparison.changed
    assert match.new.slug == "priority-1"
    assert match.title_changed and not match.summary_changed
    assert [o.text for o in match.outcomes.added] == ["Fewer repeat victims"]
    assert [o.text for o in match.outcomes.removed] == ["Outcome 1"]
    assert [c.text for c in match.commitments.added] == ["Fund a helpline"]
    assert match.commitments.removed == []


def test_a_plan_compared_with_itself_has_no_changes(versions):
    old, _ = versions

    assert not compare_plans(old, old).has_changes


def test_comparison_page_shows_the_changes(client, versions):
    response = client.get(URL, {"from": "old", "to": "new"})

    assert response.status_code == 200
    html = response.text
    assert '<h3 class="govuk-heading-m">Priorities added</h3>' in html
    assert 'href="/plans/new/visible-policing/">Visible policing</a>' in html
    assert '<h3 class="govuk-heading-m">Priorities removed</h3>' in html
    assert 'href="/plans/old/priority-2/">Priority 2</a>' in html
    assert "Priority changed" in html
    assert '<dd class="govuk-summary-list__value">Priority 1</dd>' in html
    assert '<dd class="govuk-summary-list__value">Protecting people</dd>' in html
    assert "Outcomes added</h4>" in html and "Fewer repeat victims" in html
    assert "Outcomes removed</h4>" in html
    assert "Commitments added</h4>" in html and "Fund a helpline" in html
    assert "Priorities with no changes" in html
    assert '<option value="old" selected>' in html
    assert '<option value="new" selected>' in html


def test_comparison_shows_summary_changes(client, versions):
    _, new = versions
    Priority.objects.filter(plan=new, slug="priority-0").update(summary="Now with a summary")

    html = client.get(URL, {"from": "old", "to": "new"}).text

    assert "Summary before" in html
    assert '<dd class="govuk-summary-list__value">Now with a summary</dd>' in html
    assert "Priorities with no changes" not in html


def test_a_priority_whose_earlier_version_records_no_detail_is_not_compared_on_it(client, versions):
    """An earlier version entered with its priorities only: the later version's outcomes and
    commitments were not all added then, they are not on the site to compare with."""
    old, _ = versions
    Outcome.objects.filter(priority__plan=old, priority__slug="priority-0").delete()
    Commitment.objects.filter(priority__plan=old, priority__slug="priority-0").delete()

    comparison = compare_plans(old, Plan.objects.get(slug="new"))
    html = client.get(URL, {"from": "old", "to": "new"}).text

    (match,) = [m for m in comparison.matched if m.new.slug == "priority-0"]
    assert not match.outcomes and not match.commitments
    assert not match.has_changes
    assert [match.new.slug for match in comparison.not_compared] == ["priority-0"]
    assert "priority-0" not in [p.slug for p in comparison.unchanged]
    section = html[html.index("Priorities not compared") :]
    assert 'href="/plans/new/priority-0/">Priority 0</a>' in section
    assert "Plan old records no outcomes or commitments" in section
    assert "Outcome 0" not in html
    # Nor does the page say that all is the same when not all could be compared.
    Priority.objects.filter(plan__slug="new").exclude(slug="priority-0").delete()
    Priority.objects.filter(plan=old).exclude(slug="priority-0").delete()
    html = client.get(URL, {"from": "old", "to": "new"}).text
    assert "Priorities not compared" in html
    assert "The two versions have the same priorities" not in html


def test_the_plan_list_has_a_form_to_compare_that_works_without_javascript(client, versions):
    html = client.get(reverse("plans:plan-list")).text

    assert f'<form method="get" action="{URL}" novalidate>' in html
    assert '<select class="govuk-select" id="id_from" name="from">' in html
    assert '<select class="govuk-select" id="id_to" name="to">' in html
    assert '<option value="old">' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "old", "to": "old"}, "Choose a different plan from the earlier version."),
        ({"from": "old", "to": "no-such-plan"}, "Select a valid choice."),
        ({"from": "old", "to": "draft"}, "Select a valid choice."),
        ({"from": "old"}, "This field is required."),
    ],
)
def test_bad_choices_are_explained_not_an_error_page(client, versions, query, message):
    build_plan(slug="draft", status=Plan.Status.DRAFT)

    response = client.get(URL, query)

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert response.context["comparison"] is None
    assert "<title>Error: " in response.text


def test_without_a_choice_the_page_shows_the_form_only(client, versions):
    response = client.get(URL)

    assert response.status_code == 200
    assert "There is a problem" not in response.text
    assert response.context["comparison"] is None


def test_with_one_plan_there_is_nothing_to_compare(client, db):
    build_plan()

    response = client.get(URL)

    assert "there is nothing to compare it with yet" in response.text
    assert "compare" not in client.get(reverse("plans:plan-list")).text.lower().split("<main")[1]


def test_no_plan_may_take_the_compare_address():
    plan = Plan(title="Compare", slug="compare", period="2013-17")

    with pytest.raises(ValidationError, match="kept for another page"):
        plan.full_clean()


@pytest.mark.parametrize("size", [1, 8])
def test_comparison_makes_a_fixed_number_of_queries(client, db, django_assert_num_queries, size):
    build_plan(slug="old", status=Plan.Status.SUPERSEDED, priorities=size)
    build_plan(slug="new", priorities=size)

    with django_assert_num_queries(4):
        response = client.get(URL, {"from": "old", "to": "new"})

    assert response.status_code == 200


def test_a_plan_links_to_its_comparison_with_the_version_it_refreshes(client, versions):
    _, new = versions

    html = client.get(new.get_absolute_url()).text

    assert f'href="{URL}?from=old&amp;to=new">See what changed' in html
    assert "See what changed" not in client.get("/plans/old/").text


@pytest.fixture
def draft(versions):
    """A new version an officer has entered but not published, refreshing the current one."""
    _, new = versions
    draft = build_plan(slug="draft", status=Plan.Status.DRAFT, priorities=3)
    draft.published_on = None
    draft.refreshes = new
    draft.save()
    draft.priorities.get(slug="priority-0").delete()
    return draft


def test_scrutiny_officer_compares_a_draft_with_the_plan_it_replaces(
    client, login_staff, staff_user, draft
):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)

    plan_page = client.get(draft.get_absolute_url()).text
    response = client.get(URL, {"from": "new", "to": "draft"})

    assert "Preview: this plan is a draft." in plan_page
    assert f'href="{URL}?from=new&amp;to=draft">See what changed' in plan_page
    assert "Plan draft (2013-17), draft</option>" in response.text
    assert "Preview: one of these versions is a draft." in response.text
    assert "Priorities removed" in response.text
    priority = draft.priorities.first()
    assert "belongs to a draft plan" in client.get(priority.get_absolute_url()).text


@pytest.mark.parametrize("group", [None, COMPLAINTS_OFFICERS])
def test_nobody_else_sees_a_draft_plan(client, login_staff, staff_user, draft, group):
    if group:
        staff_user.groups.add(Group.objects.get(name=group))
        login_staff(client, staff_user)

    response = client.get(URL, {"from": "new", "to": "draft"})

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.priorities.first().get_absolute_url()).status_code == 404
    assert "Plan draft" not in response.text
    assert "Priorities removed" not in response.text
