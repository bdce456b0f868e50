"""The site search's index: a copy of the words of what the public may read, kept current.

What goes in is decided by each app's own `published()` querysets, never here: drafts, exempt
items' papers and minutes, complaints and the askers of questions are never copied into the index.
"""

import itertools
import logging

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from changes.services import drop_on_commit
from complaints.models import Question
from meetings.models import (
    Action,
    AgendaItem,
    Attachment,
    Council,
    Meeting,
    Member,
    Membership,
    Minute,
    Paper,
)
from plans.models import Commitment, Outcome, Plan, Priority

from .models import SearchEntry
from .query import FILTER_OPTIONS_KEY, MARK_END, MARK_START, is_postgresql
from .signals import index_changed, index_rebuilt

logger = logging.getLogger(__name__)

Kind = SearchEntry.Kind
# Things read, and entries written, at a time: indexing everything keeps this many in memory,
# never the whole site.
BATCH_SIZE = 2000


# What each kind of thing puts in the index


def _meeting_fields(meeting):
    start = timezone.localtime(meeting.start)
    return {"committee": meeting.committee.name, "year": start.year, "date": start.date()}


def _clean(text):
    return (text or "").replace(MARK_START, "").replace(MARK_END, "").replace("\x00", "")


def _entry(kind, obj, title, summary="", body="", url=None, **fields):
    return SearchEntry(
        kind=kind,
        object_id=obj.pk,
        title=_clean(title)[:300],
        summary=_clean(summary),
        body=_clean(body),
        url=url or obj.get_absolute_url(),
        **fields,
    )


def _each(things):
    """Each of `things`, read a batch at a time, in the order they were made: their entries then
    lie on disk near those of the same time, and a search walks the newest entries first."""
    return things.order_by("pk").iterator(chunk_size=BATCH_SIZE)


def _meetings(meeting_ids=None):
    meetings = Meeting.objects.published().select_related("committee")
    if meeting_ids is not None:
        meetings = meetings.filter(pk__in=meeting_ids)
    for meeting in _each(meetings):
        yield _entry(
            Kind.MEETING,
            meeting,
            meeting.title,
            summary=", ".join(part for part in [meeting.venue_name, meeting.venue_address] if part),
            **_meeting_fields(meeting),
        )


def _items(meeting_ids=None):
    # An exempt item is listed on its meeting's page, but the search leaves it out altogether.
    items = AgendaItem.objects.published().filter(is_exempt=False)
    if meeting_ids is not None:
        items = items.filter(meeting__in=meeting_ids)
    for item in _each(items.select_related("meeting__committee")):
        yield _entry(
            Kind.AGENDA_ITEM,
            item,
            item.title,
            summary=item.summary,
            body=item.presenter,
            **_meeting_fields(item.meeting),
        )


def _papers(meeting_ids=None):
    papers = Paper.objects.published()
    if meeting_ids is not None:
        papers = papers.filter(agenda_item__meeting__in=meeting_ids)
    papers = papers.select_related("agenda_item__meeting__committee").prefetch_related(
        "attachments"
    )
    for paper in _each(papers):
        item = paper.agenda_item
        # Each document's words are read from its file once, and kept (Attachment.words).
        attached = [attachment.words() for attachment in paper.attachments.all()]
        yield _entry(
            Kind.PAPER,
            paper,
            paper.title,
            summary=item.title,
            body="\n".join([paper.body_markdown, paper.author, *attached]),
            url=item.get_absolute_url(),
            **_meeting_fields(item.meeting),
        )


def _minutes(meeting_ids=None):
    minutes = Minute.objects.published()
    if meeting_ids is not None:
        minutes = minutes.filter(agenda_item__meeting__in=meeting_ids)
    minutes = minutes.select_related("agenda_item__meeting__committee").prefetch_related(
        "resolutions"
    )
    for minute in _each(minutes):
        item = minute.agenda_item
        resolutions = [resolution.text for resolution in minute.resolutions.all()]
        yield _entry(
            Kind.MINUTE,
            minute,
            f"Minute {minute.number}: {minute.title or item.title}",
            summary=minute.text,
            body="\n".join(resolutions),
            url=item.get_absolute_url(),
            **_meeting_fields(item.meeting),
        )


