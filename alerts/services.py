"""Following, confirming, stopping, and sending what changed: each write in one transaction.

Addresses never go in a URL or a log line: links carry a signed random key, logs say counts.
"""

import datetime
import logging
from collections import defaultdict
from itertools import islice
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone

from changes.models import Change
from complaints.models import OutgoingEmail
from complaints.services import email_queue
from search import query as search_query
from search.models import SearchEntry

from .models import AlertRun, Follower, Subscription

logger = logging.getLogger(__name__)

Frequency = Subscription.Frequency
What = Subscription.What

# How many subscriptions' followers are written to at a time: a few queries per batch, whatever
# the number of followers.
BATCH_SIZE = 500
# A change's search entry is waited for this long (the index is written by a job of its own);
# after that a search is matched against whatever the index holds.
INDEX_WAIT = datetime.timedelta(hours=1)
# At most one confirmation email a day to an address, however often it is signed up.
CONFIRMATION_EVERY = datetime.timedelta(days=1)
# ... and at most one "your link" email every so often.
LINK_EVERY = datetime.timedelta(minutes=10)
# Sent alert emails leave the outbox after this long: they hold the address.
KEEP_SENT_EMAILS = datetime.timedelta(days=7)

# The order in which an email lists what is followed: a change shown under the first that
# follows it, never twice.
SPECIFIC_FIRST = [
    What.MEETING,
    What.ACTION,
    What.PRIORITY,
    What.MEMBER,
    What.COMMITTEE,
    What.SEARCH,
    What.EVERYTHING,
]
# What the change log's kinds are called in an email (one, several).
KIND_NAMES = {
    "agenda-item": ("Agenda item", "Agenda items"),
    "minute": ("Minutes", "Minutes"),
    "priority": ("Plan priority", "Plan priorities"),
    "commitment": ("Plan commitment", "Plan commitments"),
    "outcome": ("Plan outcome", "Plan outcomes"),
    "measure": ("Plan measure", "Plan measures"),
    "plan": ("Police and Crime Plan", "Police and Crime Plans"),
    "action": ("Action log entry", "Action log entries"),
}


# Signed links -------------------------------------------------------------------------------


def token(follower, purpose):
    """The signed, dated key in a follower's links (confirm, manage or unsubscribe)."""
    return signing.TimestampSigner(salt=f"alerts.{purpose}").sign(follower.key)


def link(follower, purpose):
    """The full address of a follower's page (confirm, manage or unsubscribe), for an email."""
    return settings.SITE_URL + reverse(f"alerts:{purpose}", args=[token(follower, purpose)])


LINK_DAYS = {"confirm": "ALERTS_CONFIRM_DAYS", "manage": "ALERTS_MANAGE_LINK_DAYS"}


def follower_from(token, purpose):
    """(follower, when the link was made) of a link; (None, None) if it is forged or expired,
    and (None, when) if the address has stopped since. Unsubscribe links last a year."""
    days = getattr(settings, LINK_DAYS[purpose]) if purpose in LINK_DAYS else 365
    signer = signing.TimestampSigner(salt=f"alerts.{purpose}")
    try:
        key = signer.unsign(token, max_age=datetime.timedelta(days=days))
    except signing.BadSignature:
        return None, None
    stamp = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])
    signed_at = datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)
    return Follower.objects.filter(key=key).first(), signed_at


# Following and stopping ---------------------------------------------------------------------


def normalise_email(email):
    # One follower per address whatever its case: mail servers treat the case of the part
    # before the @ alike in practice, and the one-a-day limit must not be got round by it.
    return email.strip().lower()


def follow(*, email, followed, frequency):
    """Sign `email` up to follow `followed` (Subscription field values). Nothing is sent to it
    but a confirmation, at most one a day; whether the address was known shows nowhere."""
    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                follower, _ = Follower.objects.get_or_create(email=email)
        except IntegrityError:  # the same address signed up twice at once
            follower = Follower.objects.get(email=email)
        follower = Follower.objects.select_for_update().get(pk=follower.pk)
        identity = {key: followed[key] for key in IDENTITY if key in followed}
        subscription, created = Subscription.objects.get_or_create(
            follower=follower,
            **identity,
            defaults={
                "label": followed["label"],
                "url": followed.get("url", ""),
                "frequency": frequency,
            },
        )
        if subscription.confirmed_at is not None:
            return  # followed already: changing it takes the manage page's link
        if not created and subscription.frequency != frequency:
            subscription.frequency = frequency
            subscription.save(update_fields=["frequency"])
        sent = follower.confirmation_sent_at
        if sent is None or now - sent >= CONFIRMATION_EVERY:
            follower.confirmation_sent_at = now
            follower.save(update_fields=["confirmation_sent_at"])
            waiting = follower.subscriptions.filter(confirmed_at__isnull=True)
            _email(
                follower,
                "alerts/emails/confirm.txt",
                {"subscriptions": waiting, "confirm_url": link(follower, "confirm")},
            )


