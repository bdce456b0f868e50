"""The site search's query: what matches, how it ranks, how many of each kind, and the snippets.

It reads only the index (models.py), which index.py keeps; never the content apps' own tables.
"""

import html
import operator
import re
from collections import Counter
from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Left, Length
from django.utils.safestring import mark_safe

from .models import SearchEntry, SearchWord

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


def is_postgresql():
    return connection.vendor == "postgresql"


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


def entries_of(pairs):
    """A filter for the entries of these things, (kind, object id) pairs, however many."""
    by_kind = {}
    for kind, object_id in pairs:
        by_kind.setdefault(kind, []).append(object_id)
    return reduce(
        operator.or_,
        [Q(kind=kind, object_id__in=ids) for kind, ids in by_kind.items()],
        Q(pk__in=[]),
    )


def matching(query, among, *, kind="", committee="", year=None):
    """Which of the entries `among` ((kind, object id) pairs) a search finds: the words of the
    search page with its filters. For alerts/, which asks it of one day's changes."""
    scope = SearchEntry.objects.all()
    if kind:
        scope = scope.filter(kind=kind)
    if committee:
        scope = scope.filter(committee=committee)
    if year:
        scope = scope.filter(date__year=year)
    if not among:
        return set()
    entries, _rank = _matches_and_rank(scope.filter(entries_of(among)), query)
    return set(entries.values_list("kind", "object_id"))


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
    # own (panel_site's migration 0005), so each count reads only its kind's matches; with less
    # memory (512 kB, not 4 MB) a large bitmap of them keeps pages rather than rows, up to 15%
    # quicker.
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
