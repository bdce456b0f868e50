from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Change

FEED_LENGTH = 50


class ChangesAtomFeed(Feed):
    """The change log's newest changes, for feed readers; /api/changes/ gives all of them."""

    feed_type = Atom1Feed
    title = f"What changed: {settings.PANEL_NAME}"
    subtitle = (
        "Everything published, changed or withdrawn on the panel's website, newest first: "
        "meetings, papers, minutes, answers, members and the Police and Crime Plan."
    )

    def link(self):
        return reverse("feeds")

    def items(self):
        return Change.objects.order_by("-pk")[:FEED_LENGTH]

    def item_title(self, change):
        return change.summary

    def item_description(self, change):
        return f"{change.get_what_display()}: {change.title} ({change.kind.replace('-', ' ')})."

    def item_link(self, change):
        return change.url

    def item_guid(self, change):
        # Several changes share an address: the change's own number tells them apart.
        return f"tag:{urlsplit(settings.SITE_URL).hostname},2026:change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.at

    def item_updateddate(self, change):
        return change.at

    def item_categories(self, change):
        return [change.what, change.kind]
