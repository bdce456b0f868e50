"""What the sitemap lists from meetings: published meetings, their agenda items, the documents of
their public papers, and the members' pages, each with when it last changed.

No model has an "updated" field, but each keeps its history (django-simple-history), and the
latest history record of a row is when it was last saved. A page's date is the latest save of
what it shows. Saves the public cannot see (draft papers and minutes, and anything of an exempt
item but the item itself) are left out, so that the dates say nothing about them.

Each sitemap is one query however many rows: the dates are subqueries, not a query per row. So is
its newest date for the sitemap index (get_latest_lastmod): an aggregate over the same dates.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Q, Subquery

from meetings.models import (
    Action,
    AgendaItem,
    Attachment,
    Meeting,
    Member,
    Membership,
    Minute,
    MinuteQuerySet,
    Paper,
    PaperQuerySet,
)


def last_saved(history):
    """When the latest of these history records was made, as a subquery for annotate()."""
    return Subquery(history.order_by("-history_date").values("history_date")[:1])


def latest(*moments):
    """The latest of these times, leaving out the unknown ones; None if none is known."""
    return max((moment for moment in moments if moment is not None), default=None)


def newest(rows, saved, fallback=None):
    """The latest of the `saved` date annotations over all the rows, in one query: the newest
    lastmod() of a sitemap whose lastmod() is the latest of them. Rows with none of them count
    with their `fallback` field instead, as lastmod() does."""
    # Named apart from the annotations: an aggregate would take the place of one of its name.
    aggregates = {f"newest_{name}": Max(name) for name in saved}
    if fallback:
        none_saved = Q(**{f"{name}__isnull": True for name in saved})
        aggregates["newest_fallback"] = Max(fallback, filter=none_saved)
    return latest(*rows.aggregate(**aggregates).values())


def public_papers_history():
    return Paper.history.filter(PaperQuerySet.ON_MEETING_PAGE)


def public_minutes_history():
    return Minute.history.filter(MinuteQuerySet.ON_MEETING_PAGE)


class MeetingSitemap(Sitemap):
    def items(self):
        return Meeting.objects.published().annotate(
            meeting_saved=last_saved(Meeting.history.filter(id=OuterRef("pk"))),
            items_saved=last_saved(AgendaItem.history.filter(meeting=OuterRef("pk"))),
            papers_saved=last_saved(
                public_papers_history().filter(agenda_item__meeting=OuterRef("pk"))
            ),
            minutes_saved=last_saved(
                public_minutes_history().filter(agenda_item__meeting=OuterRef("pk"))
            ),
        )

    def lastmod(self, meeting):
        # A meeting loaded without history (a bulk import) still has its agenda's date.
        return (
            latest(
                meeting.meeting_saved,
                meeting.items_saved,
                meeting.papers_saved,
                meeting.minutes_saved,
            )
            or meeting.agenda_published_at
        )

    def get_latest_lastmod(self):
        return newest(
            self.items(),
            ["meeting_saved", "items_saved", "papers_saved", "minutes_saved"],
            fallback="agenda_published_at",
        )


class AgendaItemSitemap(Sitemap):
    """Every item of a published meeting. An exempt item's page is public too: it says that the
    item is taken in private and why, and shows none of its papers."""

    def items(self):
        return (
            AgendaItem.objects.published()
            .select_related("meeting")
            .annotate(
                item_saved=last_saved(AgendaItem.history.filter(id=OuterRef("pk"))),
                papers_saved=last_saved(public_papers_history().filter(agenda_item=OuterRef("pk"))),
                minute_saved=last_saved(
                    public_minutes_history().filter(agenda_item=OuterRef("pk"))
                ),
            )
            .order_by("-meeting__start", "meeting", "order", "number")
        )

    def lastmod(self, item):
        return latest(item.item_saved, item.papers_saved, item.minute_saved)

    def get_latest_lastmod(self):
        return newest(self.items(), ["item_saved", "papers_saved", "minute_saved"])


class DocumentSitemap(Sitemap):
    """The files (PDF, Word, Excel) of public papers; never those of an exempt item or a draft."""

    def items(self):
        return (
            Attachment.objects.published()
            .annotate(saved=last_saved(Attachment.history.filter(id=OuterRef("pk"))))
            .order_by("pk")
        )

    def lastmod(self, attachment):
        return attachment.saved

    def get_latest_lastmod(self):
        return newest(self.items(), ["saved"])


class MemberSitemap(Sitemap):
    def items(self):
        return (
            Member.objects.published()
            .annotate(
                member_saved=last_saved(Member.history.filter(id=OuterRef("pk"))),
                memberships_saved=last_saved(Membership.history.filter(member=OuterRef("pk"))),
            )
            .order_by("name", "pk")
        )

    def lastmod(self, member):
        return latest(member.member_saved, member.memberships_saved)

    def get_latest_lastmod(self):
        return newest(self.items(), ["member_saved", "memberships_saved"])


def action_log_changed():
    """When an action the public may see in the action log was last saved."""
    public_actions = Action.objects.published().values("pk")
    return Action.history.filter(id__in=public_actions).aggregate(saved=Max("history_date"))[
        "saved"
    ]
