"""The sitemaps: every public page, for search engines, with when it last changed.

/sitemap.xml is a sitemap index naming one sitemap per section (/sitemap-<section>.xml), each with
its newest date. A section holds at most a Sitemap's `limit` addresses (Django's 50,000, the most
search engines read from one file); a bigger one goes on over ?p=2 and so on, and the index names
each of its pages.

Each app says which of its pages are public in its own sitemaps.py, starting from its published()
querysets; this module adds the site's fixed pages and puts every address, in the index and in the
sections, on the site's public address (settings.SITE_URL), whatever host name the request came in
on. Every page takes a fixed number of queries however many rows there are.
"""

from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.template.response import TemplateResponse
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
            "alerts:start",
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
        meetings = MeetingSitemap().get_latest_lastmod()
        plans = PlanSitemap().get_latest_lastmod()
        return {
            # The home page shows the next meeting, the latest minutes and the current plan.
            "home": latest(meetings, plans),
            "meetings:index": meetings,
            "meetings:actions": action_log_changed(),
            "meetings:members": MemberSitemap().get_latest_lastmod(),
            "plans:current": plans,
            "plans:plan-list": plans,
            "complaints:questions": questions_changed(),
        }

    def lastmod(self, name):
        return self.changed.get(name)

    def get_latest_lastmod(self):
        # Django's own gives up (None) when some pages have no date.
        return latest(*self.changed.values())


class OnPublicAddress:
    """Gives a sitemap's addresses the scheme and host of settings.SITE_URL."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def section_address(self, section):
        path = reverse("sitemap-section", kwargs={"section": section})
        return f"{self.get_protocol()}://{self.get_domain()}{path}"


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


@sitemap_views.x_robots_tag
def index(request):
    """/sitemap.xml: each section's sitemap, and each further page of a big one, with the newest
    date in it. Django's own index would name them on the host the request used."""
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        address = sitemap.section_address(section)
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(address, lastmod))
        entries.extend(
            sitemap_views.SitemapIndexItem(f"{address}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    # No Last-Modified header: a page leaving a section changes the index but no date in it, and
    # a 304 would hide that. ConditionalGetMiddleware's ETag answers unchanged indexes with 304.
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def section(request, section):
    """/sitemap-<section>.xml (?p=2 and on for a big one): Django's sitemap view for one section,
    its addresses already on SITE_URL."""
    response = sitemap_views.sitemap(request, sitemaps, section=section)
    # Django dates the page by its newest entry, which does not move when an entry leaves it: let
    # the ETag alone say whether it changed, as for the index.
    del response.headers["Last-Modified"]
    return response
