"""What the sitemap lists from plans: the published plans and their priorities, never a draft, each
with when it last changed.

No model has an "updated" field, but each keeps its history (django-simple-history), and the
latest history record of a row is when it was last saved. A page's date is the latest save of
what it shows. Each sitemap is one query however many rows: the dates are subqueries. So is its
newest date for the sitemap index (get_latest_lastmod): an aggregate over the same dates.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from plans.models import (
    Commitment,
    CommitmentUpdate,
    MeasureReading,
    Outcome,
    Plan,
    Priority,
)


def last_saved(history):
    """When the latest of these history records was made, as a subquery for annotate()."""
    return Subquery(history.order_by("-history_date").values("history_date")[:1])


def latest(*moments):
    """The latest of these times, leaving out the unknown ones; None if none is known."""
    return max((moment for moment in moments if moment is not None), default=None)


def start_of(day):
    """A date as the moment it began here, to compare with the times history records."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def newest(rows, saved, published_on):
    """The latest of the `saved` date annotations over all the rows, in one query: the newest
    lastmod() of a sitemap whose lastmod() is the latest of them. Rows with none of them count
    from the start of their plan's publication day (the `published_on` field), as lastmod()
    does."""
    none_saved = Q(**{f"{name}__isnull": True for name in saved})
    # Named apart from the annotations: an aggregate would take the place of one of its name.
    dates = rows.aggregate(
        **{f"newest_{name}": Max(name) for name in saved},
        newest_fallback=Max(published_on, filter=none_saved),
    )
    fallback = dates.pop("newest_fallback")
    return latest(*dates.values(), fallback and start_of(fallback))


class PlanSitemap(Sitemap):
    def items(self):
        return Plan.objects.published().annotate(
            plan_saved=last_saved(Plan.history.filter(id=OuterRef("pk"))),
            priorities_saved=last_saved(Priority.history.filter(plan=OuterRef("pk"))),
        )

    def lastmod(self, plan):
        # A plan loaded without history (a bulk import) still has its publication date.
        return latest(plan.plan_saved, plan.priorities_saved) or start_of(plan.published_on)

    def get_latest_lastmod(self):
        return newest(self.items(), ["plan_saved", "priorities_saved"], "published_on")


class PrioritySitemap(Sitemap):
    def items(self):
        return (
            Priority.objects.published()
            .select_related("plan")
            .annotate(
                priority_saved=last_saved(Priority.history.filter(id=OuterRef("pk"))),
                outcomes_saved=last_saved(Outcome.history.filter(priority=OuterRef("pk"))),
                commitments_saved=last_saved(Commitment.history.filter(priority=OuterRef("pk"))),
                updates_saved=last_saved(
                    CommitmentUpdate.history.filter(commitment__priority=OuterRef("pk"))
                ),
                readings_saved=last_saved(
                    MeasureReading.history.filter(measure__priority=OuterRef("pk"))
                ),
            )
            .order_by("-plan__published_on", "plan", "order", "pk")
        )

    def lastmod(self, priority):
        return latest(
            priority.priority_saved,
            priority.outcomes_saved,
            priority.commitments_saved,
            priority.updates_saved,
            priority.readings_saved,
        ) or start_of(priority.plan.published_on)

    def get_latest_lastmod(self):
        return newest(
            self.items(),
            [
                "priority_saved",
                "outcomes_saved",
                "commitments_saved",
                "updates_saved",
                "readings_saved",
            ],
            "plan__published_on",
        )
