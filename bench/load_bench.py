"""Throughput and latency of the public pages under load, against hello-worlds (issue 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/load_bench.py

Needs a PostgreSQL database filled by `generate_bench_data` (bench/RESULTS.md; N=1 for the
recorded figures), Redis (REDIS_URL, default redis://127.0.0.1:6379/7) and wrk. It collects the
static files into a temporary folder, starts gunicorn with the bench settings (bench/settings.py:
the production settings, DEBUG off, with the bench-only hello page; the production gunicorn
config) and a bare Django
hello-world (bench/hello/hello_project.py) with the same number of workers, runs
`wrk -c 50 -t 2 -d 20s` on 127.0.0.1 against each page, and prints requests per second, the ratio
to the project's own hello page measured in the same run, and the latency percentiles. It does
this twice: with the server-side page cache on (the production default with Redis) and off
(PAGE_CACHE_SECONDS=0), which shows what each page really costs. The servers are stopped at the
end. Without wrk, PostgreSQL or bench data it says so and exits: `make bench` runs every script.

Everything runs on this machine: wrk, gunicorn and PostgreSQL share its cores, so compare
figures within one run only.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
# The targets: share of the project's hello-world rate, and p95 at 50 connections.
RATIO_TARGETS = {"meetings": 0.40, "meeting": 0.30, "plan": 0.30, "priority": 0.30, "search": 0.15}
P95_TARGET_MS = 100
# wrk prints percentiles 50/75/90/99 only: this asks it for the 95th too.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench: p50 %d p95 %d p99 %d max %d errors %d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(static_root, database_url, redis_url):
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-any-real-site-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        EMAIL_URL="console://",
        SECURE_SSL_REDIRECT="false",
        REDIS_URL=redis_url,
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        # The site's settings with the hello page (bench/urls.py) added.
        DJANGO_SETTINGS_MODULE="bench.settings",
    )
    env.pop("PAGE_CACHE_SECONDS", None)
    return env


def pick_pages(env):
    """The pages to measure, as (name, path): typical ones of the bench data. None if the
    database holds no bench data."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from meetings.models import Meeting
    from panel_site import page_cache
    from plans.models import Plan, Priority

    meeting = (
        Meeting.objects.published()
        .filter(committee__slug__startswith="bench-", start__lt=timezone.now())
        .order_by("-start")
        .first()
    )
    current = Priority.objects.published().filter(plan__in=Plan.objects.current())
    priority = current.order_by("order").first()
    if meeting is None or priority is None:
        return None
    # Pages kept in Redis by an earlier run may be of other data.
    page_cache.start_new_generation()
    item = meeting.items.filter(is_exempt=False, number__gt=4).order_by("number").first()
    connection.close()
    return [
        ("hello", "/bench/hello/"),
        ("home", "/"),
        ("meetings", "/meetings/"),
        ("meeting", meeting.get_absolute_url()),
        ("item", item.get_absolute_url()),
        ("plan", "/plan/"),
        ("priority", priority.get_absolute_url()),
        ("search", "/search/?q=domestic+abuse"),
        ("action log", "/action-log/"),
        ("members", "/members/"),
        ("api list", "/api/meetings/"),
        ("api detail", f"/api/meetings/{meeting.pk}/"),
    ]