def _actions(meeting_ids=None):
    actions = Action.objects.published()
    if meeting_ids is not None:
        actions = actions.filter(agenda_item__meeting__in=meeting_ids)
    actions = actions.select_related("agenda_item__meeting__committee").prefetch_related(
        "responses"
    )
    for action in _each(actions):
        item = action.agenda_item
        responses = [response.text for response in action.responses.all()]
        yield _entry(
            Kind.ACTION,
            action,
            f"{action.reference or action.get_kind_display()}: {item.title}",
            summary=action.text,
            body="\n".join([action.source, action.owner, *responses]),
            **_meeting_fields(item.meeting),
        )


def _questions(meeting_ids=None):
    questions = Question.objects.published()
    if meeting_ids is not None:
        questions = questions.filter(meeting__in=meeting_ids)
    # Only the question and its answer: never the asker's name, email or postcode.
    for question in _each(questions.select_related("meeting__committee")):
        yield _entry(
            Kind.QUESTION,
            question,
            f"Question to {question.addressed_to_text}",
            summary=question.text,
            body=question.answer,
            **_meeting_fields(question.meeting),
        )


def _plan_fields(plan):
    return {"year": plan.published_on.year, "date": plan.published_on}


def _priorities(plan_ids=None):
    priorities = Priority.objects.published()
    if plan_ids is not None:
        priorities = priorities.filter(plan__in=plan_ids)
    for priority in _each(priorities.select_related("plan")):
        yield _entry(
            Kind.PRIORITY,
            priority,
            priority.title,
            summary=priority.summary,
            body=priority.where_we_are_now,
            **_plan_fields(priority.plan),
        )


def _plan_parts(kind, model, plan_ids=None):
    parts = model.objects.published()
    if plan_ids is not None:
        parts = parts.filter(priority__plan__in=plan_ids)
    for part in _each(parts.select_related("priority__plan")):
        yield _entry(
            kind,
            part,
            part.text,
            summary=part.priority.title,
            url=part.priority.get_absolute_url(),
            **_plan_fields(part.priority.plan),
        )


def _members(member_ids=None):
    members = Member.objects.published()
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
    # Each role as the member's page gives it, so that "Chair" or "co-opted" finds them.
    roles = Membership.objects.published().select_related("committee").order_by("-start", "pk")
    members = members.select_related("council").prefetch_related(
        Prefetch("memberships", queryset=roles)
    )
    for member in _each(members):
        parts = [_role(membership) for membership in member.memberships.all()]
        parts.append(member.council.name if member.council else "")
        parts.append(f"Party: {member.party}" if member.party else "")
        # Undated: a member is no more recent than the papers that name them.
        yield _entry(
            Kind.MEMBER,
            member,
            str(member),
            summary=" ".join(f"{part}." for part in parts if part),
            body=member.pen_portrait,
        )


def _role(membership):
    role = f"{membership.get_role_display()}, {membership.committee.name}"
    if membership.start:
        role += f", from {_long_date(membership.start)}"
    if membership.end:
        role += f" to {_long_date(membership.end)}"
    return role


def _long_date(day):
    return f"{day.day} {day:%B %Y}"


MEETING_KINDS = {
    Kind.MEETING: (Meeting, "pk", _meetings),
    Kind.AGENDA_ITEM: (AgendaItem, "meeting", _items),
    Kind.PAPER: (Paper, "agenda_item__meeting", _papers),
    Kind.MINUTE: (Minute, "agenda_item__meeting", _minutes),
    Kind.ACTION: (Action, "agenda_item__meeting", _actions),
    Kind.QUESTION: (Question, "meeting", _questions),
}
PLAN_KINDS = {
    Kind.PRIORITY: (Priority, "plan", _priorities),
    Kind.OUTCOME: (Outcome, "priority__plan", lambda ids: _plan_parts(Kind.OUTCOME, Outcome, ids)),
    Kind.COMMITMENT: (
        Commitment,
        "priority__plan",
        lambda ids: _plan_parts(Kind.COMMITMENT, Commitment, ids),
    ),
}
MEMBER_KINDS = {Kind.MEMBER: (Member, "pk", _members)}
MODEL_KINDS = {
    model: kind for kind, (model, _, _) in {**MEETING_KINDS, **PLAN_KINDS, **MEMBER_KINDS}.items()
}


