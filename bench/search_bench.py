"""Time the search page on the benchmark data, and show the query plan.

    DATABASE_URL=postgres://... .venv/bin/python bench/generate_search_data.py
    DATABASE_URL=postgres://... .venv/bin/python bench/search_bench.py

Each query is run through the whole view (search, counts, page, snippets, template) 50 times
after one warm-up; prints the median and 95th percentile per query and overall, of the whole
view and of the time spent in the database (the sum of its queries' times).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from search.views import SearchView  # noqa: E402

QUERIES = [
    "domestic abuse",
    "HMIC",
    "reoffending",
    "PCSO",
    '"child sexual exploitation"',
    "policing -budget",
    "knife or drug",
    "report",
    # Words found in few entries (about 1,100 and none at N=1), which the walk through the
    # newest entries does not help.
    "tackling",
    "quokka",
]
RUNS = 50


def p95(values):
    return statistics.quantiles(values, n=20)[-1]


def summary(timings):
    return f"median {statistics.median(timings):6.1f} ms  p95 {p95(timings):6.1f} ms"


def main():
    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: set DATABASE_URL.")
    view = SearchView.as_view()
    factory = RequestFactory()
    everything, everything_db = [], []
    print(f"{'':32} {'whole view':>27}    {'in the database':>27}")
    for query in QUERIES:
        timings, db_timings = [], []
        for run in range(RUNS + 1):
            request = factory.get("/search/", {"q": query})
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = view(request)
                response.render()
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200
            if run:
                timings.append(elapsed)
                db_timings.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        everything += timings
        everything_db += db_timings
        print(f"{query:32} {summary(timings)}    {summary(db_timings)}")
    print(f"{'all':32} {summary(everything)}    {summary(everything_db)}")

    # The plan of every query of a search page, run again in the same order with the same
    # settings, for a search that matches many entries and a phrase.
    for query in ("domestic abuse", '"child sexual exploitation"'):
        print(f"\nEXPLAIN ANALYZE of each query of the search page for {query!r}:")
        explain_page(view, factory.get("/search/", {"q": query}))


def explain_page(view, request):
    with CaptureQueriesContext(connection) as queries:
        view(request).render()
    with connection.cursor() as cursor:
        for captured in queries.captured_queries:
            sql = captured["sql"]
            if not sql.startswith("SELECT") or sql.startswith("SELECT set_config"):
                cursor.execute(sql)
                if sql.startswith("SELECT set_config"):
                    print(f"-- {sql}")
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print(f"-- {sql[:160]}...")
            for (line,) in cursor.fetchall():
                print(line)


if __name__ == "__main__":
    main()
