"""Benchmark data: a national service's worth of committees, meetings, papers, minutes, questions
and plans, for measuring the site at scale (issue 8). With the bench settings:

    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python manage.py generate_bench_data --scale N

At scale 1: 100 committees x 10 years x 10 meetings (10,000 meetings), 15 agenda items each
(150,000 items and papers), a minute and a resolution for each item (300,000), 2,000 members with
their seats and attendance, 50,000 public questions, and 20 plans with priorities, outcomes,
commitments, measures and readings. Everything scales linearly with N (N=0.01 for quick runs).

Rows are written straight into the tables with ids of our own (writer.py). Nothing here sends
signals, so no history rows are written; the search index is filled at the end by the site's own
search.index.rebuild(), which decides what is public. The text is made of sentences built from a
vocabulary of policing and panel words with a fixed seed, so every run makes the same data.

For bench databases only: it refuses a database that holds anything else unless forced.
"""

import datetime
import random
import time
from collections import deque
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from complaints.models import Complaint, Question
from meetings.models import (
    Action,
    AgendaItem,
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

from . import writer
from .words import (
    AUTHORS,
    COUNCILS,
    FIRST_NAMES,
    ITEM_TITLES,
    LAST_NAMES,
    MEASURED,
    PLACES,
    REPORT_KINDS,
    SUBJECTS,
    TOPICS,
    Prose,
)

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
# Meetings whose items, papers and minutes are in memory at once.
MEETINGS_AT_A_TIME = 500

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
OPEN_STATUSES = [Action.Status.OPEN, Action.Status.IN_PROGRESS]
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


def generate(scale, *, log=print):
    """Make the data at `scale` in the database. Returns {model: rows written}."""
    postgresql = connection.vendor == "postgresql"
    started = time.perf_counter()
    with transaction.atomic():
        indexes = writer.drop_indexes(MODELS) if postgresql else []
        data = BenchData(scale)
        data.make()
        log(f"Rows written in {time.perf_counter() - started:.0f} s.")
        if postgresql:
            started = time.perf_counter()
            writer.recreate_indexes(indexes)
            writer.reset_sequences(MODELS)
            log(f"Indexes made in {time.perf_counter() - started:.0f} s.")
    started = time.perf_counter()
    entries = fill_search_index()
    log(f"Search index of {entries:,} entries filled in {time.perf_counter() - started:.0f} s.")
    started = time.perf_counter()
    writer.analyze()
    log(f"VACUUM and ANALYZE in {time.perf_counter() - started:.0f} s.")
    return data.writer.written


def fill_search_index():
    """Index everything public, by the site's own rebuild. Returns the number of entries."""
    # With DEBUG on (the bench is often run so, for its secret key) Django keeps the text of the
    # last 9,000 queries, and each batch of the index is megabytes of SQL: keep none meanwhile.
    queries_log, connection.queries_log = connection.queries_log, deque(maxlen=0)
    try:
        with transaction.atomic():
            # As for the other tables: the index's own indexes are made once, after the load.
            postgresql = connection.vendor == "postgresql"
            indexes = writer.drop_indexes([SearchEntry]) if postgresql else []
            entries = search_index.rebuild()
            writer.recreate_indexes(indexes)
    finally:
        connection.queries_log = queries_log
    return entries


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class BenchData:
    """One run of the generator: its random numbers, its prose and the ids it gives rows.

    The rows of each table are made in one order on every run (the random numbers are drawn in
    that order), so that the same seed makes the same data."""

    def __init__(self, scale):
        self.sizes = counts(scale)
        self.rng = random.Random(SEED)  # noqa: S311 - made-up data, the same on every run
        self.prose = Prose(self.rng)
        self.writer = writer.Writer()
        self.next_ids = self._first_ids()

    @staticmethod
    def _first_ids():
        """The id each table's new rows start from: after any rows it holds (only when forced)."""
        ids = {}
        with connection.cursor() as cursor:
            for model in MODELS:
                cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")  # noqa: S608
                ids[model] = (cursor.fetchone()[0] or 0) + 1
        return ids

    def new_id(self, model):
        """The next id of a row of `model`."""
        new = self.next_ids[model]
        self.next_ids[model] += 1
        return new

    def make(self):
        plans, priorities_by_plan = self.plans()
        committees, council_ids = self.committees()
        seats = self.members(committees, council_ids)
        meetings = self.meetings(committees)
        self.attendance(meetings, seats)
        plan_starts = [(plan["published_on"], plan["id"]) for plan in plans]
        for first in range(0, len(meetings), MEETINGS_AT_A_TIME):
            chunk = meetings[first : first + MEETINGS_AT_A_TIME]
            self.items(chunk, plan_starts, priorities_by_plan)
        self.questions(meetings)

    # The Police and Crime Plans

    def plans(self):
        """The office, its two holders and the plans, each with its priorities, funding and
        glossary. Returns the plans' rows and the ids of each plan's priorities."""
        holder_ids = self.office_holders()
        plan_count = self.sizes["plans"]
        # Only one plan can be current: the newest, unless the database has one already (forced).
        has_current = Plan.objects.current().exists()
        plans = []
        for number in range(plan_count):
            published = FIRST_DAY + datetime.timedelta(days=number * 365 * YEARS // plan_count)
            is_current = number == plan_count - 1 and not has_current
            plans.append(self.plan(number, published, holder_ids, is_current))
        self.writer.write(Plan, plans)

        parts = {model: [] for model in [Priority, Outcome, Commitment, Measure, MeasureReading]}
        funding, glossary = [], []
        priorities_by_plan = {}
        for plan in plans:
            for order in range(PRIORITIES_PER_PLAN):
                priority_id = self.priority(plan, order, parts)
                priorities_by_plan.setdefault(plan["id"], []).append(priority_id)
            funding += self.funding(plan)
            glossary += self.glossary(plan)
        for model, rows in [*parts.items(), (FundingLine, funding), (GlossaryTerm, glossary)]:
            self.writer.write(model, rows)
        return plans, priorities_by_plan

    def office_holders(self):
        office_id = self.new_id(Office)
        self.writer.write(
            Office, [{"id": office_id, "name": "Bench Police and Crime Commissioner"}]
        )
        holders = [
            {
                "id": self.new_id(OfficeHolder),
                "office_id": office_id,
                "name": "Alex Bench",
                "start_date": datetime.date(2016, 5, 12),
                "end_date": datetime.date(2021, 5, 12),
            },
            {
                "id": self.new_id(OfficeHolder),
                "office_id": office_id,
                "name": "Sam Bench",
                "start_date": datetime.date(2021, 5, 13),
            },
        ]
        self.writer.write(OfficeHolder, holders)
        return [holder["id"] for holder in holders]

    def plan(self, number, published, holder_ids, is_current):
        prose = self.prose
        plan_id = self.new_id(Plan)
        return {
            "id": plan_id,
            "title": f"Police and Crime Plan {published.year} refresh {number + 1}",
            "slug": f"{PREFIX}plan-{number + 1}",
            "period": f"{published.year}-{(published.year + 4) % 100:02d}",
            "office_holder_id": holder_ids[published.year >= 2021],
            "status": Plan.Status.CURRENT if is_current else Plan.Status.SUPERSEDED,
            "published_on": published,
            "vision": prose.sentences(2),
            "mission": prose.sentences(2),
            "summary": prose.sentences(4),
            "refreshes_id": plan_id - 1 if number else None,
            "funding_previous_year": f"{published.year - 1}/{published.year % 100:02d}",
            "funding_current_year": f"{published.year}/{(published.year + 1) % 100:02d}",
        }

    def priority(self, plan, order, parts):
        """A priority with its outcomes, commitments and measures, added to `parts` (rows by
        model). Returns the priority's id."""
        rng, prose = self.rng, self.prose
        topic = TOPICS[(plan["id"] * 7 + order * 3) % len(TOPICS)]
        priority_id = self.new_id(Priority)
        parts[Priority].append(
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
            parts[Outcome].append(
                {
                    "id": self.new_id(Outcome),
                    "priority_id": priority_id,
                    "order": number,
                    "text": prose.sentences(1),
                }
            )
        for number in range(6):
            parts[Commitment].append(
                {
                    "id": self.new_id(Commitment),
                    "priority_id": priority_id,
                    "order": number,
                    "text": prose.sentences(1),
                    "progress": rng.choice(Commitment.Progress.values),
                }
            )
        for number in range(3):
            measure_id = self.new_id(Measure)
            parts[Measure].append(
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
            parts[MeasureReading] += self.readings(measure_id)
        return priority_id

    def readings(self, measure_id):
        """Eight years of a measure's figures, for each area."""
        return [
            {
                "id": self.new_id(MeasureReading),
                "measure_id": measure_id,
                "period": f"{2016 + year}/{(17 + year) % 100:02d}",
                "period_end": datetime.date(2017 + year, 3, 31),
                "area": area,
                "value": Decimal(self.rng.randint(100, 90_000)) / 10,
            }
            for year in range(8)
            for area in AREAS
        ]

    def funding(self, plan):
        rng = self.rng
        return [
            {
                "id": self.new_id(FundingLine),
                "plan_id": plan["id"],
                "order": order,
                "label": label,
                "amount_previous": Decimal(rng.randint(100, 1500)) / 10,
                "amount_current": Decimal(rng.randint(100, 1500)) / 10,
            }
            for order, label in enumerate(["Police grant", "Precept", "Council tax freeze grant"])
        ]

    def glossary(self, plan):
        return [
            {
                "id": self.new_id(GlossaryTerm),
                "plan_id": plan["id"],
                "term": term,
                "definition": self.prose.sentences(1),
            }
            for term in ["PCSO", "HMICFRS", "IOPC"]
        ]

    # Committees, members and meetings

    def committees(self):
        """The four councils and the committees. Returns the committees' rows and the councils'
        ids."""
        council_ids = [self.new_id(Council) for _ in COUNCILS]
        self.writer.write(
            Council,
            [
                {"id": council_id, "name": f"{name} (bench)", "order": order}
                for order, (council_id, name) in enumerate(zip(council_ids, COUNCILS, strict=True))
            ],
        )
        committees = [
            {
                "id": self.new_id(Committee),
                "name": f"Police and Crime Panel {number + 1}",
                "slug": f"{PREFIX}panel-{number + 1}",
                "description": self.prose.sentences(2),
            }
            for number in range(self.sizes["committees"])
        ]
        self.writer.write(Committee, committees)
        return committees, council_ids

    def members(self, committees, council_ids):
        """Members, an even share of each committee, a tenth of them co-opted independents; the
        first seat of each committee is its chair. Returns each committee's member ids."""
        members, memberships = [], []
        seats = {committee["id"]: [] for committee in committees}
        for number in range(self.sizes["members"]):
            member_id = self.new_id(Member)
            committee_id = committees[number % len(committees)]["id"]
            co_opted = number % 10 == 9
            first_seat = not seats[committee_id]
            seats[committee_id].append(member_id)
            members.append(
                {
                    "id": member_id,
                    "name": f"{FIRST_NAMES[number % 13][0]}. {LAST_NAMES[number // 13 % 10]}",
                    "slug": f"{PREFIX}member-{number + 1}",
                    "title": "Mr." if co_opted else "Councillor",
                    "party": ""
                    if co_opted
                    else self.rng.choice(["Labour", "Conservative", "Lib Dem"]),
                    "council_id": None if co_opted else council_ids[number % 4],
                    "pen_portrait": self.prose.sentences(3),
                }
            )
            role = Membership.Role.CO_OPTED if co_opted else Membership.Role.MEMBER
            memberships.append(
                {
                    "id": self.new_id(Membership),
                    "member_id": member_id,
                    "committee_id": committee_id,
                    "role": Membership.Role.CHAIR if first_seat else role,
                    "start": FIRST_DAY,
                }
            )
        self.writer.write(Member, members)
        self.writer.write(Membership, memberships)
        return seats

    def meetings(self, committees):
        """Each committee's meetings spread evenly over the ten years, at 10:00 or 14:00; a few
        cancelled and a few drafts. The rows keep, under names starting "_", what the items need
        of their meeting."""
        rng = self.rng
        now = timezone.now()
        meeting_count = self.sizes["meetings"]
        committee_count = len(committees)
        per_committee = -(-meeting_count // committee_count)
        step_days = 365 * YEARS / per_committee
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
                    "id": self.new_id(Meeting),
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
                }
            )
        self.writer.write(Meeting, meetings)
        return meetings

    def attendance(self, meetings, seats):
        """For each meeting held, the first ten members of its committee: present or apologies."""
        rows = [
            {
                "id": self.new_id(Attendance),
                "meeting_id": meeting["id"],
                "member_id": member_id,
                "status": "apologies" if self.rng.random() < 0.1 else "present",
            }
            for meeting in meetings
            if meeting["_past"]
            for member_id in seats[meeting["committee_id"]][:10]
        ]
        self.writer.write(Attendance, rows)

    # Agenda items, papers, minutes, resolutions and actions

    def items(self, meetings, plan_starts, priorities_by_plan):
        """The meetings' agenda items with a paper each; for meetings held, a minute with a
        resolution, and an action for one item in ten. Some items scrutinise a priority of the
        plan in force on the day."""
        rows = {model: [] for model in [AgendaItem, AgendaItem.priorities.through, Paper]}
        rows.update({Minute: [], Resolution: [], Action: []})
        for meeting in meetings:
            plan_id = next(
                (pid for published, pid in reversed(plan_starts) if published <= meeting["_day"]),
                plan_starts[0][1],
            )
            for number in range(1, ITEMS_PER_MEETING + 1):
                item = self.item(meeting, number)
                rows[AgendaItem].append(item)
                if number > len(ITEM_TITLES) and self.rng.random() < 0.05:
                    rows[AgendaItem.priorities.through].append(
                        {
                            "id": self.new_id(AgendaItem.priorities.through),
                            "agendaitem_id": item["id"],
                            "priority_id": self.rng.choice(priorities_by_plan[plan_id]),
                        }
                    )
                rows[Paper].append(self.paper(item))
                if meeting["_past"]:
                    self.minutes(meeting, item, rows)
        for model, model_rows in rows.items():
            self.writer.write(model, model_rows)

    def item(self, meeting, number):
        rng, prose = self.rng, self.prose
        topic = rng.choice(TOPICS)
        if number <= len(ITEM_TITLES):
            title = ITEM_TITLES[number - 1]
        else:
            title = f"{rng.choice(REPORT_KINDS)} {topic}"
        exempt = number == ITEMS_PER_MEETING and rng.random() < 0.1
        return {
            "id": self.new_id(AgendaItem),
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

    def paper(self, item):
        prose = self.prose
        return {
            "id": self.new_id(Paper),
            "agenda_item_id": item["id"],
            "title": f"{item['title']}: report of the {self.rng.choice(AUTHORS)}",
            "body_markdown": (
                f"## Purpose of the report\n\n{prose.sentences(4)}\n\n"
                f"## Background\n\n{prose.paragraphs(2)}\n\n"
                f"## Recommendations\n\n- {prose.sentences(1)}\n- {prose.sentences(1)}"
            ),
            "author": "Scrutiny Officer",
            "is_published": True,
        }

    def minutes(self, meeting, item, rows):
        """An item's approved minute and its resolution, and for one item in ten an action;
        added to `rows` (rows by model)."""
        rng, prose = self.rng, self.prose
        number = item["number"]
        minute_id = self.new_id(Minute)
        rows[Minute].append(
            {
                "id": minute_id,
                "agenda_item_id": item["id"],
                "number": f"M{meeting['id']}.{number}",
                "title": item["title"],
                "text": prose.sentences(5),
                "status": Minute.Status.APPROVED,
                "is_published": True,
            }
        )
        resolution_id = self.new_id(Resolution)
        rows[Resolution].append(
            {
                "id": resolution_id,
                "minute_id": minute_id,
                "number": 1,
                "text": f"RESOLVED: that {prose.sentences(1)}",
            }
        )
        if number > len(ITEM_TITLES) and number % 10 == 0:
            rows[Action].append(
                {
                    "id": self.new_id(Action),
                    "agenda_item_id": item["id"],
                    "resolution_id": resolution_id,
                    "reference": f"Resolution {number}",
                    "text": prose.sentences(1),
                    "owner": rng.choice(SUBJECTS[2:7]),
                    "due_description": "Within 3 months",
                    "due_date": meeting["_day"] + datetime.timedelta(days=90),
                    "status": rng.choice(OPEN_STATUSES),
                }
            )

    # Public questions

    def questions(self, meetings):
        """Questions spread evenly over the meetings: most of those for meetings held answered
        (and most answers published), some rejected; those for meetings ahead still open."""
        count = self.sizes["questions"]
        rows = [
            self.question(number, meetings[number * len(meetings) // count])
            for number in range(count)
        ]
        self.writer.write(Question, rows)

    def question(self, number, meeting):
        rng, prose = self.rng, self.prose
        submitted = meeting["start"] - datetime.timedelta(days=10)
        if meeting["_past"]:
            status = rng.choices(["answered", "rejected", "accepted"], [80, 15, 5])[0]
        else:
            status = rng.choice(["received", "accepted"])
        answered = status == "answered"
        return {
            "id": self.new_id(Question),
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