# Writing the index


# The stored vector: words of the title weigh most, then the summary's, then the body's.
VECTOR_SQL = """setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', summary), 'B')
    || setweight(to_tsvector('english', body), 'C')"""
# New entries on PostgreSQL, a batch in one statement (a list of values for each column, as
# Django's own bulk_create does), each with its vector worked out in the same INSERT: filled by
# an UPDATE afterwards, every row would be written twice.
COLUMNS = {
    "kind": "text",
    "object_id": "bigint",
    "title": "text",
    "summary": "text",
    "body": "text",
    "url": "text",
    "committee": "text",
    "year": "smallint",
    "date": "date",
}
INSERT_SQL = f"""INSERT INTO panel_site_searchentry ({", ".join(COLUMNS)}, search_vector)
    SELECT *, {VECTOR_SQL} FROM unnest({", ".join(f"%s::{kind}[]" for kind in COLUMNS.values())})
        AS entry ({", ".join(COLUMNS)})
    RETURNING id"""  # noqa: S608 - no value from outside
# Notes the words of the vectors of `{}` (a table or a subquery) in SearchWord.
# In order, so that two reindexes at once take the rows' locks in the same order (no deadlock).
NOTE_WORDS_SQL = """INSERT INTO panel_site_searchword (word)
    SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM {} ORDER BY 1
    ON CONFLICT DO NOTHING"""


def _write(entries):
    """Store new entries a batch at a time, so that indexing the whole site never holds it all
    in memory. Returns the new entries' ids."""
    ids = []
    entries = iter(entries)
    while batch := list(itertools.islice(entries, BATCH_SIZE)):
        if is_postgresql():
            with connection.cursor() as cursor:
                values = [[getattr(entry, column) for entry in batch] for column in COLUMNS]
                cursor.execute(INSERT_SQL, values)
                ids += [row[0] for row in cursor.fetchall()]
        else:
            SearchEntry.objects.bulk_create(batch)
            ids += [entry.pk for entry in batch]
    return ids


def _note_words(entry_ids=None):
    """Note the words of the entries' vectors (all entries' when not given), PostgreSQL only."""
    if not is_postgresql():
        return
    with connection.cursor() as cursor:
        if entry_ids is None:
            cursor.execute(NOTE_WORDS_SQL.format("panel_site_searchentry"))
        else:
            new = "(SELECT search_vector FROM panel_site_searchentry WHERE id = ANY(%s)) AS new"
            cursor.execute(NOTE_WORDS_SQL.format(new), [entry_ids])


def _reindex(kinds, ids):
    with transaction.atomic():
        new_ids = []
        for kind, (model, path, entries) in kinds.items():
            object_ids = model.objects.filter(**{f"{path}__in": ids}).values("pk")
            SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).delete()
            new_ids += _write(entries(ids))
        _note_words(new_ids)
    cache.delete(FILTER_OPTIONS_KEY)


def reindex_meeting(meeting_id):
    """Index a meeting again with all it holds, as the public may now see it."""
    # New documents are read first, outside the index's transaction: reading a long PDF must
    # not hold the database's write lock (SQLite has one for everything).
    unread = Attachment.objects.published().exclude(text_of=F("file"))
    for attachment in unread.filter(paper__agenda_item__meeting=meeting_id):
        attachment.words()
    _reindex(MEETING_KINDS, [meeting_id])


def reindex_plan(plan_id):
    """Index a plan's priorities, outcomes and commitments again."""
    _reindex(PLAN_KINDS, [plan_id])


def reindex_members(member_ids):
    """Index members again, with their roles and council."""
    _reindex(MEMBER_KINDS, member_ids)


