"""A mixed workload (issue 16): residents' page views while an officer edits a meeting every
30 s and the public submit a question every 10 s. Prints the page cache's hit ratio on the page
views and their latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mixed .venv/bin/python bench/mixed_workload.py

Run from a checkout's folder, it measures that checkout's code (RESULTS.md compares the code
before issue 16 with after). It makes the database's tables (migrate) and loads the demo data,
starts gunicorn with the production settings and the page cache in Redis (REDIS_URL, default
redis://127.0.0.1:6379/8, emptied first), and the job worker where the code has one. wrk asks
for the demo's public pages at random, 10 connections for --duration seconds (300), each pausing
--pause ms (100) between pages (--pause 0: as fast as the server answers). Meanwhile
another process makes the officer's edits and the questions as the back office and the question
form do (through the same code, not over HTTP). A bench-only pair of middlewares around the page
cache says in a header whether each page came from the cache.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path.cwd()
BIN = Path(sys.executable).parent

SETTINGS = """
from panel_site.settings import *  # noqa: F403

MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
_cache = MIDDLEWARE.index("panel_site.page_cache.PublicPageCacheMiddleware")
MIDDLEWARE[_cache:_cache + 1] = [
    "mixed_bench_report.CacheReport",
    "panel_site.page_cache.PublicPageCacheMiddleware",
    "mixed_bench_report.PageMade",
]
"""
REPORT = '''
class CacheReport:
    """Says whether the page came from the page cache (the view inside it never ran)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.page_made = False
        response = self.get_response(request)
        response["X-Page-Cache"] = "miss" if request.page_made else "hit"
        return response


class PageMade:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.page_made = True
        return self.get_response(request)
