"""Every kind of public page loads without a warning or an error in the browser's console: a
deprecated GOV.UK Frontend option, a component that failed to start or a blocked script all say
so there first."""

import pytest
from django.urls import reverse

from complaints import demo as complaints_demo
from meetings import demo as meetings_demo
from meetings.models import AgendaItem, Member
from plans import demo as plans_demo
from plans.models import Priority

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(transactional_db, settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = tmp_path
    plans_demo.load()
    meetings_demo.load()
    complaints_demo.load()


def public_pages():
    item = AgendaItem.objects.filter(meeting__slug=meetings_demo.MAY).order_by("number").first()
    return [
        reverse("home"),
        reverse("meetings:index"),
        reverse("meetings:meeting-detail", args=[meetings_demo.MARCH]),
        reverse("meetings:meeting-detail", args=[meetings_demo.SAMPLE_SLUG]),
        item.get_absolute_url(),
        reverse("meetings:members"),
        Member.objects.order_by("slug").first().get_absolute_url(),
        reverse("meetings:actions"),
        reverse("plans:current"),
        reverse("plans:plan-list"),
        reverse("plans:plan-detail", args=[plans_demo.PLAN_SLUG]),
        Priority.objects.order_by("order").first().get_absolute_url(),
        reverse("complaints:questions"),
        reverse("complaints:question-ask"),
        reverse("complaints:complaints"),
        reverse("complaints:triage-who"),
        reverse("complaints:complaint-make"),
        reverse("complaints:complaint-statistics"),
        reverse("search:index") + "?q=police",
        reverse("open-data"),
        reverse("feeds"),
        reverse("about"),
        reverse("contact"),
        reverse("accessibility"),
        reverse("privacy"),
        reverse("cookies"),
    ]


def test_no_public_page_writes_a_warning_or_an_error_to_the_console(page, demo_site):
    messages = []
    page.on(
        "console",
        lambda message: message.type in {"warning", "error"} and messages.append(message.text),
    )
    found = {}
    for url in public_pages():
        response = page.goto(url)
        assert response.status == 200, url
        # GOV.UK Frontend's JavaScript ran (a started component is marked "-init"): its
        # warnings would have come by now.
        assert page.locator("[data-govuk-skip-link-init]").count() == 1, url
        if messages or page.console_errors:
            found[url] = messages + page.console_errors
        messages.clear()
        page.console_errors.clear()

    assert found == {}