def rebuild():
    """Empty the index and fill it again with everything public. Returns the number of entries."""
    with transaction.atomic():
        # In SQL: the page cache listens to every delete, so QuerySet.delete() would load every
        # entry first to send its signal (gigabytes on a big site); the rebuild tells it once.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM panel_site_searchentry")
            cursor.execute("DELETE FROM panel_site_searchword")
        for kinds in (MEETING_KINDS, PLAN_KINDS, MEMBER_KINDS):
            for _model, _path, entries in kinds.values():
                _write(entries(None))
        _note_words()
    cache.delete(FILTER_OPTIONS_KEY)
    # What this transaction saved before is in the new index already: no job need do it again.
    drop_on_commit("search")
    # Pages kept from the old index are out of date now, and the bulk writes above sent no
    # model signals: tell whoever keeps pages (panel_site connects its page cache).
    index_rebuilt.send(sender=SearchEntry)
    if is_postgresql():
        with connection.cursor() as cursor:
            # Without fresh statistics PostgreSQL may scan the table instead of using the index.
            # VACUUM too, where it may run (never inside a transaction): filling the vectors
            # rewrote every row, and the dead copies would double what a search reads.
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            cursor.execute(f"{vacuum}ANALYZE panel_site_searchentry, panel_site_searchword")
    return SearchEntry.objects.count()


def reindex_changed(saved=(), deleted=()):
    """Index again what a transaction changed, each meeting, plan and member once however many
    of its parts were saved. `saved` and `deleted` are (model label, id) pairs; `deleted` also
    gives what each deleted thing belonged to, found before it went: (label, id, meeting, plan,
    members)."""
    meeting_ids, plan_ids, member_ids = set(), set(), set()
    for label, pk, meeting_id, plan_id, members in deleted:
        kind = MODEL_KINDS.get(apps.get_model(label))
        if kind:
            SearchEntry.objects.filter(kind=kind, object_id=pk).delete()
        meeting_ids.add(meeting_id)
        plan_ids.add(plan_id)
        member_ids.update(members)
    for label, pk in saved:
        obj = apps.get_model(label)._default_manager.filter(pk=pk).first()
        if obj is not None:
            meeting_ids.add(_meeting_of(obj))
            plan_ids.add(_plan_of(obj))
            member_ids.update(_members_of(obj))
    for meeting_id in sorted(meeting_ids - {None}):
        reindex_meeting(meeting_id)
    for plan_id in sorted(plan_ids - {None}):
        reindex_plan(plan_id)
    if member_ids:
        reindex_members(sorted(member_ids))
    cache.delete(FILTER_OPTIONS_KEY)
    index_changed.send(sender=SearchEntry)


def belongs_to(obj):
    """(meeting id, plan id, member ids) of what `obj` is part of, as the database holds it."""
    return _meeting_of(obj), _plan_of(obj), _members_of(obj)


def _meeting_of(obj):
    from complaints.models import Question
    from meetings.models import ActionResponse, Attachment, Resolution

    if isinstance(obj, Meeting):
        return obj.pk
    if isinstance(obj, AgendaItem | Question):
        return obj.meeting_id
    if isinstance(obj, Paper | Minute | Action):
        return (
            AgendaItem.objects.filter(pk=obj.agenda_item_id)
            .values_list("meeting", flat=True)
            .first()
        )
    if isinstance(obj, Attachment):
        return (
            Paper.objects.filter(pk=obj.paper_id)
            .values_list("agenda_item__meeting", flat=True)
            .first()
        )
    if isinstance(obj, Resolution):
        return (
            Minute.objects.filter(pk=obj.minute_id)
            .values_list("agenda_item__meeting", flat=True)
            .first()
        )
    if isinstance(obj, ActionResponse):
        return (
            Action.objects.filter(pk=obj.action_id)
            .values_list("agenda_item__meeting", flat=True)
            .first()
        )
    return None


def _plan_of(obj):
    if isinstance(obj, Plan):
        return obj.pk
    if isinstance(obj, Priority):
        return obj.plan_id
    if isinstance(obj, Outcome | Commitment):
        return Priority.objects.filter(pk=obj.priority_id).values_list("plan", flat=True).first()
    return None


def _members_of(obj):
    if isinstance(obj, Member):
        return [obj.pk]
    if isinstance(obj, Membership):
        return [obj.member_id]
    if isinstance(obj, Council):
        return list(obj.members.values_list("pk", flat=True))
    return []