'''
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  hits = 0; misses = 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Accept-Encoding"] = "gzip"})
end
delay = function()
  return pause_ms
end
response = function(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 else misses = misses + 1 end
end
done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, t in ipairs(threads) do h = h + t:get("hits"); m = m + t:get("misses") end
  local e = summary.errors
  io.write(string.format("bench: hits %d misses %d p50 %d p95 %d p99 %d errors %d\\n", h, m,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""
WRITER = """
import datetime, sys, time
import django
django.setup()
from django.db import transaction
from django.utils import timezone
from meetings.models import Meeting
from complaints import services
try:
    from changes.services import record
    from changes.models import Change
except ImportError:
    record = None
duration = float(sys.argv[1])
meeting = Meeting.objects.published().order_by("start").first()
open_meeting = Meeting.objects.published().filter(start__gt=timezone.now()).first()
began = time.monotonic()
edits = questions = 0
while time.monotonic() - began < duration:
    second = int(time.monotonic() - began)
    if second >= questions * 10:
        services.question_submit(
            meeting=open_meeting, addressed_to="panel", text="How are 101 calls answered?",
            asker_name="Bench Asker", email="bench@example.com", postcode="S1 2HH",
            declares_local=True, consents_to_name=False,
        )
        questions += 1
    if second >= edits * 30:
        with transaction.atomic():  # as the admin's change form does
            meeting.venue_name = f"Town Hall, room {edits}"
            meeting.save()
            if record:
                record(meeting, Change.What.REVISED)
        edits += 1
    time.sleep(0.2)
print(f"writer: {edits} officer edits, {questions} questions")
"""


def public_paths(env):
    """The demo's public pages, as a resident might visit them."""
    script = textwrap.dedent("""
        import django
        django.setup()
        from meetings.models import AgendaItem, Meeting, Member
        from plans.models import Priority
        paths = ["/", "/meetings/", "/members/", "/plan/", "/plans/", "/action-log/",
                 "/questions/", "/about/", "/feeds/", "/api/", "/api/meetings/",
                 "/search/?q=police", "/search/?q=domestic+abuse", "/feeds/papers/atom/",
                 "/meetings/calendar.ics", "/sitemap.xml"]
        paths += [m.get_absolute_url() for m in Meeting.objects.published()]
        paths += [i.get_absolute_url() for i in AgendaItem.objects.published()]
        paths += [m.get_absolute_url() for m in Member.objects.published()]
        paths += [p.get_absolute_url() for p in Priority.objects.published()]
        paths += [f"/api/meetings/{m.pk}/" for m in Meeting.objects.published()]
        print("\\n".join(paths))
    """)
    result = subprocess.run(  # noqa: S603
        [BIN / "python", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=300)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument(
        "--pause",
        type=int,
        default=100,
        help="milliseconds each connection waits between pages (100: at most 100 a second in "
        "all, a busy day for the panel's site; 0: as fast as the server goes)",
    )
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8")
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder)
        (temp / "mixed_bench_settings.py").write_text(SETTINGS)
        (temp / "mixed_bench_report.py").write_text(REPORT)
        env = dict(
            os.environ,
            PYTHONPATH=f"{temp}:{ROOT}",
            DJANGO_SETTINGS_MODULE="mixed_bench_settings",
            DEBUG="0",
            SECRET_KEY="bench-only-secret-key-not-for-any-real-site-0123456789",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_URL="http://127.0.0.1",
            EMAIL_URL="locmem://",
            SECURE_SSL_REDIRECT="false",
            REDIS_URL=redis_url,
            STATIC_ROOT=str(temp / "static"),
            MEDIA_ROOT=str(temp / "media"),
            GUNICORN_BIND="127.0.0.1:8199",
        )
        run = {"cwd": ROOT, "env": env, "check": True}
        subprocess.run([BIN / "python", "manage.py", "migrate", "-v0"], **run)  # noqa: S603
        subprocess.run([BIN / "python", "manage.py", "load_demo", "--reset", "-v0"], **run)  # noqa: S603
        subprocess.run([BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"], **run)  # noqa: S603
        subprocess.run(  # noqa: S603
            [
                BIN / "python",
                "-c",
                "import redis,sys; redis.from_url(sys.argv[1]).flushdb()",
                redis_url,
            ],
            **run,
        )
        paths = public_paths(env)
        script = temp / "mixed.lua"
        quoted = ", ".join(f'"{path}"' for path in paths)
        script.write_text(f"paths = {{ {quoted} }}\npause_ms = {args.pause}\n" + WRK_SCRIPT)
        log = open(temp / "server.log", "w")  # noqa: SIM115
        processes = [
            subprocess.Popen(  # noqa: S603
                [
                    BIN / "gunicorn",
                    "--config",
                    "python:panel_site.gunicorn_conf",
                    "panel_site.wsgi",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        ]
        has_worker = (ROOT / "changes" / "management" / "commands" / "run_jobs.py").exists()
        if has_worker:
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [BIN / "python", "manage.py", "run_jobs", "-v0"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        try:
            time.sleep(3)
            for path in paths:  # each page made once before the clock starts
                subprocess.run(
                    ["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:8199{path}"],  # noqa: S603
                    check=True,
                )
            writer = subprocess.Popen(  # noqa: S603
                [BIN / "python", "-c", WRITER, str(args.duration)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            result = subprocess.run(  # noqa: S603
                [
                    "wrk",
                    "-c",
                    str(args.connections),
                    "-t",
                    "2",
                    "-d",
                    f"{args.duration}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(script),
                    "http://127.0.0.1:8199",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            print(writer.communicate()[0].strip())
        finally:
            for process in processes:
                os.killpg(process.pid, 15)
                process.wait()
            log.close()
        found = re.search(
            r"bench: hits (\d+) misses (\d+) p50 (\d+) p95 (\d+) p99 (\d+) errors (\d+)",
            result.stdout,
        )
        hits, misses, p50, p95, p99, errors = (int(value) for value in found.groups())
        rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1)
        print(f"{len(paths)} pages; worker: {'yes' if has_worker else 'none (no job queue)'}")
        print(
            f"{hits + misses} page views, {rate} requests/s: hit ratio {hits / (hits + misses):.1%}"
            f" ({misses} made); p50 {p50 / 1000:.1f} ms, p95 {p95 / 1000:.1f} ms, "
            f"p99 {p99 / 1000:.1f} ms; {errors} errors"
        )


if __name__ == "__main__":
    main()
