"""The sitemap at /sitemap.xml: every public page, for search engines, with when it last changed.

Each app says which of its pages are public in its own sitemaps.py, starting from its published()
querysets; this module adds the site's fixed pages and puts every address on the site's public
address (settings.SITE_URL), whatever host name the request came in on.
"""

from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from complaints.sitemaps import questions_changed
from meetings.sitemaps import (
    AgendaItemSitemap,
    DocumentSitemap,
    MeetingSitemap,
    MemberSitemap,
    action_log_changed,
    latest,
)
from plans.sitemaps import PlanSitemap, PrioritySitemap


def newest_page(sitemap):
    """When the most recently changed page of a sitemap changed."""
    return latest(*(sitemap.lastmod(item) for item in sitemap.items()))


class SitePagesSitemap(Sitemap):
    """The pages that are always there: the home page, each section's front page, the site pages.

    A page that lists things changed when the newest of them did. The others (about, privacy...)
    are templates with no recorded date, so they have none.
    """

    def items(self):
        return [
            "home",
            "meetings:index",
            "meetings:actions",
            "meetings:members",
            "plans:current",
            "plans:plan-list",
            "complaints:questions",
            "complaints:complaints",
            "complaints:complaint-statistics",
            "feeds",
            "open-data",
            "about",
            "contact",
            "accessibility",
            "privacy",
            "cookies",
        ]

    def location(self, name):
        return reverse(name)

    @cached_property
    def changed(self):
        meetings = newest_page(MeetingSitemap())
        plans = newest_page(PlanSitemap())
        return {
            # The home page shows the next meeting, the latest minutes and the current plan.
            "home": latest(meetings, plans),
            "meetings:index": meetings,
            "meetings:actions": action_log_changed(),
            "meetings:members": newest_page(MemberSitemap()),
            "plans:current": plans,
            "plans:plan-list": plans,
            "complaints:questions": questions_changed(),
        }

    def lastmod(self, name):
        return self.changed.get(name)


class OnPublicAddress:
    """Gives a sitemap's addresses the scheme and host of settings.SITE_URL."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def on_public_address(sitemap_class):
    return type(sitemap_class.__name__, (OnPublicAddress, sitemap_class), {})


# Passed as classes, so that each request makes fresh ones and counts its own dates.
sitemaps = {
    section: on_public_address(sitemap_class)
    for section, sitemap_class in {
        "pages": SitePagesSitemap,
        "meetings": MeetingSitemap,
        "items": AgendaItemSitemap,
        "documents": DocumentSitemap,
        "members": MemberSitemap,
        "plans": PlanSitemap,
        "priorities": PrioritySitemap,
    }.items()
}
