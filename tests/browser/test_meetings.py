import json

import pytest
from playwright.sync_api import expect

from meetings import demo
from plans import demo as plans_demo
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_meetings(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plans_demo.load()
    demo.load()


def check_page(page, assert_accessible, url, heading):
    response = page.goto(url)

    assert response.status == 200
    assert page.locator("h1").inner_text() == heading
    assert page.locator("body.govuk-frontend-supported [data-govuk-skip-link-init]").count() == 1
    assert page.locator(".govuk-breadcrumbs").count() == 1
    assert_accessible(page)
    assert page.console_errors == []


def test_meetings_page(page, assert_accessible, demo_meetings):
    check_page(page, assert_accessible, "/meetings/", "Meetings")
    expect(page.get_by_role("heading", name="Upcoming meetings")).to_be_visible()
    page.get_by_label("Year").select_option("2014")
    page.get_by_role("button", name="Show meetings").click()
    expect(page.get_by_role("heading", name="Upcoming meetings")).to_have_count(0)
    assert "year=2014" in page.url


def test_meeting_page_with_minutes(page, assert_accessible, demo_meetings):
    check_page(page, assert_accessible, f"/meetings/{demo.MARCH}/", "Monday 31 March 2014")
    expect(page.get_by_text("Minute J37: Work programme and meeting dates 2014/15")).to_be_visible()


def test_meeting_page_with_papers(page, assert_accessible, demo_meetings):
    check_page(page, assert_accessible, f"/meetings/{demo.MAY}/", "Friday 2 May 2014")


def test_item_page_with_report_table_and_priorities(page, assert_accessible, demo_meetings):
    check_page(
        page,
        assert_accessible,
        f"/meetings/{demo.MAY}/items/7/",
        "Report of the Police and Crime Commissioner - Response to the HMIC Report on Child "
        "Sexual Exploitation",
    )
    expect(page.get_by_role("cell", name="Within six months").first).to_be_visible()
    page.goto(f"/meetings/{demo.MAY}/items/6/")
    page.get_by_role("link", name="Protecting vulnerable people").click()
    expect(page.locator("h1")).to_have_text("Protecting vulnerable people")


def test_exempt_item_and_cancelled_meeting(page, assert_accessible, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = build_meeting(items=1, exempt_items=1, attachments=True)
    meeting.status = meeting.Status.CANCELLED
    meeting.save()

    check_page(page, assert_accessible, meeting.get_absolute_url(), "Friday 2 May 2014")
    expect(page.get_by_text("This meeting has been cancelled.")).to_be_visible()
    check_page(page, assert_accessible, f"{meeting.get_absolute_url()}items/2/", "Item 2")
    expect(page.get_by_text("This item is exempt")).to_be_visible()


def test_members_pages(page, assert_accessible, demo_meetings):
    check_page(page, assert_accessible, "/members/", "Members")
    page.get_by_role("link", name="Councillor J. Akhtar").click()
    expect(page.locator("h1")).to_have_text("Councillor J. Akhtar")
    assert_accessible(page)


def test_finding_the_may_meeting_from_the_home_page(page, assert_accessible, demo_meetings):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="All meetings, agendas and minutes").click()
    page.get_by_role("link", name="Police and Crime Panel, 2 May 2014").click()
    page.get_by_role("link", name="Report of the Police and Crime Commissioner - Response").click()
    expect(page.get_by_role("heading", name="HMIC's recommendations")).to_be_visible()
    assert page.console_errors == []


def test_the_latest_papers_on_the_home_page_lead_to_their_item(
    page, assert_accessible, demo_meetings
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    papers = page.get_by_role("list").filter(has_text="2 May 2014, item 7").first
    expect(papers).to_be_visible()
    assert_accessible(page)
    papers.get_by_role("link", name="HMIC Report: South Yorkshire Police's Response").click()
    expect(page.locator("h1")).to_contain_text("Response to the HMIC Report")
    assert page.url.endswith("/meetings/police-and-crime-panel-2014-05-02/items/7/")
    assert page.console_errors == []


def test_empty_meetings_and_members_pages(page, assert_accessible):
    check_page(page, assert_accessible, "/meetings/", "Meetings")
    check_page(page, assert_accessible, "/members/", "Members")


def test_action_log_page(page, assert_accessible, demo_meetings):
    check_page(page, assert_accessible, "/action-log/", "Action log")
    expect(page.get_by_role("heading", name="Recommendation 13")).to_be_visible()
    page.get_by_label("Status").select_option("open")
    page.get_by_label("Type").select_option(label="Panel resolution")
    page.get_by_role("button", name="Show actions").click()
    expect(page.get_by_text("4 entries match.")).to_be_visible()
    expect(page.get_by_role("heading", name="Recommendation 1", exact=True)).to_have_count(0)
    assert "status=open" in page.url and "kind=resolution" in page.url
    assert_accessible(page)
    page.get_by_role("link", name="item 4: Joint working protocols").first.click()
    expect(page.locator("h1")).to_have_text("Joint working protocols")
    expect(page.get_by_role("heading", name="Actions and recommendations")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []


def test_members_page_on_a_chosen_date(page, assert_accessible, demo_meetings):
    check_page(page, assert_accessible, "/members/", "Members")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2014")
    page.get_by_role("button", name="Show members").click()

    expect(page.get_by_text("The members as they were on 31 March 2014.")).to_be_visible()
    expect(page.get_by_role("link", name="Councillor J. Akhtar")).to_be_visible()
    expect(
        page.get_by_role("table", name="Members by political party on 31 March 2014")
    ).to_be_visible()
    assert "date-day=31" in page.url
    assert_accessible(page)
    assert page.console_errors == []


def test_members_page_with_a_date_error(page, assert_accessible, demo_meetings):
    page.goto("/members/?date-day=31&date-month=2&date-year=2014")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title("Error: Members – South Yorkshire Police and Crime Panel")
    expect(page.get_by_label("Day")).to_have_value("31")
    assert_accessible(page)
    summary.get_by_role("link", name="The date must be a real date").click()
    expect(page.get_by_label("Day")).to_be_focused()
    assert page.console_errors == []


def test_feeds_page(page, assert_accessible, demo_meetings):
    check_page(page, assert_accessible, "/feeds/", "Feeds")
    expect(page.get_by_role("link", name="New papers (RSS)")).to_be_visible()
    expect(page.get_by_role("link", name="Minutes (Atom)")).to_be_visible()
    response = page.request.get("/feeds/papers/atom/")
    assert response.ok
    assert "Response to the HMIC Report" in response.text()


def test_meeting_page_has_event_data_without_csp_errors(page, assert_accessible, demo_meetings):
    check_page(page, assert_accessible, f"/meetings/{demo.MAY}/", "Friday 2 May 2014")

    event = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert event["@type"] == "Event"
    assert event["startDate"].startswith("2014-05-02T")
    assert event["location"]["name"] == "Town Hall"
    assert page.console_errors == []
