"""Benchmark data: a national service's worth of committees, meetings, papers, minutes, questions
and plans, for measuring the site at scale (issue 8). `manage.py generate_bench_data --scale N`.

At scale 1: 100 committees x 10 years x 10 meetings (10,000 meetings), 15 agenda items each
(150,000 items and papers), a minute and a resolution for each item (300,000), 2,000 members with
their seats and attendance, 50,000 public questions, and 20 plans with priorities, outcomes,
commitments, measures and readings. Everything scales linearly with N (N=0.01 for quick runs).

Rows are written straight into the tables with ids of our own (COPY on PostgreSQL, executemany
on SQLite): the ORM's save() would take hours at this size. Nothing here sends signals, so no
history rows are written and the search index is filled at the end, in SQL on PostgreSQL and
by search.index.rebuild() on SQLite. The text is made of sentences built from a vocabulary of
policing and panel words with a fixed seed, so every run makes the same data.

For bench databases only: it refuses a database that holds anything else unless forced.
"""

import datetime
import io
import random
import time
from decimal import Decimal

from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from complaints.models import Complaint, Question
from meetings.models import (
    Action,
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    Council,
    Meeting,
    Member,
    Membership,
    Minute,
    Paper,
    Resolution,
)
from panel_site import page_cache
from plans.models import (
    Commitment,
    FundingLine,
    GlossaryTerm,
    Measure,
    MeasureReading,
    Office,
    OfficeHolder,
    Outcome,
    Plan,
    Priority,
)
from search import index as search_index
from search.models import SearchEntry, SearchWord
from search.query import FILTER_OPTIONS_KEY

PREFIX = "bench-"
SEED = 2014
# At scale 1.
COMMITTEES = 100
MEETINGS = 10_000
ITEMS_PER_MEETING = 15
MEMBERS = 2_000
QUESTIONS = 50_000
PLANS = 20
PRIORITIES_PER_PLAN = 5
# Meetings are spread over these ten years; the last months lie ahead, so some are upcoming.
FIRST_DAY = datetime.date(2017, 4, 1)
YEARS = 10
# Rows written per COPY or executemany.
BATCH = 20_000

# Every table the generator writes, parents first (the order rows are written in).
MODELS = [
    Office,
    OfficeHolder,
    Plan,
    Priority,
    Outcome,
    Commitment,
    Measure,
    MeasureReading,
    FundingLine,
    GlossaryTerm,
    Council,
    Committee,
    Member,
    Membership,
    Meeting,
    AgendaItem,
    AgendaItem.priorities.through,
    Paper,
    Minute,
    Resolution,
    Action,
    Attendance,
    Question,
]

