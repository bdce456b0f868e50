"""RSS 2.0 and Atom feeds of new meetings, papers and minutes, for feed readers.

Each feed holds only what the public may see (`published()`), the latest 50, in a fixed number of
queries. Papers and minutes have no date of their own, so they take their meeting's.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from meetings.models import Meeting, Minute, Paper

LATEST = 50


def site_domain():
    return urlsplit(settings.SITE_URL).hostname


class PapersFeed(Feed):
    title = f"New papers: {settings.PANEL_NAME}"
    link = reverse_lazy("meetings:index")
    description = "Reports and other papers for the public items on meeting agendas, newest first."
    description_template = "meetings/feeds/paper_description.html"

    def items(self):
        return (
            Paper.objects.published()
            .select_related("agenda_item__meeting__committee")
            .annotate(
                published_on=Coalesce(
                    "agenda_item__meeting__agenda_published_at", "agenda_item__meeting__start"
                )
            )
            .order_by("-published_on", "-pk")[:LATEST]
        )

    def item_title(self, paper):
        return f"{paper.title} ({paper.agenda_item.meeting.title})"

    def item_link(self, paper):
        return paper.agenda_item.get_absolute_url()

    def item_guid(self, paper):
        # An item may have several papers, so the link alone does not tell them apart.
        return f"tag:{site_domain()},2014:paper-{paper.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, paper):
        return paper.published_on

    # Atom needs an updated date for each entry; nothing later is recorded.
    item_updateddate = item_pubdate

    def item_author_name(self, paper):
        return paper.author or None

    def item_categories(self, paper):
        return [paper.agenda_item.meeting.committee.name]


class PapersAtomFeed(PapersFeed):
    feed_type = Atom1Feed
    subtitle = PapersFeed.description


class MinutesFeed(Feed):
    title = f"Minutes: {settings.PANEL_NAME}"
    link = reverse_lazy("meetings:index")
    description = "Published minutes and resolutions of public agenda items, newest meeting first."
    description_template = "meetings/feeds/minute_description.html"

    def items(self):
        return (
            Minute.objects.published()
            .select_related("agenda_item__meeting__committee")
            .prefetch_related("resolutions")
            .order_by("-agenda_item__meeting__start", "-agenda_item__order", "-pk")[:LATEST]
        )

    def item_title(self, minute):
        heading = f"Minute {minute.number}{': ' + minute.title if minute.title else ''}"
        return f"{heading} ({minute.agenda_item.meeting.title})"

    def item_link(self, minute):
        return minute.agenda_item.get_absolute_url()

    def item_pubdate(self, minute):
        return minute.agenda_item.meeting.start

    item_updateddate = item_pubdate

    def item_categories(self, minute):
        return [minute.agenda_item.meeting.committee.name]


class MinutesAtomFeed(MinutesFeed):
    feed_type = Atom1Feed
    subtitle = MinutesFeed.description


class MeetingsFeed(Feed):
    title = f"Meetings: {settings.PANEL_NAME}"
    link = reverse_lazy("meetings:index")
    description = "Meetings as they are announced, with their date, venue and status."
    description_template = "meetings/feeds/meeting_description.html"

    def items(self):
        return Meeting.objects.published().select_related("committee").order_by("-start")[:LATEST]

    def item_title(self, meeting):
        if meeting.public_status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED):
            return f"{meeting.title} ({meeting.public_status.label.lower()})"
        return meeting.title

    def item_pubdate(self, meeting):
        # When it was announced is not recorded; the agenda's publication is the nearest fact.
        return meeting.agenda_published_at or meeting.start

    item_updateddate = item_pubdate

    def item_categories(self, meeting):
        return [meeting.committee.name]


class MeetingsAtomFeed(MeetingsFeed):
    feed_type = Atom1Feed
    subtitle = MeetingsFeed.description
