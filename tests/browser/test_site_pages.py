import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SITE_PAGES = [
    ("home", "South Yorkshire Police and Crime Panel"),
    ("about", "About the panel"),
    ("contact", "Contact the panel"),
    ("accessibility", "Accessibility statement"),
    ("privacy", "Privacy notice"),
    ("cookies", "Cookies"),
    ("search:index", "Search"),
    ("open-data", "Open data"),
    ("feeds", "Feeds"),
    ("meetings:index", "Meetings"),
    ("meetings:members", "Members"),
    ("plans:current", "Police and Crime Plan"),
    ("complaints:questions", "Questions from the public"),
    ("complaints:complaints", "Complain about the Mayor or the Deputy Mayor"),
    ("complaints:complaint-statistics", "Complaints statistics"),
]


@pytest.mark.parametrize(("url_name", "heading"), SITE_PAGES)
def test_page_is_styled_accessible_and_breaks_no_policy(page, assert_accessible, url_name, heading):
    response = page.goto(reverse(url_name))

    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("h1").inner_text().startswith(heading)
    assert page.title().endswith(" – South Yorkshire Police and Crime Panel")
    # GOV.UK Frontend's stylesheet is applied (not just linked), and its JavaScript started
    # (a started component is marked "-init").
    assert page.locator("body.govuk-frontend-supported [data-govuk-skip-link-init]").count() == 1
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.lower().startswith("arial")
    assert_accessible(page)
    assert page.console_errors == []


def test_every_link_on_the_site_pages_resolves(page, live_server):
    seen = set()
    for url_name, _ in SITE_PAGES:
        page.goto(reverse(url_name))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            if href.startswith(live_server.url):
                seen.add(href.split("#")[0])
    # The navigation and footer alone link every site page to every other.
    assert {live_server.url + reverse(name) for name, _ in SITE_PAGES} - {"/search/"} <= seen | {
        live_server.url + reverse("search:index")
    }
    for href in sorted(seen):
        assert page.request.get(href).status == 200, href


def test_search_box_in_the_header_searches_and_echoes_the_query_safely(page, assert_accessible):
    page.goto(reverse("about"))
    page.get_by_role("searchbox", name="Search the panel's website").fill(
        "<script>alert(1)</script>"
    )
    page.get_by_role("button", name="Search", exact=True).first.click()

    page.wait_for_url("**/search/?q=*")
    expect(
        page.get_by_role("heading", name="No results for ‘<script>alert(1)</script>’")
    ).to_be_visible()
    assert page.console_errors == []
    assert_accessible(page)


def test_search_results_filters_and_pages_are_accessible(page, assert_accessible):
    from search import index
    from tests.meetings.factories import build_meeting

    build_meeting(items=25)
    index.rebuild()

    page.goto(reverse("search:index") + "?q=item")
    expect(page.get_by_role("heading", name="75 results for ‘item’")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Type").select_option("paper")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="25 results for ‘item’")).to_be_visible()
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("Page 2 of 2.")).to_be_visible()
    assert "q=item" in page.url and "kind=paper" in page.url
    page.locator(".panel-search-results a").first.click()
    expect(page.get_by_role("heading", name="Report", exact=False).first).to_be_visible()
    assert "/meetings/test-meeting/items/" in page.url

    page.goto(reverse("search:index") + "?q=nothingmatches&year=2014")
    expect(
        page.get_by_role("heading", name="No results for ‘nothingmatches’ with these filters")
    ).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/test-errors/400/", 400, "Sorry, there is a problem with your request"),
        ("/test-errors/403/", 403, "You do not have permission to see this page"),
        ("/test-errors/405/", 405, "Sorry, this page cannot do that"),
        ("/test-errors/413/", 413, "What you sent is too large"),
        ("/test-errors/500/", 500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_are_styled_accessible_and_break_no_policy(
    page, assert_accessible, settings, path, status, heading
):
    settings.ROOT_URLCONF = "tests.browser.error_urls"
    response = page.goto(path)

    assert response.status == status
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("h1").inner_text() == heading
    assert page.locator("body.govuk-frontend-supported [data-govuk-skip-link-init]").count() == 1
    assert_accessible(page)
    # The 4xx and 5xx responses themselves are logged by the browser; nothing else may be.
    assert [error for error in page.console_errors if "status of" not in error] == []


def test_form_posted_from_elsewhere_gets_the_styled_csrf_page(page, assert_accessible, live_server):
    page.set_content(
        f'<form method="post" action="{live_server.url}/admin/login/">'
        '<input name="username" value="x"><button>Send</button></form>'
    )
    page.get_by_role("button", name="Send").click()

    assert page.locator("h1").inner_text() == "Sorry, your form could not be sent"
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto(reverse("home"))
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("element => element === document.activeElement")
    skip_link.press("Enter")
    assert re.search(r"#main-content$", page.url)


def test_navigation_marks_the_current_section(page):
    page.goto(reverse("meetings:members"))
    current = page.locator(".govuk-service-navigation__link[aria-current]")
    assert current.inner_text() == "Members"