class Server:
    """A gunicorn in its own process group, stopped with everything it started."""

    def __init__(self, name, command, env, port, log_dir):
        self.name, self.port = name, port
        self.log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self, path, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped: see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url(path), timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not answer within {timeout} s")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def warm_up(url, args):
    """Checks 200, then loads every worker for a few seconds, unmeasured, so that each has opened
    its database connection and loaded its templates (and the page is in the page cache)."""
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - loopback
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        response.read()
    subprocess.run(  # noqa: S603 - wrk with our own arguments
        ["wrk", "-c", str(args.connections), "-t", str(args.threads), "-d", "3s"]
        + ["-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        check=True,
        timeout=60,
    )


def wrk(url, args, script):
    result = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [
            "wrk",
            "-c",
            str(args.connections),
            "-t",
            str(args.threads),
            "-d",
            f"{args.duration}s",
            "--latency",
            # wrk's default of 2 s would drop the slowest pages' answers from the percentiles.
            "--timeout",
            "10s",
            # As every browser asks: pages come compressed (not the bare hello-world: too short).
            "-H",
            "Accept-Encoding: gzip",
            "-s",
            script,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=args.duration + 120,
        check=True,
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    found = re.search(r"bench: p50 (\d+) p95 (\d+) p99 (\d+) max (\d+) errors (\d+)", result.stdout)
    p50, p95, p99, longest, errors = (int(value) for value in found.groups())
    return {
        "rate": rate,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "max": longest / 1000,
        "errors": errors,
    }


def verdict(name, figures, hello_rate):
    notes = []
    target = RATIO_TARGETS.get(name)
    if target is not None:
        ratio = figures["rate"] / hello_rate
        notes.append(f"ratio {'met' if ratio >= target else 'MISSED'} (>= {target:.0%})")
    if name != "hello":
        met = figures["rate"] > 0 and figures["p95"] <= P95_TARGET_MS and not figures["errors"]
        notes.append(f"p95 {'met' if met else 'MISSED'}")
    if figures["errors"]:
        notes.append(f"{figures['errors']} errors")
    return ", ".join(notes)


def print_row(name, figures, hello_rate, file=sys.stdout):
    ratio = f"{figures['rate'] / hello_rate:6.1%}" if hello_rate else "      "
    print(
        f"{name:12} {figures['rate']:9.1f} {ratio} {figures['p50']:8.1f} {figures['p95']:8.1f} "
        f"{figures['p99']:8.1f}  {verdict(name, figures, hello_rate)}",
        file=file,
        flush=True,
    )


HEADER = f"{'page':12} {'req/s':>9} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per page (20)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    cpus = len(os.sched_getaffinity(0))
    parser.add_argument(
        "--workers",
        type=int,
        default=min(cpus * 2 + 1, 9),
        help="gunicorn workers for both servers (default: the production rule, 2 x cores + 1)",
    )
    parser.add_argument("--modes", default="on,off", help="page cache modes to run: on,off")
    parser.add_argument("--only", default="", help="measure only these pages (comma-separated)")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print("load_bench: skipped. Set DATABASE_URL to a PostgreSQL bench database.")
        return
    if not shutil.which("wrk"):
        print("load_bench: skipped. wrk is not installed (apt-get install wrk).")
        return
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")

    with tempfile.TemporaryDirectory(prefix="load-bench-") as temp:
        temp = Path(temp)
        env = production_env(temp / "static", database_url, redis_url)
        pages = pick_pages(env)
        if pages is None:
            print("load_bench: skipped. No bench data: run generate_bench_data first (RESULTS.md).")
            return
        if args.only:
            wanted = {"hello", *args.only.split(",")}
            pages = [(name, path) for name, path in pages if name in wanted]
        subprocess.run(  # noqa: S603
            [BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        script = temp / "p95.lua"
        script.write_text(WRK_SCRIPT)
        print(
            f"wrk -c {args.connections} -t {args.threads} -d {args.duration}s on 127.0.0.1; "
            f"gunicorn -w {args.workers} (sync); {cpus} cores shared by wrk, gunicorn and "
            "PostgreSQL",
            flush=True,
        )

        port = free_port()
        hello = Server(
            "bare-hello",
            [
                BIN / "gunicorn",
                "--chdir",
                "bench/hello",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "hello_project:application",
            ],
            env,
            port,
            temp,
        )
        try:
            hello.wait_until_up("/")
            warm_up(hello.url("/"), args)
            bare = wrk(hello.url("/"), args, script)
        finally:
            hello.stop()
        print(f"\nBare Django hello-world: {bare['rate']:.1f} requests/s", end=" ")
        print(f"(p50 {bare['p50']:.1f} ms, p95 {bare['p95']:.1f} ms)", flush=True)

        for mode in args.modes.split(","):
            mode_env = dict(
                env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(args.workers)
            )
            if mode == "off":
                mode_env["PAGE_CACHE_SECONDS"] = "0"
            server = Server(
                f"project-cache-{mode}",
                [
                    BIN / "gunicorn",
                    "--config",
                    "python:panel_site.gunicorn_conf",
                    "panel_site.wsgi",
                ],
                mode_env,
                port,
                temp,
            )
            try:
                server.wait_until_up("/bench/hello/")
                print(f"\nPage cache {mode.upper()}:")
                print(HEADER, flush=True)
                hello_rate = 0
                for name, path in pages:
                    try:
                        warm_up(server.url(path), args)
                        figures = wrk(server.url(path), args, script)
                    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
                        # One page that cannot be measured must not lose the others' figures.
                        print(f"{name:12} not measured: {error!r}", flush=True)
                        continue
                    if name == "hello":
                        hello_rate = figures["rate"]
                    print_row(name, figures, hello_rate)
                    # Let PostgreSQL and the workers settle before the next page.
                    time.sleep(2)
            finally:
                server.stop()
            print(
                f"(project hello-world {hello_rate / bare['rate']:.0%} of the bare one)", flush=True
            )


if __name__ == "__main__":
    main()