TOPICS = [
    "domestic abuse",
    "the 101 non-emergency service",
    "999 call handling",
    "the HMICFRS inspection",
    "reoffending",
    "PCSO numbers",
    "child sexual exploitation",
    "road safety",
    "rural crime",
    "hate crime",
    "the budget and precept",
    "victims' services",
    "neighbourhood policing",
    "cyber crime",
    "anti-social behaviour",
    "knife crime",
    "drug supply and county lines",
    "modern slavery",
    "complaints handling",
    "the estates strategy",
    "workforce planning",
    "stop and search",
    "violence against women and girls",
    "fraud against older people",
    "burglary",
    "youth offending",
    "mental health crisis care",
    "custody suites",
    "body-worn video",
    "organised crime groups",
    "restorative justice",
    "community safety partnerships",
    "firearms licensing",
    "officer wellbeing",
    "recruitment and diversity",
    "the public confidence survey",
    "the capital programme",
    "the reserves strategy",
    "vehicle crime",
    "shoplifting",
]
SUBJECTS = [
    "The panel",
    "Members",
    "The Commissioner",
    "The Chief Constable",
    "The Deputy Mayor",
    "Officers",
    "The scrutiny officer",
    "The force",
    "Partners",
    "The Chair",
    "The Chief Finance Officer",
    "A co-opted member",
]
VERBS = [
    "noted",
    "welcomed",
    "asked about",
    "questioned",
    "considered",
    "reviewed",
    "raised concerns about",
    "received an update on",
    "discussed",
    "requested a further report on",
    "challenged",
    "supported",
]
OBJECTS = [
    "progress on",
    "performance on",
    "the latest figures for",
    "the action plan for",
    "the funding of",
    "the inspection findings on",
    "the recommendations about",
    "response times for",
    "the consultation on",
    "the delivery plan for",
    "partnership working on",
    "the risks around",
]
PLACES = [
    "",
    " in Barnsley",
    " in Doncaster",
    " in Rotherham",
    " in Sheffield",
    " across South Yorkshire",
    " in rural areas",
    " in the city centre",
    " in the districts",
]
TIMES = [
    "",
    " for the last quarter",
    " since the last meeting",
    " over the year",
    " against the plan",
    " compared with last year",
    " ahead of the budget",
]
MEASURED = [
    "Recorded crime",
    "Emergency response times",
    "Victim satisfaction",
    "Calls answered within target",
    "Arrests",
    "Repeat victims",
    "Charge rates",
    "Neighbourhood patrol hours",
]
ITEM_TITLES = [
    "Apologies for absence",
    "Declarations of interest",
    "Minutes of the previous meeting",
    "Questions from members of the public",
]
REPORT_KINDS = [
    "Report on",
    "Update on",
    "Scrutiny of",
    "Performance report:",
    "Inspection findings:",
    "Commissioner's update on",
]
FIRST_NAMES = "Amira Ben Chloe Dev Ellen Farid Grace Harun Isla Jon Kiran Leah Musa".split()  # noqa: SIM905
LAST_NAMES = "Ashworth Bell Carter Dalton Ellis Fenwick Gill Hussain Iqbal Jowett".split()  # noqa: SIM905
OPEN_STATUSES = [Action.Status.OPEN, Action.Status.IN_PROGRESS]
AUTHORS = ["Commissioner", "Chief Constable", "scrutiny officer"]
COUNCILS = ["Barnsley", "Doncaster", "Rotherham", "Sheffield"]
AREAS = [choice.value for choice in MeasureReading.Area]


def counts(scale):
    """How many of each thing to make at `scale`: linear in it, with a few of each at least."""

    def n(value, least=1):
        return max(least, round(value * scale))

    return {
        "committees": n(COMMITTEES),
        "meetings": n(MEETINGS, 4),
        "members": n(MEMBERS, 10),
        "questions": n(QUESTIONS, 10),
        "plans": n(PLANS, 2),
    }


class Prose:
    """Sentences from the vocabulary, drawn from a pool made once (drawing words one by one
    for a million passages would take minutes)."""

    def __init__(self, rng, pool_size=20_000):
        self.rng = rng
        self.pool = [self._sentence() for _ in range(pool_size)]

    def _sentence(self):
        rng = self.rng
        if rng.random() < 0.15:
            change = rng.choice(["rose", "fell"])
            return (
                f"{rng.choice(MEASURED)}{rng.choice(PLACES)} {change} by {rng.randint(1, 25)}% "
                f"to {rng.randint(100, 20_000):,}{rng.choice(TIMES)}."
            )
        return (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(TOPICS)}{rng.choice(PLACES)}{rng.choice(TIMES)}."
        )

    def sentences(self, count):
        return " ".join(self.rng.choices(self.pool, k=count))

    def paragraphs(self, count, sentences=5):
        return "\n\n".join(self.sentences(sentences) for _ in range(count))


def _first_ids():
    """The id each table's new rows start from: after any rows it holds (only when forced)."""
    ids = {}
    with connection.cursor() as cursor:
        for model in MODELS:
            cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")  # noqa: S608
            ids[model] = (cursor.fetchone()[0] or 0) + 1
    return ids


def holds_other_data():
    """Whether the database holds anything not made by this generator."""
    return (
        Committee.objects.exclude(slug__startswith=PREFIX).exists()
        or Member.objects.exclude(slug__startswith=PREFIX).exists()
        or Plan.objects.exclude(slug__startswith=PREFIX).exists()
        or Office.objects.exclude(name__startswith="Bench ").exists()
        or Council.objects.exclude(name__endswith=" (bench)").exists()
        or Complaint.objects.exists()
    )


def holds_bench_data():
    return Committee.objects.filter(slug__startswith=PREFIX).exists()


def clear():
    """Empty every table the generator writes, and the search index: for a bench database
    only, which the command checks first."""
    tables = [model._meta.db_table for model in [*MODELS, SearchEntry, SearchWord]]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in reversed(tables):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


