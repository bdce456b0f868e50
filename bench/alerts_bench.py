"""The daily alert digest at scale (issue 17), measured on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alerts_bench \
        .venv/bin/python bench/alerts_bench.py

Makes the tables afresh (the database is created if missing, and emptied), then: 4 committees,
240 published meetings with 5 items and papers each, a plan with 12 priorities, 600 actions and
120 members, indexed for search; 100,000 confirmed daily subscriptions from 70,000 addresses,
spread over everything, committees, meetings, priorities, actions, members and 40 searches;
then one day's changes (papers published for 40 meetings, actions and members revised, meetings
moved, priorities changed), indexed by the jobs.

Then times, in a process of its own, the day's digest run (services.send_digests at the digest
hour): its wall time, its queries (in all and per batch of followers) and the process's peak
memory; then one worker (`run_jobs --until-done`, emails to Django's dummy backend) sending every
email the run queued. Prints a table for bench/RESULTS.md.
"""

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SUBSCRIPTIONS = 100_000
ADDRESSES = 70_000
SEARCHES = [
    ("domestic abuse", "", "", 0),
    ("domestic abuse", "paper", "", 0),
    ("child sexual exploitation", "", "", 0),
    ("budget", "paper", "", 0),
    ("precept", "", "Police and Crime Panel", 0),
    ("HMIC", "", "", 0),
    ("victims", "", "", 0),
    ("anti-social behaviour", "", "", 0),
    ("police officers", "paper", "", 0),
    ("rural crime", "", "", 2026),
]


def settings_module():
    """Temporary settings: the site's own, with emails to the dummy backend (no mail server)."""
    folder = Path(tempfile.mkdtemp(prefix="alerts-bench-"))
    (folder / "alerts_bench_settings.py").write_text(
        "from panel_site.settings import *  # noqa\n"
        'EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"\n'
        "LOGGING = {'version': 1, 'disable_existing_loggers': False}\n"
    )
    return folder


def ensure_database(url):
    name = url.rsplit("/", 1)[1]
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False
    )
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            name,
            "-q",
            "-c",
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
        ],
        capture_output=True,
        check=True,
    )


