"""Fill a database with ten years of made-up meetings for the search benchmark.

About 10,000 agenda items and 10,000 papers (20,000 searchable things), then the search index.
Never run it against a database you care about: it adds a committee of its own and its meetings.

    DATABASE_URL=postgres://... .venv/bin/python bench/generate_search_data.py
"""

import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings.models import AgendaItem, Committee, Meeting, Paper  # noqa: E402
from search import index  # noqa: E402

YEARS = 10
MEETINGS_PER_YEAR = 50
ITEMS_PER_MEETING = 20
TOPICS = [
    "domestic abuse",
    "101 service",
    "HMIC inspection",
    "reoffending",
    "PCSO numbers",
    "child sexual exploitation",
    "road safety",
    "rural crime",
    "hate crime",
    "budget and precept",
    "victims services",
    "neighbourhood policing",
    "cyber crime",
    "anti-social behaviour",
    "knife crime",
    "drug supply",
    "modern slavery",
    "complaints handling",
    "estates strategy",
    "workforce planning",
]
WORDS = [
    "the",
    "panel",
    "considered",
    "a",
    "report",
    "on",
    "performance",
    "against",
    "the",
    "plan",
    "and",
    "asked",
    "questions",
    "about",
    "resources",
    "partnership",
    "working",
    "prevention",
    "response",
    "times",
    "public",
    "confidence",
    "outcomes",
    "scrutiny",
    "commissioner",
    "force",
    "officers",
    "staff",
    "volunteers",
    "communities",
    "districts",
    "funding",
]  # noqa: SIM905 - prose reads better than a list of 32 strings


def prose(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def main():
    rng = random.Random(2014)
    started = time.perf_counter()
    with transaction.atomic():
        committee, _ = Committee.objects.get_or_create(
            slug="bench-committee", defaults={"name": "Benchmark Committee"}
        )
        Meeting.objects.filter(committee=committee).delete()
        first = timezone.make_aware(datetime.datetime(2015, 1, 5, 10, 0))
        meetings = Meeting.objects.bulk_create(
            Meeting(
                committee=committee,
                slug=f"bench-{number}",
                start=first + datetime.timedelta(days=number * 365 // MEETINGS_PER_YEAR),
                is_published=True,
            )
            for number in range(YEARS * MEETINGS_PER_YEAR)
        )
        items = AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                number=number,
                order=number,
                title=f"Report on {rng.choice(TOPICS)}",
                summary=prose(rng, 30),
            )
            for meeting in meetings
            for number in range(1, ITEMS_PER_MEETING + 1)
        )
        Paper.objects.bulk_create(
            Paper(
                agenda_item=item,
                title=f"{item.title}: officers' report",
                body_markdown="\n\n".join(prose(rng, 60) for _ in range(8))
                + f" This report covers {rng.choice(TOPICS)}.",
                is_published=True,
            )
            for item in items
        )
    print(f"Made {len(meetings)} meetings, {len(items)} items and papers", end=" ")
    print(f"in {time.perf_counter() - started:.1f} s.")
    started = time.perf_counter()
    total = index.rebuild()
    print(f"Indexed {total} entries in {time.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    main()
