"""The site search: an index of what the public may read, and the query over it.

What goes in is decided by each app's own `published()` querysets, never here: drafts, exempt
items' papers and minutes, complaints and the askers of questions are never copied into the index.
"""

import html
import io
import logging
import operator
import re
import zipfile
from collections import Counter
from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Left, Length
from django.utils import timezone
from django.utils.safestring import mark_safe

from complaints.models import Question
from meetings.models import (
    Action,
    AgendaItem,
    Council,
    Meeting,
    Member,
    Membership,
    Minute,
    Paper,
)
from plans.models import Commitment, Outcome, Plan, Priority

from . import page_cache
from .models import SearchEntry, SearchWord

logger = logging.getLogger(__name__)

Kind = SearchEntry.Kind
QUERY_MAX_CHARS = 200
# A search ranks at most this many matches (the most recent).
RESULTS_CAP = 1000
# The most recent matches are looked for in this many newest entries first (see _most_recent).
NEWEST_WALKED = 20_000
# When more than RESULTS_CAP match, each kind is counted up to this many: more is "more than".
KIND_COUNT_CAP = 100
# ... among this many of its newest entries first, if it is one of the kinds of which a meeting
# has many (see _counts).
KIND_WALKED = 2_000
MANY_PER_MEETING = [Kind.AGENDA_ITEM, Kind.PAPER, Kind.MINUTE, Kind.QUESTION]
# An abbreviation in capitals finds at most this many words it begins.
ABBREVIATION_WORDS_MAX = 20
# An attached document's words beyond this are left out of the index.
ATTACHMENT_MAX_CHARS = 200_000
# A DOCX whose text unpacks to more than this is not read (it may be a zip bomb).
DOCX_XML_MAX_BYTES = 50_000_000
# A snippet is looked for in this many characters of an entry's text: the database reads every
# word it is given, and a long PDF's 200,000 characters took 22 ms for one snippet.
SNIPPET_SOURCE_CHARS = 10_000
# The committees and years offered as filters, kept until the index changes (or this long, for
# other processes' caches where the cache is not shared).
FILTER_OPTIONS_KEY = "search:filter-options"
FILTER_OPTIONS_SECONDS = 600
# Marks a highlighted word in a snippet before the snippet is escaped (private-use characters).
MARK_START, MARK_END = "\ue000", "\ue001"
MARKDOWN_MARKS = re.compile(r"[#*_|`>]+")
DOCX_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def is_postgresql():
    return connection.vendor == "postgresql"


# Extracting the text of attached documents


def attachment_text(attachment):
    """The words of an attached PDF or DOCX, or "" when it has none or cannot be read."""
    name = attachment.file.name.lower()
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        if name.endswith(".pdf"):
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        elif name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if archive.getinfo("word/document.xml").file_size > DOCX_XML_MAX_BYTES:
                    raise ValueError("document.xml too large")
                xml = archive.read("word/document.xml").decode("utf-8", "replace")
            # The words are in <w:t> runs, paragraphs end at </w:p>. Read as text, not parsed as
            # XML, so that a hostile upload cannot expand entities.
            paragraphs = xml.split("</w:p>")
            text = "\n".join(
                html.unescape("".join(DOCX_TEXT.findall(paragraph))) for paragraph in paragraphs
            )
        else:
            return ""
    except Exception:  # noqa: BLE001 - a broken upload must never stop the paper being indexed
        # The attachment's id only: its name or words could hold personal data.
        logger.warning("Could not read the text of attachment %s for search", attachment.pk)
        return ""
    return text[:ATTACHMENT_MAX_CHARS]


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


def _meetings(meeting_ids=None):
    meetings = Meeting.objects.published().select_related("committee")
    if meeting_ids is not None:
        meetings = meetings.filter(pk__in=meeting_ids)
    for meeting in meetings:
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
    for item in items.select_related("meeting__committee"):
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
    for paper in papers:
        item = paper.agenda_item
        attached = [attachment_text(attachment) for attachment in paper.attachments.all()]
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
    for minute in minutes:
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
    for action in actions:
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
    for question in questions.select_related("meeting__committee"):
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
    priorities = Priority.objects.filter(plan__in=Plan.objects.published())
    if plan_ids is not None:
        priorities = priorities.filter(plan__in=plan_ids)
    for priority in priorities.select_related("plan"):
        yield _entry(
            Kind.PRIORITY,
            priority,
            priority.title,
            summary=priority.summary,
            body=priority.where_we_are_now,
            **_plan_fields(priority.plan),
        )


