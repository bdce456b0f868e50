"""A resident follows a committee and a search, confirms by the link in the email, an officer
publishes a paper that matches both, one email comes with its context, and one click on its
unsubscribe link and a button stop everything (issue 17). Each page passes axe."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from alerts.models import Follower, Subscription
from meetings.models import Paper
from staff.groups import SCRUTINY_OFFICERS
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.browser

EMAIL = "robin.resident@example.com"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/alerts/(?:confirm|unsubscribe)/[^\s]+/)")


@pytest.fixture
def meeting(transactional_db, staff_groups):
    from django.core.cache import cache

    cache.clear()
    meeting = build_meeting()
    Paper.objects.create(
        agenda_item=meeting.items.get(),
        title="Tackling domestic abuse: the force's plan",
        body_markdown="How the force responds to domestic abuse.",
        is_published=False,
    )
    return meeting


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def link_in(message, kind):
    return next(path for path in LINK.findall(message.body) if f"/alerts/{kind}/" in path)


def test_a_resident_follows_confirms_hears_once_and_unsubscribes(
    page, assert_accessible, meeting, django_user_model, sign_in
):
    # A committee, from the meetings list filtered to it.
    page.goto("/meetings/?committee=police-and-crime-panel")
    page.get_by_role("button", name="Get email alerts about Police and Crime Panel").click()
    expect(page.locator("h1")).to_have_text("Meetings of Police and Crime Panel")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("As it happens").check()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    assert_accessible(page)

    # A search, from its results page.
    page.goto("/search/?q=domestic+abuse")
    page.get_by_role("button", name="Get email alerts about this search").click()
    expect(page.locator("h1")).to_have_text("Search: “domestic abuse”")
    page.get_by_label("As it happens").check()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your email")

    # One confirmation (at most one a day); its link confirms both.
    [confirmation] = emails_to(EMAIL)
    assert "Meetings of Police and Crime Panel (as it happens)" in confirmation.body
    page.goto(link_in(confirmation, "confirm"))
    expect(page.locator("h1")).to_have_text("Confirm your email alerts")
    expect(page.get_by_text("Search: “domestic abuse” (as it happens)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("h1")).to_have_text("Your email alerts")
    expect(page.get_by_text("Your alerts are confirmed.")).to_be_visible()
    expect(page.locator(".govuk-summary-card")).to_have_count(2)
    expect(page.get_by_text("Not confirmed")).to_have_count(0)
    assert_accessible(page)
    # The search, weekly instead: the committee alone tells of the paper as it happens.
    search_card = page.locator(".govuk-summary-card", has_text="Search: “domestic abuse”")
    search_card.get_by_label("Once a week").check()
    search_card.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Emails about Search: “domestic abuse”: once a week."
    )
    assert Subscription.objects.get(what="search").frequency == "weekly"

    # An officer publishes the paper in the back office.
    officer = django_user_model.objects.create_user(
        "officer", password="a-long-test-password", is_staff=True
    )
    officer.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    officer_tab = page.context.browser.new_context(base_url=page.url.split("/alerts")[0])
    admin = officer_tab.new_page()
    sign_in(admin, officer, "a-long-test-password")
    paper = Paper.objects.get(title__startswith="Tackling")
    admin.goto(f"/admin/meetings/paper/{paper.pk}/change/")
    admin.get_by_label("Is published").check()
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    officer_tab.close()

    # Exactly one email, though both things followed match, with its context.
    alerts = [m for m in emails_to(EMAIL) if "List-Unsubscribe" in m.extra_headers]
    assert len(alerts) == 1
    [alert] = alerts
    assert alert.subject == (
        "Paper published: Tackling domestic abuse: the force's plan "
        "(Police and Crime Panel, 2 May 2014)"
    )
    assert "Part of: Police and Crime Panel, 2 May 2014" in alert.body
    assert "/meetings/test-meeting/items/1/" in alert.body

    # One click on the email's link, one on the button.
    page.goto(link_in(alert, "unsubscribe"))
    expect(page.locator("h1")).to_have_text("Unsubscribe from email alerts")
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You have unsubscribed")
    assert_accessible(page)
    assert Follower.objects.count() == Subscription.objects.count() == 0
    assert page.console_errors == []


def test_the_alerts_page_and_the_follow_buttons(page, assert_accessible, meeting):
    page.goto("/")
    page.get_by_role("link", name="Get email alerts").click()
    expect(page.locator("h1")).to_have_text("Get email alerts")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose what you want to hear about"
    )
    assert_accessible(page)
    page.get_by_label("Everything the panel publishes").check()
    page.get_by_label("Once a week").check()
    page.get_by_label("Email address", exact=True).first.fill(EMAIL)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    assert Subscription.objects.get().frequency == "weekly"

    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name="Get email alerts about this meeting").click()
    expect(page.locator("h1")).to_have_text("Police and Crime Panel, 2 May 2014")
    assert page.console_errors == []