class Writer:
    """Writes rows (dicts of field attnames) into a model's table; unnamed fields take their
    model default, so the rows say only what matters."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"
        self.written = {}

    def write(self, model, rows):
        fields = model._meta.concrete_fields
        defaults = {field.attname: field.get_default() for field in fields}
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = model._meta.db_table
        total = 0
        batch = []
        for row in rows:
            batch.append([row.get(field.attname, defaults[field.attname]) for field in fields])
            if len(batch) >= BATCH:
                total += self._flush(table, columns, fields, batch)
                batch = []
        total += self._flush(table, columns, fields, batch)
        self.written[model] = self.written.get(model, 0) + total
        return total

    def _flush(self, table, columns, fields, batch):
        if not batch:
            return 0
        with connection.cursor() as cursor:
            if self.postgresql:
                buffer = io.StringIO()
                for values in batch:
                    buffer.write("\t".join(_copy_text(value) for value in values))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            else:
                marks = ", ".join(["%s"] * len(fields))
                prepared = [
                    [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(fields, values, strict=True)
                    ]
                    for values in batch
                ]
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)  # noqa: S608
        return len(batch)


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date | Decimal | int | float):
        return str(value)
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def generate(scale, *, log=print):
    """Make the data at `scale` in the database. Returns {model: rows written}."""
    sizes = counts(scale)
    rng = random.Random(SEED)  # noqa: S311 - made-up data, the same on every run
    prose = Prose(rng)
    writer = Writer()
    ids = _first_ids()
    started = time.perf_counter()
    with transaction.atomic():
        indexes = _drop_indexes(MODELS) if writer.postgresql else []
        plans, priorities_by_plan = _plans(writer, ids, rng, prose, sizes)
        _meetings(writer, ids, rng, prose, sizes, plans, priorities_by_plan)
        log(f"Rows written in {time.perf_counter() - started:.0f} s.")
        if writer.postgresql:
            started = time.perf_counter()
            _recreate_indexes(indexes)
            log(f"Indexes made in {time.perf_counter() - started:.0f} s.")
            _reset_sequences()
    started = time.perf_counter()
    entries = fill_search_index()
    log(f"Search index of {entries:,} entries filled in {time.perf_counter() - started:.0f} s.")
    started = time.perf_counter()
    _analyze()
    log(f"VACUUM and ANALYZE in {time.perf_counter() - started:.0f} s.")
    # Nothing above sent a signal: forget pages and filters kept from before.
    page_cache.start_new_generation()
    cache.delete(FILTER_OPTIONS_KEY)
    return writer.written


def _plans(writer, ids, rng, prose, sizes):
    office_id = ids[Office]
    writer.write(Office, [{"id": office_id, "name": "Bench Police and Crime Commissioner"}])
    holder_ids = [ids[OfficeHolder], ids[OfficeHolder] + 1]
    writer.write(
        OfficeHolder,
        [
            {
                "id": holder_ids[0],
                "office_id": office_id,
                "name": "Alex Bench",
                "start_date": datetime.date(2016, 5, 12),
                "end_date": datetime.date(2021, 5, 12),
            },
            {
                "id": holder_ids[1],
                "office_id": office_id,
                "name": "Sam Bench",
                "start_date": datetime.date(2021, 5, 13),
            },
        ],
    )
    plan_count = sizes["plans"]
    # Only one plan can be current: the newest, unless the database has one already (forced).
    has_current = Plan.objects.current().exists()
    plans = []
    for number in range(plan_count):
        published = FIRST_DAY + datetime.timedelta(days=number * 365 * YEARS // plan_count)
        is_current = number == plan_count - 1 and not has_current
        plans.append(
            {
                "id": ids[Plan] + number,
                "title": f"Police and Crime Plan {published.year} refresh {number + 1}",
                "slug": f"{PREFIX}plan-{number + 1}",
                "period": f"{published.year}-{(published.year + 4) % 100:02d}",
                "office_holder_id": holder_ids[published.year >= 2021],
                "status": Plan.Status.CURRENT if is_current else Plan.Status.SUPERSEDED,
                "published_on": published,
                "vision": prose.sentences(2),
                "mission": prose.sentences(2),
                "summary": prose.sentences(4),
                "refreshes_id": ids[Plan] + number - 1 if number else None,
                "funding_previous_year": f"{published.year - 1}/{published.year % 100:02d}",
                "funding_current_year": f"{published.year}/{(published.year + 1) % 100:02d}",
            }
        )
    writer.write(Plan, plans)

    priorities, outcomes, commitments, measures, readings = [], [], [], [], []
    funding, glossary = [], []
    priorities_by_plan = {}
    for plan in plans:
        for order in range(PRIORITIES_PER_PLAN):
            topic = TOPICS[(plan["id"] * 7 + order * 3) % len(TOPICS)]
            priority_id = ids[Priority] + len(priorities)
            priorities_by_plan.setdefault(plan["id"], []).append(priority_id)
            priorities.append(
                {
                    "id": priority_id,
                    "plan_id": plan["id"],
                    "order": order,
                    "title": f"Tackling {topic}",
                    "slug": f"priority-{order + 1}",
                    "summary": prose.sentences(3),
                    "where_we_are_now": prose.paragraphs(3),
                }
            )
            for number in range(4):
                outcomes.append(
                    {
                        "id": ids[Outcome] + len(outcomes),
                        "priority_id": priority_id,
                        "order": number,
                        "text": prose.sentences(1),
                    }
                )
            for number in range(6):
                commitments.append(
                    {
                        "id": ids[Commitment] + len(commitments),
                        "priority_id": priority_id,
                        "order": number,
                        "text": prose.sentences(1),
                        "progress": rng.choice(Commitment.Progress.values),
                    }
                )
            for number in range(3):
                measure_id = ids[Measure] + len(measures)
                measures.append(
                    {
                        "id": measure_id,
                        "priority_id": priority_id,
                        "name": f"{MEASURED[(order + number) % len(MEASURED)]} ({plan['slug']})",
                        "slug": f"{PREFIX}measure-{measure_id}",
                        "unit": "crimes" if number else "%",
                        "higher_is_better": number != 1,
                        "source": "Force performance data",
                        "description": prose.sentences(2),
                    }
                )
                for year in range(8):
                    for area in AREAS:
                        readings.append(
                            {
                                "id": ids[MeasureReading] + len(readings),
                                "measure_id": measure_id,
                                "period": f"{2016 + year}/{(17 + year) % 100:02d}",
                                "period_end": datetime.date(2017 + year, 3, 31),
                                "area": area,
                                "value": Decimal(rng.randint(100, 90_000)) / 10,
                            }
                        )
        for order, label in enumerate(["Police grant", "Precept", "Council tax freeze grant"]):
            funding.append(
                {
                    "id": ids[FundingLine] + len(funding),
                    "plan_id": plan["id"],
                    "order": order,
                    "label": label,
                    "amount_previous": Decimal(rng.randint(100, 1500)) / 10,
                    "amount_current": Decimal(rng.randint(100, 1500)) / 10,
                }
            )
        for term in ["PCSO", "HMICFRS", "IOPC"]:
            glossary.append(
                {
                    "id": ids[GlossaryTerm] + len(glossary),
                    "plan_id": plan["id"],
                    "term": term,
                    "definition": prose.sentences(1),
                }
            )
    for model, rows in [
        (Priority, priorities),
        (Outcome, outcomes),
        (Commitment, commitments),
        (Measure, measures),
        (MeasureReading, readings),
        (FundingLine, funding),
        (GlossaryTerm, glossary),
    ]:
        writer.write(model, rows)
    return plans, priorities_by_plan


def _meetings(writer, ids, rng, prose, sizes, plans, priorities_by_plan):
    council_ids = [ids[Council] + number for number in range(len(COUNCILS))]
    writer.write(
        Council,
        [
            {"id": council_id, "name": f"{name} (bench)", "order": order}
            for order, (council_id, name) in enumerate(zip(council_ids, COUNCILS, strict=True))
        ],
    )
    committee_count = sizes["committees"]
    committees = [
        {
            "id": ids[Committee] + number,
            "name": f"Police and Crime Panel {number + 1}",
            "slug": f"{PREFIX}panel-{number + 1}",
            "description": prose.sentences(2),
        }
        for number in range(committee_count)
    ]
    writer.write(Committee, committees)

    # Members: an even share of each committee, a tenth of them co-opted independents.
    members, memberships = [], []
    seats = {committee["id"]: [] for committee in committees}
    for number in range(sizes["members"]):
        member_id = ids[Member] + number
        committee_id = committees[number % committee_count]["id"]
        co_opted = number % 10 == 9
        first_seat = not seats[committee_id]
        seats[committee_id].append(member_id)
        members.append(
            {
                "id": member_id,
                "name": f"{FIRST_NAMES[number % 13][0]}. {LAST_NAMES[number // 13 % 10]}",
                "slug": f"{PREFIX}member-{number + 1}",
                "title": "Mr." if co_opted else "Councillor",
                "party": "" if co_opted else rng.choice(["Labour", "Conservative", "Lib Dem"]),
                "council_id": None if co_opted else council_ids[number % 4],
                "pen_portrait": prose.sentences(3),
            }
        )
        role = Membership.Role.CO_OPTED if co_opted else Membership.Role.MEMBER
        memberships.append(
            {
                "id": ids[Membership] + number,
                "member_id": member_id,
                "committee_id": committee_id,
                "role": Membership.Role.CHAIR if first_seat else role,
                "start": FIRST_DAY,
            }
        )
    writer.write(Member, members)
    writer.write(Membership, memberships)

    # Meetings: each committee's spread evenly over the ten years, at 10:00 or 14:00.
    now = timezone.now()
    meeting_count = sizes["meetings"]
    per_committee = -(-meeting_count // committee_count)
    step_days = 365 * YEARS / per_committee
    plan_starts = [(plan["published_on"], plan["id"]) for plan in plans]
    meetings = []
    for number in range(meeting_count):
        committee = committees[number % committee_count]
        sequence = number // committee_count
        day = FIRST_DAY + datetime.timedelta(
            days=int(sequence * step_days) + number % committee_count % 28
        )
        start = _at(day, 10 if number % 2 else 14)
        past = start < now
        status = Meeting.Status.HELD if past else Meeting.Status.SCHEDULED
        if rng.random() < 0.02:
            status = Meeting.Status.CANCELLED
        meetings.append(
            {
                "id": ids[Meeting] + number,
                "committee_id": committee["id"],
                "slug": f"{committee['slug']}-{day:%Y-%m-%d}-{sequence}",
                "start": start,
                "end": start + datetime.timedelta(hours=2),
                "venue_name": "Town Hall",
                "venue_address": f"{COUNCILS[number % 4]} Town Hall, South Yorkshire",
                "status": status,
                "agenda_published_at": start - datetime.timedelta(days=8),
                # A few drafts, which the public never sees.
                "is_published": rng.random() >= 0.02,
                "_past": past,
                "_day": day,
                "_committee": committee,
            }
        )
    writer.write(Meeting, meetings)

    attendances = []
    for meeting in meetings:
        if meeting["_past"]:
            for member_id in seats[meeting["committee_id"]][:10]:
                status = "apologies" if rng.random() < 0.1 else "present"
                attendances.append(
                    {
                        "id": ids[Attendance] + len(attendances),
                        "meeting_id": meeting["id"],
                        "member_id": member_id,
                        "status": status,
                    }
                )
    writer.write(Attendance, attendances)

    _items(writer, ids, rng, prose, meetings, plan_starts, priorities_by_plan)
    _questions(writer, ids, rng, prose, meetings, sizes["questions"])


def _items(writer, ids, rng, prose, meetings, plan_starts, priorities_by_plan):
    """Agenda items with a paper each; for meetings held, a minute with a resolution, and an
    action for one item in ten. Written table by table, a few meetings at a time in memory."""
    through = AgendaItem.priorities.through
    item_id, link_id, minute_id, action_id = ids[AgendaItem], ids[through], ids[Minute], ids[Action]
    chunk = 500
    for first in range(0, len(meetings), chunk):
        items, links, papers, minutes, resolutions, actions = [], [], [], [], [], []
        for meeting in meetings[first : first + chunk]:
            # The plan in force on the day: its priorities are the ones items scrutinise.
            plan_id = next(
                (pid for published, pid in reversed(plan_starts) if published <= meeting["_day"]),
                plan_starts[0][1],
            )
            for number in range(1, ITEMS_PER_MEETING + 1):
                topic = rng.choice(TOPICS)
                if number <= len(ITEM_TITLES):
                    title = ITEM_TITLES[number - 1]
                else:
                    title = f"{rng.choice(REPORT_KINDS)} {topic}"
                exempt = number == ITEMS_PER_MEETING and rng.random() < 0.1
                items.append(
                    {
                        "id": item_id,
                        "meeting_id": meeting["id"],
                        "number": number,
                        "order": number,
                        "title": title,
                        "summary": prose.sentences(2),
                        "presenter": rng.choice(SUBJECTS[2:7]),
                        "is_exempt": exempt,
                        "exempt_paragraph": "7" if exempt else "",
                        "exempt_reason": prose.sentences(1) if exempt else "",
                    }
                )
                if number > len(ITEM_TITLES) and rng.random() < 0.05:
                    links.append(
                        {
                            "id": link_id,
                            "agendaitem_id": item_id,
                            "priority_id": rng.choice(priorities_by_plan[plan_id]),
                        }
                    )
                    link_id += 1
                papers.append(
                    {
                        "id": ids[Paper] + item_id - ids[AgendaItem],
                        "agenda_item_id": item_id,
                        "title": f"{title}: report of the {rng.choice(AUTHORS)}",
                        "body_markdown": (
                            f"## Purpose of the report\n\n{prose.sentences(4)}\n\n"
                            f"## Background\n\n{prose.paragraphs(2)}\n\n"
                            f"## Recommendations\n\n- {prose.sentences(1)}\n- {prose.sentences(1)}"
                        ),
                        "author": "Scrutiny Officer",
                        "is_published": True,
                    }
                )
                if meeting["_past"]:
                    minutes.append(
                        {
                            "id": minute_id,
                            "agenda_item_id": item_id,
                            "number": f"M{meeting['id']}.{number}",
                            "title": title,
                            "text": prose.sentences(5),
                            "status": Minute.Status.APPROVED,
                            "is_published": True,
                        }
                    )
                    resolution_id = ids[Resolution] + minute_id - ids[Minute]
                    resolutions.append(
                        {
                            "id": resolution_id,
                            "minute_id": minute_id,
                            "number": 1,
                            "text": f"RESOLVED: that {prose.sentences(1)}",
                        }
                    )
                    if number > len(ITEM_TITLES) and number % 10 == 0:
                        actions.append(
                            {
                                "id": action_id,
                                "agenda_item_id": item_id,
                                "resolution_id": resolution_id,
                                "reference": f"Resolution {number}",
                                "text": prose.sentences(1),
                                "owner": rng.choice(SUBJECTS[2:7]),
                                "due_description": "Within 3 months",
                                "due_date": meeting["_day"] + datetime.timedelta(days=90),
                                "status": rng.choice(OPEN_STATUSES),
                            }
                        )
                        action_id += 1
                    minute_id += 1
                item_id += 1
        writer.write(AgendaItem, items)
        writer.write(through, links)
        writer.write(Paper, papers)
        writer.write(Minute, minutes)
        writer.write(Resolution, resolutions)
        writer.write(Action, actions)


def _questions(writer, ids, rng, prose, meetings, count):
    questions = []
    for number in range(count):
        meeting = meetings[number * len(meetings) // count]
        submitted = meeting["start"] - datetime.timedelta(days=10)
        if meeting["_past"]:
            status = rng.choices(["answered", "rejected", "accepted"], [80, 15, 5])[0]
        else:
            status = rng.choice(["received", "accepted"])
        answered = status == "answered"
        questions.append(
            {
                "id": ids[Question] + number,
                "meeting_id": meeting["id"],
                "addressed_to": rng.choice(Question.AddressedTo.values),
                "text": f"What is being done about {rng.choice(TOPICS)}{rng.choice(PLACES)}? "
                + prose.sentences(2),
                "asker_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "email": f"asker{number}@example.org",
                "postcode": "S1 2HH",
                "postcode_district": "S1",
                "in_south_yorkshire": True,
                "declares_local": True,
                "consents_to_name": rng.random() < 0.5,
                # Made from the number: unique, and never mistaken for a real reference.
                "reference": f"B-{number:08d}",
                "status_token": f"{PREFIX}{number}-{rng.getrandbits(64):016x}",
                "status": status,
                "rejection_reason": "repeat" if status == "rejected" else "",
                "answered_by": "the Chair" if answered else "",
                "answer": prose.paragraphs(2) if answered else "",
                "answered_how": "at_meeting" if answered else "",
                "answer_published": answered and rng.random() < 0.9,
                "submitted_at": submitted,
                "decided_at": submitted + datetime.timedelta(days=2),
                "answered_at": meeting["start"] if answered else None,
                "updated_at": submitted + datetime.timedelta(days=2),
            }
        )
    writer.write(Question, questions)


# PostgreSQL: indexes are made once after the load, far faster than kept up row by row.


def _drop_indexes(models):
    """Drop the tables' indexes other than those of constraints; returns how to make them again."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Foreign keys are checked by triggers; the generator's rows are right by construction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(
            """SELECT indexname, indexdef FROM pg_indexes i
               WHERE tablename = ANY(%s) AND schemaname = current_schema()
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]


def _recreate_indexes(definitions):
    with connection.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)


def _reset_sequences():
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [*MODELS, SearchEntry]):
            cursor.execute(sql)


def _analyze():
    # Without fresh statistics PostgreSQL plans full scans over the new rows (NOTES.md, Search).
    # VACUUM too where it may run (never inside a transaction), as autovacuum would soon do on a
    # live site: it marks the new rows visible to all, which spares later reads a check of each
    # row's transaction.
    with connection.cursor() as cursor:
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


# The search index, filled in SQL on PostgreSQL: the same entries as search.index.rebuild()
# makes (tests/panel_site/test_bench_data.py compares them), in a minute instead of half an hour.

LOCAL_START = "(m.start AT TIME ZONE %(tz)s)"
MEETING_FIELDS = f"""c.name, EXTRACT(YEAR FROM {LOCAL_START})::int, {LOCAL_START}::date"""
MEETING_TITLE = f"c.name || ', ' || to_char({LOCAL_START}, 'FMDD FMMonth YYYY')"
ITEM_URL = "'/meetings/' || m.slug || '/items/' || i.number || '/'"
PUBLIC_ITEM = """JOIN meetings_meeting m ON m.id = i.meeting_id AND m.is_published
    JOIN meetings_committee c ON c.id = m.committee_id"""
INSERTS = [
    f"""SELECT 'meeting', m.id, left({MEETING_TITLE}, 300),
        concat_ws(', ', nullif(m.venue_name, ''), nullif(m.venue_address, '')), '',
        '/meetings/' || m.slug || '/', {MEETING_FIELDS}
    FROM meetings_meeting m JOIN meetings_committee c ON c.id = m.committee_id
    WHERE m.is_published""",  # noqa: S608
    f"""SELECT 'agenda_item', i.id, left(i.title, 300), i.summary, i.presenter, {ITEM_URL},
        {MEETING_FIELDS}
    FROM meetings_agendaitem i {PUBLIC_ITEM} WHERE NOT i.is_exempt""",  # noqa: S608
    f"""SELECT 'paper', p.id, left(p.title, 300), i.title, p.body_markdown || E'\\n' || p.author,
        {ITEM_URL}, {MEETING_FIELDS}
    FROM meetings_paper p JOIN meetings_agendaitem i ON i.id = p.agenda_item_id {PUBLIC_ITEM}
    WHERE p.is_published AND NOT i.is_exempt""",  # noqa: S608
    f"""SELECT 'minute', n.id,
        left('Minute ' || n.number || ': ' || coalesce(nullif(n.title, ''), i.title), 300),
        n.text, coalesce((SELECT string_agg(r.text, E'\\n' ORDER BY r.number, r.id)
                          FROM meetings_resolution r WHERE r.minute_id = n.id), ''),
        {ITEM_URL}, {MEETING_FIELDS}
    FROM meetings_minute n JOIN meetings_agendaitem i ON i.id = n.agenda_item_id {PUBLIC_ITEM}
    WHERE n.is_published AND NOT i.is_exempt""",  # noqa: S608
    f"""SELECT 'action', a.id,
        left(coalesce(nullif(a.reference, ''), %(kind_labels)s) || ': ' || i.title, 300),
        a.text, array_to_string(ARRAY[a.source, a.owner] || coalesce((
            SELECT array_agg(r.text ORDER BY r.date, r.id) FROM meetings_actionresponse r
            WHERE r.action_id = a.id), '{{}}'), E'\\n'),
        {ITEM_URL} || '#action-' || a.id, {MEETING_FIELDS}
    FROM meetings_action a JOIN meetings_agendaitem i ON i.id = a.agenda_item_id {PUBLIC_ITEM}
    WHERE NOT i.is_exempt""",  # noqa: S608
    f"""SELECT 'question', q.id,
        CASE WHEN q.addressed_to = 'panel' THEN 'Question to the Police and Crime Panel'
             ELSE 'Question to the police and crime commissioner' END,
        q.text, q.answer, '/meetings/' || m.slug || '/#question-' || q.id, {MEETING_FIELDS}
    FROM complaints_question q JOIN meetings_meeting m ON m.id = q.meeting_id AND m.is_published
        JOIN meetings_committee c ON c.id = m.committee_id
    WHERE q.status = 'answered' AND q.answer_published""",  # noqa: S608
    """SELECT 'priority', r.id, left(r.title, 300), r.summary, r.where_we_are_now,
        '/plans/' || p.slug || '/' || r.slug || '/', '', EXTRACT(YEAR FROM p.published_on)::int,
        p.published_on
    FROM plans_priority r JOIN plans_plan p ON p.id = r.plan_id AND p.status <> 'draft'""",
    """SELECT 'outcome', o.id, left(o.text, 300), r.title, '',
        '/plans/' || p.slug || '/' || r.slug || '/', '', EXTRACT(YEAR FROM p.published_on)::int,
        p.published_on
    FROM plans_outcome o JOIN plans_priority r ON r.id = o.priority_id
        JOIN plans_plan p ON p.id = r.plan_id AND p.status <> 'draft'""",
    """SELECT 'commitment', o.id, left(o.text, 300), r.title, '',
        '/plans/' || p.slug || '/' || r.slug || '/', '', EXTRACT(YEAR FROM p.published_on)::int,
        p.published_on
    FROM plans_commitment o JOIN plans_priority r ON r.id = o.priority_id
        JOIN plans_plan p ON p.id = r.plan_id AND p.status <> 'draft'""",
    """SELECT 'member', m.id, left(btrim(m.title || ' ' || m.name), 300),
        concat_ws(' ', (
            SELECT string_agg(%(role_labels)s || ', ' || c.name
                || coalesce(', from ' || to_char(s.start, 'FMDD FMMonth YYYY'), '')
                || coalesce(' to ' || to_char(s."end", 'FMDD FMMonth YYYY'), '') || '.',
                ' ' ORDER BY s.start DESC, s.id)
            FROM meetings_membership s JOIN meetings_committee c ON c.id = s.committee_id
            WHERE s.member_id = m.id), u.name || '.', 'Party: ' || nullif(m.party, '') || '.'),
        m.pen_portrait, '/members/' || m.slug || '/', '', NULL::int, NULL::date
    FROM meetings_member m LEFT JOIN meetings_council u ON u.id = m.council_id""",
]


def fill_search_index():
    """Empty the search index and fill it with everything public. Returns the entry count."""
    # The SQL below cannot read attached PDFs and DOCX files: the generator attaches none, but a
    # database it was forced into may hold some.
    if connection.vendor != "postgresql" or Attachment.objects.exists():
        return search_index.rebuild()
    kind_labels = "CASE a.kind " + " ".join(
        f"WHEN '{value}' THEN '{label}'" for value, label in Action.Kind.choices
    )
    kind_labels += " END"
    role_labels = "CASE s.role " + " ".join(
        f"WHEN '{value}' THEN '{label}'" for value, label in Membership.Role.choices
    )
    role_labels += " END"
    with transaction.atomic(), connection.cursor() as cursor:
        indexes = _drop_indexes([SearchEntry])
        cursor.execute("TRUNCATE panel_site_searchentry, panel_site_searchword")
        for select in INSERTS:
            select = select % {
                "tz": "%(tz)s",
                "kind_labels": kind_labels,
                "role_labels": role_labels,
            }
            # The vector in the same statement: an UPDATE afterwards would write every row twice.
            cursor.execute(
                f"""INSERT INTO panel_site_searchentry
                    (kind, object_id, title, summary, body, url, committee, year, date,
                     search_vector)
                SELECT *, {search_index.VECTOR_SQL} FROM ({select})
                    AS e (kind, object_id, title, summary, body, url, committee, year, date)""",  # noqa: S608
                {"tz": timezone.get_current_timezone_name()},
            )
        cursor.execute(search_index.NOTE_WORDS_SQL.format("panel_site_searchentry"))
        _recreate_indexes(indexes)
        _reset_sequences()
    cache.delete(FILTER_OPTIONS_KEY)
    return SearchEntry.objects.count()
