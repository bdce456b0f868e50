import pytest
from playwright.sync_api import expect

from plans import demo
from plans.models import Plan
from tests.plans.factories import build_plan

pytestmark = pytest.mark.browser

PRIORITY = "reducing-crime-and-anti-social-behaviour"


@pytest.fixture
def demo_plan(transactional_db):
    demo.load()
    return Plan.objects.get(slug=demo.PLAN_SLUG)


def check_page(page, assert_accessible, url, heading):
    response = page.goto(url)

    assert response.status == 200
    assert page.locator("h1").inner_text() == heading
    assert page.locator("body.govuk-frontend-supported").count() == 1
    assert page.locator(".govuk-breadcrumbs").count() == 1
    assert_accessible(page)
    assert page.console_errors == []


def test_current_plan_page(page, assert_accessible, demo_plan):
    check_page(page, assert_accessible, "/plan/", "Police and Crime Plan")
    expect(page.get_by_role("link", name="Protecting vulnerable people")).to_be_visible()


def test_current_plan_page_when_there_is_none(page, assert_accessible):
    check_page(page, assert_accessible, "/plan/", "Police and Crime Plan")
    assert page.get_by_text("The current plan has not been published on this site yet.").count()


def test_plan_list_page(page, assert_accessible, demo_plan):
    check_page(page, assert_accessible, "/plans/", "All Police and Crime Plans")


def test_plan_page(page, assert_accessible, demo_plan):
    check_page(page, assert_accessible, demo_plan.get_absolute_url(), demo_plan.title)
    funding = page.get_by_role("table", name="Funding")
    assert funding.get_by_role("row", name="Total funding 256.6 254.3 -2.3").count() == 1


def test_priority_page_with_charts(page, assert_accessible, demo_plan):
    check_page(
        page,
        assert_accessible,
        f"{demo_plan.get_absolute_url()}{PRIORITY}/",
        "Reducing crime and anti-social behaviour",
    )
    chart = page.get_by_role("img", name="Reoffending rate, South Yorkshire")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 100
    expect(page.get_by_role("table", name="Reoffending rate, South Yorkshire")).to_be_visible()


def test_following_the_plan_from_the_navigation_to_a_chart(page, demo_plan):
    page.goto("/")
    page.get_by_role("link", name="Police and Crime Plan").first.click()
    page.get_by_role("link", name="Improving visible policing").click()

    expect(page.get_by_role("img", name="Special Constables, South Yorkshire")).to_be_visible()
    assert page.console_errors == []


def test_superseded_plan_with_many_readings_is_accessible(page, assert_accessible):
    plan = build_plan(slug="older", status=Plan.Status.SUPERSEDED, priorities=2, readings=8)

    check_page(page, assert_accessible, plan.get_absolute_url(), plan.title)
    check_page(page, assert_accessible, "/plans/", "All Police and Crime Plans")
    check_page(page, assert_accessible, plan.priorities.first().get_absolute_url(), "Priority 0")
    assert page.get_by_role("img").locator("rect").count() == 8