IDENTITY = ["what", "object_id", "query", "search_kind", "search_committee", "search_year"]


def send_manage_link(email):
    """Email the address a link to its manage page, if it follows anything (and not too often)."""
    with transaction.atomic():
        follower = Follower.objects.select_for_update().filter(email=normalise_email(email)).first()
        # Only to an address that confirmed something: this is no way to send mail to others.
        if follower is None or not follower.subscriptions.filter(confirmed_at__isnull=False):
            return
        sent = follower.confirmation_sent_at
        if sent is not None and timezone.now() - sent < LINK_EVERY:
            return
        follower.confirmation_sent_at = timezone.now()
        follower.save(update_fields=["confirmation_sent_at"])
        _email(follower, "alerts/emails/manage_link.txt", {})


def confirm(follower):
    """Confirm all the address waits to follow: the confirmation link proves the address is
    theirs, and the manage page it opens shows what they now follow. Returns how many."""
    with transaction.atomic():
        newest = Change.objects.aggregate(newest=Max("pk"))["newest"] or 0
        return follower.subscriptions.filter(confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), sent_up_to=newest
        )


def change_frequency(subscription, frequency):
    Subscription.objects.filter(pk=subscription.pk).update(frequency=frequency)


def stop(subscription):
    """Stop following one thing; an address left following nothing is deleted."""
    with transaction.atomic():
        follower = subscription.follower
        subscription.delete()
        if not follower.subscriptions.exists():
            stop_everything(follower)


def stop_everything(follower):
    """Delete the address, all it followed and every email to it: nothing of it is kept."""
    with transaction.atomic():
        # The follower first: that waits for a batch being sent to it to commit, and its
        # email then goes with the rest.
        follower.delete()
        OutgoingEmail.objects.filter(topic=OutgoingEmail.Topic.ALERT, to=follower.email).delete()


def report_bounce(email):
    """The mail server said an alert to `email` bounced: after a few, the address is stopped.
    Returns whether the address was known."""
    with transaction.atomic():
        follower = Follower.objects.select_for_update().filter(email=normalise_email(email)).first()
        if follower is None:
            return False
        _tally(bounces=1)
        follower.bounces += 1
        if follower.bounces >= settings.ALERTS_BOUNCE_LIMIT:
            stop_everything(follower)
        else:
            follower.save(update_fields=["bounces"])
        return True


def tidy(now=None):
    """Delete sign-ups not confirmed within their link's life, addresses following nothing, and
    sent alert emails past their time. Returns (sign-ups, addresses, emails) deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        old = now - datetime.timedelta(days=settings.ALERTS_CONFIRM_DAYS)
        signups, _ = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=old
        ).delete()
        idle = Follower.objects.filter(subscriptions__isnull=True, created_at__lt=old)
        idle_emails = list(idle.values_list("email", flat=True))
        OutgoingEmail.objects.filter(topic=OutgoingEmail.Topic.ALERT, to__in=idle_emails).delete()
        addresses, _ = Follower.objects.filter(email__in=idle_emails).delete()
        emails, _ = OutgoingEmail.objects.filter(
            topic=OutgoingEmail.Topic.ALERT, sent_at__lt=now - KEEP_SENT_EMAILS
        ).delete()
    return signups, addresses, emails


def _email(follower, template, context):
    email_queue(
        topic=OutgoingEmail.Topic.ALERT,
        to=follower.email,
        template=template,
        context={**context, "manage_url": link(follower, "manage")},
    )


def _tally(emails=0, bounces=0):
    """Count the day's emails and bounces (staff see counts, never addresses)."""
    from .models import AlertTally

    day = timezone.localdate()
    updated = AlertTally.objects.filter(day=day).update(
        emails=F("emails") + emails, bounces=F("bounces") + bounces
    )
    if not updated:
        try:
            with transaction.atomic():
                AlertTally.objects.create(day=day, emails=emails, bounces=bounces)
        except IntegrityError:
            AlertTally.objects.filter(day=day).update(
                emails=F("emails") + emails, bounces=F("bounces") + bounces
            )


