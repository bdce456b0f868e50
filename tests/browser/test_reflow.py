"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide (a phone, or 1280 pixels zoomed to 400%) no page
scrolls sideways; a table too wide for the screen scrolls inside its own region instead."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from complaints.models import Question
from complaints.views import TRIAGE_RESULTS
from plans.models import Plan

pytestmark = pytest.mark.browser

NARROWEST = {"width": 320, "height": 640}

# What overflows, for the failure message: the outermost elements wider than the screen that are
# not inside a scroll region.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll("*")].filter(element =>
    element.getBoundingClientRect().right > width + 0.5
    && !element.closest(".panel-table-scroll"));
  const outermost = wide.filter(element => !wide.includes(element.parentElement));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    culprits: outermost.slice(0, 3).map(element =>
      `<${element.tagName.toLowerCase()} class="${element.className}">`
      + ` ${Math.round(element.getBoundingClientRect().width)}px`),
  };
}"""

# A region that scrolls must be reachable and named for someone using a keyboard or screen reader.
UNNAMED_SCROLL_REGIONS = """() => [...document.querySelectorAll(".panel-table-scroll")].filter(
  region => region.getAttribute("tabindex") !== "0" || region.getAttribute("role") !== "region"
  || !(region.getAttribute("aria-label") || region.getAttribute("aria-labelledby"))
).length"""


@pytest.fixture
def demo_site(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)


def sitemap_pages(page):
    """The path of every page in the sitemap, but the documents (files, not pages)."""
    paths = []
    index = page.request.get("/sitemap.xml").text()
    for section in re.findall(r"<loc>([^<]+)</loc>", index):
        if "documents" in section:
            continue
        listing = page.request.get(urlsplit(section).path).text()
        paths += [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", listing)]
    return paths


def pages_the_sitemap_leaves_out():
    oldest, *_, newest = Plan.objects.published().order_by("published_on")
    question = Question.objects.published().first()
    return [
        "/search/?q=police",
        "/search/?q=zzzz-nothing",
        "/questions/ask/",
        question.get_absolute_url(),
        "/complaints/who/",
        "/complaints/what/",
        *(f"/complaints/go-to/{slug}/" for slug in TRIAGE_RESULTS),
        "/complaints/make/",
        "/plans/compare/",
        f"/plans/compare/?from={oldest.slug}&to={newest.slug}",
        f"/plans/compare/?from={newest.slug}&to={newest.slug}",
        "/meetings/?year=2014",
        "/no-such-page/",
    ]


def test_no_page_scrolls_sideways_at_320_pixels(browser, live_server, demo_site):
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST)
    page = context.new_page()
    paths = sitemap_pages(page) + pages_the_sitemap_leaves_out()
    # The sitemap lists each kind of page: the home page, meetings, agenda items, members, the
    # plans and their priorities, the questions and complaints pages, open data and the site pages.
    assert len(paths) > 50
    assert "/complaints/statistics/" in paths and "/api/" in paths

    too_wide, unnamed = [], []
    for path in paths:
        response = page.goto(path)
        assert response.status in (200, 404), path
        found = page.evaluate(OVERFLOW)
        if found["scrollWidth"] > found["clientWidth"]:
            too_wide.append(f"{path}: {found['scrollWidth']}px wide, {found['culprits']}")
        if page.evaluate(UNNAMED_SCROLL_REGIONS):
            unnamed.append(path)
    context.close()

    assert too_wide == [], "These pages scroll sideways at 320px:\n" + "\n".join(too_wide)
    assert unnamed == [], "Scroll regions without tabindex, role or name on: " + ", ".join(unnamed)