def _plan_parts(kind, model, plan_ids=None):
    parts = model.objects.filter(priority__plan__in=Plan.objects.published())
    if plan_ids is not None:
        parts = parts.filter(priority__plan__in=plan_ids)
    for part in parts.select_related("priority__plan"):
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
    roles = Membership.objects.select_related("committee").order_by("-start", "pk")
    members = members.select_related("council").prefetch_related(
        Prefetch("memberships", queryset=roles)
    )
    for member in members:
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
# Notes the words of the vectors of `{}` (a table or a WITH query) in SearchWord.
# In order, so that two reindexes at once take the rows' locks in the same order (no deadlock).
NOTE_WORDS_SQL = """INSERT INTO panel_site_searchword (word)
    SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM {} ORDER BY 1
    ON CONFLICT DO NOTHING"""


def _fill_vectors():
    """Work out the stored search vectors of new entries and note their words (PostgreSQL only)."""
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH filled AS (
                    UPDATE panel_site_searchentry SET search_vector = {VECTOR_SQL}
                    WHERE search_vector IS NULL RETURNING search_vector
                ) {NOTE_WORDS_SQL.format("filled")}"""  # noqa: S608 - no value from outside
            )


def _reindex(kinds, ids):
    with transaction.atomic():
        for kind, (model, path, entries) in kinds.items():
            object_ids = model.objects.filter(**{f"{path}__in": ids}).values("pk")
            SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).delete()
            SearchEntry.objects.bulk_create(entries(ids), batch_size=500)
        _fill_vectors()
    cache.delete(FILTER_OPTIONS_KEY)


def reindex_meeting(meeting_id):
    """Index a meeting again with all it holds, as the public may now see it."""
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
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        for kinds in (MEETING_KINDS, PLAN_KINDS, MEMBER_KINDS):
            for _model, _path, entries in kinds.values():
                SearchEntry.objects.bulk_create(entries(None), batch_size=500)
        _fill_vectors()
    cache.delete(FILTER_OPTIONS_KEY)
    # Kept search pages show the old index (panel_site's own saves start no new generation).
    page_cache.start_new_generation()
    if is_postgresql():
        with connection.cursor() as cursor:
            # Without fresh statistics PostgreSQL may scan the table instead of using the index.
            # VACUUM too, where it may run (never inside a transaction): filling the vectors
            # rewrote every row, and the dead copies would double what a search reads.
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            cursor.execute(f"{vacuum}ANALYZE panel_site_searchentry, panel_site_searchword")
    return SearchEntry.objects.count()


def remove_object(obj):
    """Take a deleted thing out of the index."""
    kind = MODEL_KINDS.get(type(obj))
    if kind:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
        cache.delete(FILTER_OPTIONS_KEY)


def index_object(obj):
    """Index again whatever a change to `obj` may have changed, once the change is committed."""
    # Robust: a failure to index (a locked database, say) is logged and must never undo or
    # repeat the change itself; `rebuild_search_index` mends the index.
    meeting_id = _meeting_of(obj)
    if meeting_id:
        transaction.on_commit(lambda: reindex_meeting(meeting_id), robust=True)
    plan_id = _plan_of(obj)
    if plan_id:
        transaction.on_commit(lambda: reindex_plan(plan_id), robust=True)
    member_ids = _members_of(obj)
    if member_ids:
        transaction.on_commit(lambda: reindex_members(member_ids), robust=True)


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


# Searching

TERM = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
SUFFIXES = ("ing", "ed", "es", "s")
PLAIN_WORD = re.compile(r"[A-Za-z0-9]+")


def clean_query(raw):
    """The query as searched: without NULs and control characters, at most 200 characters."""
    text = "".join(char for char in raw if char.isprintable() or char == " ")
    return " ".join(text.split())[:QUERY_MAX_CHARS]


def _stem(word):
    # SQLite has no stemmer: cutting a common ending lets "policing" find "police".
    for suffix in SUFFIXES:
        if len(word) > len(suffix) + 3 and word.lower().endswith(suffix):
            return word[: -len(suffix)]
    return word


def _terms(query):
    """(groups, unwanted) for the SQLite fallback: a row must hold every word or phrase of one
    group (groups are parted by "or") and none of the unwanted ones."""
    groups, unwanted = [[]], []
    for minus_phrase, phrase, minus_word, word in TERM.findall(query):
        if phrase.strip():
            (unwanted if minus_phrase else groups[-1]).append(phrase.strip())
        elif word:
            word = word.strip("&|!:*()'\\<>")
            if word.lower() == "or" and not minus_word:
                groups.append([])
            elif word:
                (unwanted if minus_word else groups[-1]).append(_stem(word))
    return [group for group in groups if group], unwanted


def _postgresql_query(query):
    """websearch_to_tsquery's syntax, with English stemming. A query of plain words with an
    abbreviation in capitals also finds the words it begins ("PCSO" finds "PCSOs", which the
    English stemmer keeps whole; "HMIC" finds "HMICFRS")."""
    search_query = SearchQuery(query, search_type="websearch", config="english")
    words = PLAIN_WORD.findall(query)
    plain = not re.search(r'["-]', query) and "or" not in (word.lower() for word in words)
    # Only for abbreviations: the stemmer already finds the other forms of an ordinary word.
    if not plain or not any(_is_abbreviation(word) for word in words):
        return search_query
    alternative = None
    for word in words:
        if _is_abbreviation(word):
            begun = _words_beginning(word.lower())
            if not begun:
                return search_query
            # The index's own words, matched as they are.
            part = SearchQuery(" | ".join(begun), search_type="raw", config="simple")
        else:
            part = SearchQuery(word, config="english")
        alternative = part if alternative is None else alternative & part
    return search_query | alternative


def _is_abbreviation(word):
    return len(word) > 1 and word.isupper()


def _words_beginning(prefix):
    """The index's words that begin with `prefix`, the shortest first (SearchWord says why)."""
    # Letters and digits only, so that the raw query made of them cannot carry an operator.
    words = (
        SearchWord.objects.filter(word__startswith=prefix, word__regex=r"^[a-z0-9]+$")
        .order_by(Length("word"), "word")
        .values_list("word", flat=True)
    )
    return list(words[:ABBREVIATION_WORDS_MAX])