# Sending what changed ------------------------------------------------------------------------


def digest_due(frequency, now=None):
    """The period (a day, or a week's Monday) whose digest is due now, or None before its hour."""
    now = timezone.localtime(now)
    day = now.date()
    if frequency == Frequency.WEEKLY:
        day -= datetime.timedelta(days=day.weekday())
    start = datetime.datetime.combine(day, datetime.time(settings.ALERTS_DIGEST_HOUR))
    if now < timezone.make_aware(start):
        return None
    return day


def send_digests(now=None):
    """Send the day's and the week's digests if their hour has come and they have not gone.
    A run stopped half-way is carried on from where it was, with the same changes."""
    queued = 0
    for frequency in (Frequency.DAILY, Frequency.WEEKLY):
        period = digest_due(frequency, now)
        if period is None:
            continue
        newest = Change.objects.aggregate(newest=Max("pk"))["newest"] or 0
        run, _ = AlertRun.objects.get_or_create(
            frequency=frequency, period=period, defaults={"up_to": newest}
        )
        if run.finished_at is None:
            queued += send(frequency, run.up_to, run=run)
            AlertRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    return queued


def send_immediately():
    """Send the alerts of those who follow as it happens, up to the newest change."""
    newest = Change.objects.aggregate(newest=Max("pk"))["newest"] or 0
    return send(Frequency.IMMEDIATELY, newest)


def send(frequency, up_to, run=None):
    """Email each follower of `frequency` what changed after their last email, up to change
    `up_to`, grouped by what they follow; nothing when nothing changed. Returns emails queued.

    A fixed number of queries per batch of followers, whatever their number; the day's
    changes are read once, and each distinct search is matched against them once.
    """
    due = Subscription.objects.filter(
        frequency=frequency, confirmed_at__isnull=False, sent_up_to__lt=up_to
    )
    since = due.order_by("sent_up_to").values_list("sent_up_to", flat=True).first()
    if since is None:
        return 0
    changes = _collapsed(Change.objects.filter(pk__gt=since, pk__lte=up_to).order_by("pk"))
    searches, search_up_to = _search_matches(due, changes, up_to)
    by_topic = defaultdict(list)
    for change in changes:
        for topic in change.about:
            by_topic[topic].append(change)
    relevant = Q(what=What.EVERYTHING) | Q(what=What.SEARCH)
    topics = defaultdict(list)
    for topic in by_topic:
        what, _, pk = topic.partition(":")
        topics[what].append(int(pk))
    for what, pks in topics.items():
        relevant |= Q(what=what, object_id__in=pks)
    followers = []
    if changes:
        followers = due.filter(relevant).order_by("follower_id").values_list("follower_id")
        followers = [pk for (pk,) in followers.distinct()]
    queued = 0
    context = _Context(changes, by_topic, searches)
    for batch in _batches(followers, BATCH_SIZE):
        queued += _send_batch(frequency, batch, due, up_to, search_up_to, context)
    # Those with nothing to hear of in these changes are done up to here too (everything and
    # the searches are always "relevant", so went through the batches).
    untouched = due.filter(sent_up_to__gte=since)
    (untouched.exclude(relevant) if changes else untouched).update(sent_up_to=up_to)
    if queued:
        _tally(emails=queued)
        if run is not None:
            AlertRun.objects.filter(pk=run.pk).update(emails=F("emails") + queued)
    logger.info("Alerts (%s): %s emails queued up to change %s", frequency, queued, up_to)
    return queued


def _batches(items, size):
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _collapsed(changes):
    """The changes, each thing's last only: one changed three times is told once. A thing
    published and then withdrawn within them is told only to those told of its publication
    before (`told_after`): to the others it never existed."""
    last = {}
    first = {}
    for change in changes:
        key = (change.kind, change.object_id)
        first.setdefault(key, change)
        last[key] = change
    for key, change in last.items():
        change.told_after = None
        if change.what == Change.What.WITHDRAWN and first[key].what == Change.What.PUBLISHED:
            change.told_after = first[key].pk
    return sorted(last.values(), key=lambda change: change.pk)