def make_data():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from alerts.models import Follower, Subscription, new_key
    from changes.models import Change
    from changes.services import record
    from meetings.models import Action, AgendaItem, Committee, Meeting, Member, Paper
    from plans.models import Office, OfficeHolder, Plan, Priority
    from search import index

    call_command("migrate", verbosity=0)
    rng = random.Random(17)
    started = time.perf_counter()
    committees = [
        Committee.objects.create(name=name, slug=f"committee-{number}")
        for number, name in enumerate(
            [
                "Police and Crime Panel",
                "Complaints sub-committee",
                "Budget working group",
                "Task and finish group",
            ]
        )
    ]
    words = [
        "domestic abuse",
        "budget",
        "precept",
        "HMIC",
        "victims",
        "rural crime",
        "anti-social behaviour",
        "police officers",
        "child sexual exploitation",
        "estates",
    ]
    meetings, items, papers = [], [], []
    now = timezone.now()
    for number in range(240):
        meetings.append(
            Meeting(
                committee=committees[number % 4],
                slug=f"meeting-{number}",
                start=now - timezone.timedelta(days=2 * (240 - number)),
                venue_name="Town Hall",
                is_published=True,
            )
        )
    Meeting.objects.bulk_create(meetings)
    for meeting in meetings:
        for item_number in range(1, 6):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    number=item_number,
                    order=item_number,
                    title=f"Report on {rng.choice(words)}",
                )
            )
    AgendaItem.objects.bulk_create(items)
    for item in items:
        papers.append(
            Paper(
                agenda_item=item,
                title=f"{rng.choice(words).capitalize()} report",
                body_markdown=f"About {rng.choice(words)} and {rng.choice(words)}.",
                is_published=True,
            )
        )
    Paper.objects.bulk_create(papers)
    office = Office.objects.create(name="Bench commissioner")
    holder = OfficeHolder.objects.create(office=office, name="Pat Bench")
    plan = Plan.objects.create(
        title="Bench plan",
        slug="bench-plan",
        period="2026-30",
        office_holder=holder,
        status=Plan.Status.CURRENT,
        published_on=now.date(),
    )
    priorities = [
        Priority.objects.create(plan=plan, title=f"Priority {n}", slug=f"p-{n}", order=n)
        for n in range(12)
    ]
    actions = Action.objects.bulk_create(
        [
            Action(
                agenda_item=rng.choice(items),
                reference=f"Recommendation {n}",
                text=f"Act on {rng.choice(words)}",
                owner="Force",
            )
            for n in range(600)
        ]
    )
    members = Member.objects.bulk_create(
        [Member(name=f"Member {n}", slug=f"member-{n}") for n in range(120)]
    )
    index.rebuild()
    print(f"content made and indexed in {time.perf_counter() - started:.0f} s", flush=True)

    started = time.perf_counter()
    followers = Follower.objects.bulk_create(
        [Follower(email=f"bench{n}@example.org", key=new_key()) for n in range(ADDRESSES)],
        batch_size=5000,
    )
    targets = (
        [("everything", 0, "Everything")] * 5
        + [("committee", c.pk, c.name) for c in committees] * 6
        + [("meeting", m.pk, str(m.pk)) for m in meetings[-60:]]
        + [("priority", p.pk, p.title) for p in priorities]
        + [("action", a.pk, a.reference) for a in actions[:60]]
        + [("member", m.pk, m.name) for m in members[:30]]
    )
    confirmed = timezone.now()
    subscriptions, taken = [], set()
    n = 0
    while len(subscriptions) < SUBSCRIPTIONS:
        n += 1
        follower = followers[n % ADDRESSES]
        if n % 10 == 9:
            query, kind, committee, year = SEARCHES[(n // 10) % len(SEARCHES)]
            fields = {
                "what": "search",
                "query": query,
                "search_kind": kind,
                "search_committee": committee,
                "search_year": year,
                "label": f"Search: {query}",
            }
        else:
            what, pk, label = rng.choice(targets)
            fields = {"what": what, "object_id": pk, "label": label}
        key = (follower.pk, *fields.values())
        if key in taken:  # an address follows each thing once
            continue
        taken.add(key)
        subscriptions.append(
            Subscription(follower=follower, frequency="daily", confirmed_at=confirmed, **fields)
        )
    Subscription.objects.bulk_create(subscriptions, batch_size=5000)
    print(
        f"{Subscription.objects.count():,} subscriptions of {ADDRESSES:,} addresses made in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )

    # One day's changes.
    started = time.perf_counter()
    for meeting in meetings[-40:]:
        with transaction.atomic():
            for paper in Paper.objects.filter(agenda_item__meeting=meeting):
                record(paper, Change.What.PUBLISHED)
    with transaction.atomic():
        for action in actions[:80]:
            record(action, Change.What.REVISED, summary=f"Changed (status): {action}")
        for member in members[:20]:
            record(member, Change.What.REVISED)
        for meeting in meetings[-10:]:
            record(meeting, Change.What.MOVED, summary=f"Moved: {meeting}")
        for priority in priorities[:6]:
            record(priority, Change.What.REVISED)
    # Each change's entry written after it, as the index job does after an officer's save.
    index.rebuild()
    Subscription.objects.update(sent_up_to=Change.objects.order_by("pk").first().pk - 1)
    print(
        f"{Change.objects.count()} changes recorded and indexed in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


def digest():
    """The day's digest run alone, in this process: time, queries, peak memory."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from alerts import services
    from complaints.models import OutgoingEmail

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql[:60])
        return execute(sql, params, many, context)

    tomorrow = timezone.localtime() + timezone.timedelta(days=1)
    at_hour = tomorrow.replace(hour=services.settings.ALERTS_DIGEST_HOUR, minute=5)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        queued = services.send_digests(now=at_hour)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    batches = -(
        -len(set(OutgoingEmail.objects.filter(topic="alert").values_list("to", flat=True)))
        // services.BATCH_SIZE
    )
    print(
        f"digest run: {queued:,} emails queued in {seconds:.1f} s; {len(queries)} queries "
        f"({batches} batches of {services.BATCH_SIZE} followers); peak memory "
        f"{peak / 1024:.0f} MB (at start {before / 1024:.0f} MB)",
        flush=True,
    )


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Give DATABASE_URL=postgres://postgres@127.0.0.1:5432/alerts_bench")
    folder = settings_module()
    # As in production: DEBUG off (with it on, Django keeps every query's text in memory).
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "https://panel.example.org",
        "EMAIL_URL": "console://",
        "PYTHONPATH": f"{folder}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "alerts_bench_settings",
    }
    if sys.argv[1:] == ["digest"]:
        digest()
        return
    ensure_database(url)
    subprocess.run([sys.executable, __file__, "data"], env=env, check=True)
    subprocess.run([sys.executable, __file__, "digest"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "run_jobs",
            "--until-done",
            "--worker-id",
            "bench-1",
            "--verbosity",
            "0",
        ],
        env=env,
        check=True,
    )
    print(f"one worker sent the queued emails in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    if sys.argv[1:] == ["data"]:
        make_data()
    elif sys.argv[1:] == ["digest"]:
        digest()
    else:
        main()