def _contains(term):
    return Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term)


def filter_options():
    """(committees, years) that the search's filters offer: those of the entries in the index."""
    # Two scans of the index on every search, for lists that change a few times a year.
    options = cache.get(FILTER_OPTIONS_KEY)
    if options is None:
        entries = SearchEntry.objects.order_by()
        committees = entries.exclude(committee="").values_list("committee", flat=True)
        years = entries.exclude(year=None).values_list("year", flat=True)
        options = (
            sorted(committees.distinct()),
            sorted(years.distinct(), reverse=True),
        )
        cache.set(FILTER_OPTIONS_KEY, options, FILTER_OPTIONS_SECONDS)
    return options


def _matches_and_rank(entries, query):
    """The `entries` matching `query`, and the expression that ranks them (higher is better)."""
    if is_postgresql():
        search_query = _postgresql_query(query)
        return entries.filter(search_vector=search_query), SearchRank(
            F("search_vector"), search_query
        )
    groups, unwanted = _terms(query)
    matches = Q(pk__in=[])
    for group in groups:
        matches |= reduce(operator.and_, [_contains(term) for term in group])
    entries = entries.filter(matches)
    for term in unwanted:
        entries = entries.exclude(_contains(term))
    score = Value(0)
    for term in dict.fromkeys(term for group in groups for term in group):
        score = score + Case(
            When(title__icontains=term, then=Value(4)),
            When(summary__icontains=term, then=Value(2)),
            When(body__icontains=term, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return entries, score


# Planner settings for a walk through an index, reading rows until a LIMIT: not knowing where
# the walk stops, PostgreSQL would rather read the table through, and it compiled the query to
# machine code first (JIT, 25 ms for a walk of 6 ms).
WALK = {"enable_bitmapscan": "off", "enable_seqscan": "off", "jit": "off"}
# ... and for the counts through the GIN indexes (see _capped_counts).
GIN_COUNT = {"enable_seqscan": "off", "random_page_cost": "1.1", "work_mem": "512kB"}


@contextmanager
def _planned_with(settings):
    """A cursor in a transaction where PostgreSQL plans with `settings`, rolled back after: the
    queries only read, and inside an outer transaction the settings would outlast the savepoint
    and slow the searches after it (a GIN index is read by bitmap only)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if is_postgresql():
            calls = ", ".join("set_config(%s, %s, true)" for _ in settings)
            cursor.execute(f"SELECT {calls}", [part for item in settings.items() for part in item])
        yield cursor
        transaction.set_rollback(True)


def search(query, *, kind="", committee="", year=None):
    """The entries matching `query`, best first, and how many there are.

    Returns (entries, counts, total): a queryset of the matches listed; a list of (kind value,
    label, count) for each kind found, before the kind filter, where a count of None stands for
    "more than KIND_COUNT_CAP"; and the number of matches listed with the kind filter, where
    RESULTS_CAP + 1 stands for "more than RESULTS_CAP". When more than RESULTS_CAP entries
    match, only the RESULTS_CAP most recent are ranked and listed.
    """
    scope = SearchEntry.objects.all()
    if committee:
        scope = scope.filter(committee=committee)
    if year:
        # As dates, which the date index finds: a walk from the newest entries read every
        # entry of the later years to reach the year's (440 ms for 2019 at N=1).
        scope = scope.filter(date__year=year)
    entries, rank = _matches_and_rank(scope, query)
    # One committee's entries are few (4,900 at N=1): PostgreSQL's own plan finds the most
    # recent of them sooner than a walk through the newest entries of every committee.
    walk = not committee
    newest, walked = _most_recent(scope, entries, walk=walk)
    # A kind's newest entries are walked in the order of their objects' ids, not by date: a
    # year's entries are not among them. And where the newest entries of every kind held
    # too few matches, those of each kind will too.
    counts = _counts(scope, entries, newest, walk=walked and not year)
    if kind and len(newest) > RESULTS_CAP:
        # Walked through the same newest entries of every kind (finding a kind's own newest
        # read the whole of 2019, 51 ms, for 2019's minutes), when the kind was found often
        # there: otherwise the walk would find too few, and only waste time.
        often = sum(entry_kind == kind for _, entry_kind in newest) > KIND_COUNT_CAP
        newest, _ = _most_recent(scope, entries.filter(kind=kind), walk=walk and often)
    elif kind:
        newest = [(pk, entry_kind) for pk, entry_kind in newest if entry_kind == kind]
    listed = [pk for pk, _ in newest[:RESULTS_CAP]]
    # The page never shows the vector, nor on PostgreSQL the body (snippets are made apart).
    unread = ("body", "search_vector") if is_postgresql() else ("search_vector",)
    ranked = SearchEntry.objects.filter(pk__in=listed).annotate(rank=rank).defer(*unread)
    return ranked.order_by("-rank", "-date", "pk"), counts, len(newest)


def _most_recent(scope, entries, *, walk=True):
    """(pk, kind) of the RESULTS_CAP + 1 most recent of `entries`, the matches among `scope`,
    looked for first by walking the newest entries (on PostgreSQL, unless `walk` is False);
    and whether the walk found them all.

    Ranking reads each match's words: for a broad search that was most of the page's time.
    Residents mostly want recent papers: a search that finds more than RESULTS_CAP ranks the
    most recent only; one that finds fewer is ranked in full.
    """
    limit = RESULTS_CAP + 1
    recent = entries.order_by("-date", "-pk").values_list("pk", "kind")
    if walk and is_postgresql():
        # PostgreSQL takes the words of a phrase, or of two words often found together, as
        # unrelated: it expected 2,950 entries to match "child sexual exploitation" where
        # 88,000 do, so it collected and sorted them all (200 ms), where walking the date index
        # from the newest reaches the 1,000th match in 3 ms. So walk first; but only through the
        # NEWEST_WALKED newest entries, as a word found only in old papers would have the walk
        # read the whole table.
        oldest_walked = scope.order_by("-date", "-pk").values("date")[
            NEWEST_WALKED - 1 : NEWEST_WALKED
        ]
        walk = recent.filter(date__gte=Subquery(oldest_walked))
        with _planned_with(WALK):
            newest = list(walk[:limit])
        if len(newest) == limit:
            return newest, True
        # Fewer there: the rest are older, and PostgreSQL's own plan finds them (through the
        # GIN index, for a search that matches few).
    return list(recent[:limit]), False


def _counts(scope, entries, newest, *, walk=True):
    """(kind value, label, count) for each kind found, where None means "more than
    KIND_COUNT_CAP"; `newest` are the (pk, kind) of the most recent matches.

    Counting every match of a broad search read each of them and took longer than the rest of
    the page; even counting each kind up to 1,000 through its own GIN index built a bitmap of
    all its matches (20-35 ms for "domestic abuse" at N=1). The most recent matches already
    tell the kinds found often among them. The other kinds of which a meeting has many are
    counted among their newest KIND_WALKED entries first; the rest, and a kind found rarely
    there, through its GIN index (cheap for a kind with few entries, or few matches).
    """
    found = Counter(entry_kind for _, entry_kind in newest)
    if len(newest) <= RESULTS_CAP:  # every match is among them: the counts are exact
        by_kind = found
    else:
        by_kind = {value: None for value, count in found.items() if count > KIND_COUNT_CAP}
        if walk:
            many = [value for value in MANY_PER_MEETING if value not in by_kind]
            walked = _capped_counts(entries, many, among_newest_of=scope)
            by_kind |= {value: None for value, count in walked.items() if count is None}
        rest = [value for value in Kind.values if value not in by_kind]
        by_kind |= _capped_counts(entries, rest)
    counts = [(value, label, by_kind.get(value, 0)) for value, label in Kind.choices]
    return [(value, label, count) for value, label, count in counts if count != 0]


def _capped_counts(entries, kinds, among_newest_of=None):
    """{kind: count} of `entries` of each of `kinds`, each counted up to KIND_COUNT_CAP + 1,
    in one query; None for a count over KIND_COUNT_CAP. With `among_newest_of` (a scope), only
    among the KIND_WALKED newest entries of each kind in it, which are walked one by one."""
    parts, params = [], []
    for value in kinds:
        of_kind = entries.filter(kind=value)
        if among_newest_of is not None:
            newest = among_newest_of.filter(kind=value).order_by("-object_id").values("object_id")
            first = Coalesce(Subquery(newest[KIND_WALKED - 1 : KIND_WALKED]), 0)
            of_kind = of_kind.filter(object_id__gte=first)
        capped = of_kind.order_by().values("pk")[: KIND_COUNT_CAP + 1]
        sql, capped_params = capped.query.sql_with_params()
        # Safe: `sql` is Django's own compiled query, with every value left as a parameter.
        parts.append(f"SELECT %s, COUNT(*) FROM ({sql}) AS capped")  # noqa: S608
        params += [value, *capped_params]
    if not parts:
        return {}
    # Walked through each kind's (kind, object_id) index, reading rows until the cap: for a kind
    # in which a tenth of the entries match, a thousand rows. Otherwise through the GIN indexes:
    # for a word in most entries PostgreSQL expects the cap to come early in a scan of the
    # table, but the kinds lie in runs, and a scan for the last kind read the table through
    # (360 ms at N=1, against 60 ms through the kind's index). With the default cost of a random
    # read (4, for spinning disks) it collected all 145,000 papers matching "report" (18 ms)
    # rather than walk the kind's entries to the cap (3 ms). Each kind has a GIN index of its
    # own (migration 0005), so each count reads only its kind's matches; with less memory
    # (512 kB, not 4 MB) a large bitmap of them keeps pages rather than rows, up to 15% quicker.
    with _planned_with(WALK if among_newest_of is not None else GIN_COUNT) as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        counts = dict(cursor.fetchall())
    return {value: None if count > KIND_COUNT_CAP else count for value, count in counts.items()}


def add_snippets(entries, query):
    """Give each entry of the page shown a `snippet`: escaped HTML with the words marked."""
    entries = list(entries)
    if not entries:
        return entries
    if is_postgresql():
        search_query = _postgresql_query(query)
        headlines = dict(
            SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries])
            .annotate(
                headline=SearchHeadline(
                    Left(
                        Concat("summary", Value(" "), "body", output_field=TextField()),
                        SNIPPET_SOURCE_CHARS,
                    ),
                    search_query,
                    config="english",
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=35,
                    min_words=15,
                )
            )
            .values_list("pk", "headline")
        )
        for entry in entries:
            entry.snippet = _marked(headlines.get(entry.pk) or entry.summary[:300])
    else:
        groups, _ = _terms(query)
        wanted = [term for group in groups for term in group]
        for entry in entries:
            entry.snippet = _marked(_window(f"{entry.summary} {entry.body}", wanted))
    return entries


def _window(text, terms):
    lowered = text.lower()
    found = [lowered.find(term.lower()) for term in terms if term.lower() in lowered]
    start = max(min(found) - 80, 0) if found else 0
    window = text[start : start + 300]
    for term in terms:
        pattern = re.compile(re.escape(term), re.IGNORECASE)
        window = pattern.sub(lambda match: MARK_START + match.group(0) + MARK_END, window)
    return ("…" if start else "") + window + ("…" if start + 300 < len(text) else "")


def _marked(text):
    """Escape a snippet, then turn the marks into <mark> elements."""
    # Markdown's marks (headings, emphasis, tables) are noise in a one-line extract.
    text = MARKDOWN_MARKS.sub(" ", text)
    escaped = html.escape(" ".join(text.split()))
    # Safe: every character of the text was escaped just above; only the marks become tags.
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308