def _search_matches(due, changes, up_to):
    """For each distinct search followed: the ids of the changes it finds. And the last change
    a search may be told of: one whose search entry is not written yet is waited for."""
    searches = {}
    search_up_to = up_to
    wanted = due.filter(what=What.SEARCH)
    keys = (
        wanted.values_list("query", "search_kind", "search_committee", "search_year")
        .distinct()
        .order_by()
    )
    keys = list(keys) if changes else []
    if not keys:
        return searches, search_up_to
    entries = {}
    for change in changes:
        kind = change.kind.replace("-", "_")
        if kind in SearchEntry.Kind.values and change.what != Change.What.WITHDRAWN:
            entries.setdefault((kind, change.object_id), []).append(change)
    indexed = {}
    if entries:
        rows = SearchEntry.objects.filter(search_query.entries_of(entries)).values_list(
            "kind", "object_id"
        )
        for kind, object_id, at in rows.annotate(at=Max("indexed_at")).order_by():
            indexed[kind, object_id] = at
    now = timezone.now()
    for pair, pair_changes in entries.items():
        at = indexed.get(pair)
        for change in pair_changes:
            if (at is None or at < change.at) and now - change.at < INDEX_WAIT:
                search_up_to = min(search_up_to, change.pk - 1)
    ready = {pair: c for pair, c in entries.items() if any(x.pk <= search_up_to for x in c)}
    for key in keys:
        query, kind, committee, year = key
        words = search_query.clean_query(query)
        found = set()
        if words:
            found = search_query.matching(
                words, ready, kind=kind, committee=committee, year=year or None
            )
        searches[key] = {change.pk for pair in found for change in entries[pair]}
    return searches, search_up_to


class _Context:
    """The changes of one run, each told once, and who follows what among them."""

    def __init__(self, changes, by_topic, searches):
        self.changes = changes
        self.by_topic = by_topic
        self.by_id = {change.pk: change for change in changes}
        self.searches = searches
        self.entries = {change.pk: _entry(change) for change in changes}

    def changes_for(self, subscription):
        if subscription.what == What.EVERYTHING:
            return self.changes
        if subscription.what == What.SEARCH:
            found = self.searches.get(subscription.search, ())
            return [self.by_id[pk] for pk in sorted(found)]
        return self.by_topic.get(subscription.topic, [])


def kind_name(kind, count=1):
    one, several = KIND_NAMES.get(kind, (kind.replace("-", " ").capitalize(),) * 2)
    if kind not in KIND_NAMES:
        several = f"{one}s"
    return one if count == 1 else several


def headline(change, count=1):
    """What happened, in a few words: "Papers published", "Minutes approved", "Meeting moved"."""
    if change.what in (Change.What.MINUTES_APPROVED, Change.What.ANSWER_PUBLISHED):
        return change.get_what_display()
    return f"{kind_name(change.kind, count)} {change.get_what_display().lower()}"


def _entry(change):
    """A change as an email tells it, made once a run: as text, and as HTML (escaped)."""
    context = {
        "headline": headline(change),
        "kind": kind_name(change.kind),
        "title": change.title,
        "within": change.within,
        # A summary that says more than the headline: what was changed, or where it moved.
        "summary": ""
        if change.summary == f"{change.get_what_display()}: {change.title}"
        else (change.summary),
        "at": timezone.localtime(change.at),
        "url": settings.SITE_URL + change.url,
    }
    return {
        "text": render_to_string("alerts/emails/entry.txt", context).strip("\n") + "\n",
        "html": render_to_string("alerts/emails/entry.html", context),
    }


def subject_for(changes):
    """Say what changed: "Papers published: Police and Crime Panel, 10 February 2027"."""
    first = changes[0]
    alike = [
        change
        for change in changes
        if (change.kind, change.what, change.within) == (first.kind, first.what, first.within)
    ]
    if len(alike) == 1:
        subject = f"{headline(first)}: {first.title}"
        if first.within:
            subject += f" ({first.within})"
    else:
        subject = f"{headline(first, len(alike))}: {first.within or first.title}"
    others = len(changes) - len(alike)
    if others:
        subject += f", and {others} other change{'s' if others > 1 else ''}"
    return subject if len(subject) <= 200 else subject[:199] + "…"


def _send_batch(frequency, follower_ids, due, up_to, search_up_to, context):
    text = get_template("alerts/emails/alert.txt")
    html = get_template("alerts/emails/alert.html")
    order = {what: number for number, what in enumerate(SPECIFIC_FIRST)}
    with transaction.atomic():
        subscriptions = (
            due.filter(follower_id__in=follower_ids)
            .select_related("follower")
            .select_for_update(of=("self",))
            .order_by("follower_id", "pk")
        )
        by_follower = defaultdict(list)
        for subscription in subscriptions:
            by_follower[subscription.follower].append(subscription)
        emails = []
        held_back = set()
        for follower, followed in by_follower.items():
            followed.sort(key=lambda subscription: order[subscription.what])
            # A follower of a search that waits for the index waits with everything they
            # follow: told now by another subscription, a change would come again with the
            # search.
            last = up_to
            if any(subscription.what == What.SEARCH for subscription in followed):
                last = search_up_to
                held_back.add(follower.pk)
            sections, told = [], set()
            for subscription in followed:
                news = [
                    change
                    for change in context.changes_for(subscription)
                    if subscription.sent_up_to < change.pk <= last
                    and change.pk not in told
                    and not (change.told_after and subscription.sent_up_to < change.told_after)
                ]
                told.update(change.pk for change in news)
                if news:
                    sections.append((subscription, [context.entries[c.pk] for c in news]))
            if not sections:
                continue
            shown = sorted((context.by_id[pk] for pk in told), key=lambda change: change.pk)
            unsubscribe = link(follower, "unsubscribe")
            page = {
                "frequency": frequency,
                "sections": sections,
                "count": len(told),
                "manage_url": link(follower, "manage"),
                "unsubscribe_url": unsubscribe,
                "site_url": settings.SITE_URL,
            }
            emails.append(
                OutgoingEmail(
                    topic=OutgoingEmail.Topic.ALERT,
                    to=follower.email,
                    subject=subject_for(shown),
                    body=text.render(page),
                    html_body=html.render(page),
                    headers={
                        "List-Unsubscribe": f"<{unsubscribe}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                )
            )
        done, waiting = [], []
        for follower, followed in by_follower.items():
            (waiting if follower.pk in held_back else done).extend(s.pk for s in followed)
        Subscription.objects.filter(pk__in=done).update(sent_up_to=up_to)
        Subscription.objects.filter(pk__in=waiting, sent_up_to__lt=search_up_to).update(
            sent_up_to=search_up_to
        )
        created = OutgoingEmail.objects.bulk_create(emails)
        ids = [email.pk for email in created]
        if ids:
            transaction.on_commit(lambda: _enqueue_sending(ids), robust=True)
    return len(emails)


def _enqueue_sending(ids):
    from complaints.tasks import send_emails

    send_emails.enqueue(ids)


# What one may follow --------------------------------------------------------------------------


def followed_from(params):
    """The Subscription fields for what `params` (a query string: what=meeting&id=12, or
    what=search&q=...&kind=&committee=&year=) point at, if the public may see it; else None."""
    from meetings.models import Action, Committee, Meeting, Member
    from plans.models import Priority

    what = params.get("what", "")
    if what == What.EVERYTHING:
        return {"what": what, "label": "Everything the panel publishes", "url": "/"}
    if what == What.SEARCH:
        words = search_query.clean_query(params.get("q", ""))
        if not words:
            return None
        kind = params.get("kind", "")
        kind = kind if kind in SearchEntry.Kind.values else ""
        committee = params.get("committee", "")[:200]
        if committee and not Committee.objects.filter(name=committee).exists():
            return None
        year = params.get("year", "")
        year = int(year) if year.isascii() and year.isdigit() and len(year) == 4 else 0
        label = f"Search: “{words}”"
        if kind:
            label += f" in {SearchEntry.Kind(kind).label.lower()}s".replace("minutess", "minutes")
        if committee:
            label += f", {committee}"
        if year:
            label += f", {year}"
        filters = {"q": words, "kind": kind, "committee": committee, "year": year}
        url = reverse("search:index") + "?" + urlencode({k: v for k, v in filters.items() if v})
        return {
            "what": what,
            "query": words,
            "search_kind": kind,
            "search_committee": committee,
            "search_year": year,
            "label": label[:300],
            "url": url,
        }
    pk = params.get("id", "")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
        return None
    found = {
        What.COMMITTEE: (Committee.objects.all(), lambda c: f"Meetings of {c.name}"),
        What.MEETING: (Meeting.objects.published().select_related("committee"), str),
        What.PRIORITY: (
            Priority.objects.published().select_related("plan"),
            lambda p: f"{p.title} ({p.plan.title})",
        ),
        What.ACTION: (
            Action.objects.published().select_related("agenda_item__meeting__committee"),
            lambda a: f"Action log: {a}",
        ),
        What.MEMBER: (Member.objects.published(), str),
    }.get(what)
    if found is None:
        return None
    objects, describe = found
    obj = objects.filter(pk=pk).first()
    if obj is None:
        return None
    label = describe(obj)[:300]
    return {"what": what, "object_id": obj.pk, "label": label, "url": obj.get_absolute_url()}
