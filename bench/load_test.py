"""Load and fault runs for issue 9: many visitors reading and sending forms at once, against
gunicorn with the bench settings (bench/settings.py: the production settings and the bench's
own additions), and then a check that every confirmation they were given is a stored record.

    .venv/bin/python bench/load_test.py --setup                  # once: database, demo data
    .venv/bin/python bench/load_test.py --users 200 --duration 600
    .venv/bin/python bench/load_test.py --duration 240 --fault postgres   # or worker, or mail

Everything runs on 127.0.0.1: gunicorn (panel_site/gunicorn_conf.py, GUNICORN_WORKERS=4), a local
SMTP sink (bench/smtp_sink.py), the email worker (send_queued_email --loop) and locust
(bench/locustfile.py). locust and aiosmtpd are not the site's dependencies (locust brings gevent,
Flask, pyzmq and some thirty packages): they go in a virtualenv of their own, .venv-bench, which
this script makes the first time. Every process it starts is stopped when it ends, however it
ends; the PostgreSQL fault always starts the server again.

Faults, at --fault-at seconds into the run:
  postgres  stop PostgreSQL (pg_ctlcluster 15 main stop -m fast, so root), wait --outage seconds,
            start it again. Other people's tests use the same server: it waits until no pytest,
            wrk, generate_bench_data or load_bench process is running (checking every 30 s).
  worker    SIGKILL one gunicorn worker.
  mail      stop the SMTP sink for --outage seconds, then start it again.

A probe asks for /questions/ask/ (never cached, reads the database) four times a second, to time
the outage and the recovery; its requests are not in locust's numbers.
"""

import argparse
import csv
import datetime
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_VENV = Path(os.environ.get("BENCH_VENV", ROOT / ".venv-bench"))
BENCH_PACKAGES = ["locust==2.47.0", "aiosmtpd==1.4.6"]
OTHERS = ("pytest", "wrk", "generate_bench_data", "load_bench")

# What the check runs inside Django (manage.py shell): every reference a visitor was given must
# be exactly one stored record holding that visitor's own text.
CHECK = r"""
import json, os
from complaints.models import Complaint, OutgoingEmail, Question
from django.utils.dateparse import parse_datetime

run = os.environ["BENCH_RUN"]
events = [json.loads(line) for line in open(os.environ["BENCH_REFS_FILE"])]
confirmed = [e for e in events if e["event"] == "confirmed"]
models = {"question": (Question, "text"), "complaint": (Complaint, "what_happened")}
bad = []
for e in confirmed:
    model, field = models[e["kind"]]
    rows = list(model.objects.filter(reference=e["ref"]).values_list(field, flat=True))
    if len(rows) != 1 or e["token"] not in rows[0]:
        bad.append({"ref": e["ref"], "kind": e["kind"], "matches": len(rows)})
stored = {}
for kind, (model, field) in models.items():
    texts = model.objects.filter(**{field + "__contains": f"Bench {run}-"})
    texts = texts.values_list(field, flat=True)
    stored[kind] = {t.split(":", 1)[0].removeprefix("Bench ") for t in texts}
confirmed_tokens = {e["token"] for e in confirmed}
emails = OutgoingEmail.objects.filter(created_at__gte=parse_datetime(os.environ["BENCH_START"]))
print(json.dumps({
    "sent": sum(e["event"] == "sent" for e in events),
    "confirmed": {k: sum(e["kind"] == k for e in confirmed) for k in models},
    "failed_submissions": sum(e["event"] == "failed" for e in events),
    "confirmed_not_matching_one_record": bad,
    "stored": {k: len(v) for k, v in stored.items()},
    "stored_without_confirmation": sorted(set().union(*stored.values()) - confirmed_tokens),
    "emails_queued": emails.count(),
    "emails_sent": emails.filter(sent_at__isnull=False).count(),
    "emails_waiting": emails.filter(sent_at__isnull=True).count(),
}))
"""


def log(message):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def ensure_bench_venv():
    if (BENCH_VENV / "bin" / "locust").exists():
        return
    log(f"Making {BENCH_VENV} with {' '.join(BENCH_PACKAGES)}")
    subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    subprocess.run([BENCH_VENV / "bin" / "pip", "install", "-q", *BENCH_PACKAGES], check=True)


def site_env(args, workdir):
    return {
        **os.environ,
        "SECRET_KEY": "bench-only-" + secrets.token_hex(24),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "EMAIL_URL": f"smtp://127.0.0.1:{args.smtp_port}",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": args.redis_url,
        "DATABASE_URL": args.database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private_media"),
        # Every visitor comes from 127.0.0.1: the per-address limit would stop them at once.
        "PUBLIC_FORM_RATE_LIMIT": "100000/1m",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }


def manage(env, *command, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, **kwargs)


def setup_database(env, database):
    created = subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", database], capture_output=True, text=True
    )
    if created.returncode and "already exists" not in created.stderr:
        raise RuntimeError(created.stderr)
    manage(env, "migrate", "-v0")
    manage(env, "load_demo")


class Processes:
    """What this run started, each in its own process group, so that it can be stopped whole."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.running = {}

    def start(self, name, command, env):
        out = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = (process, out)
        return process

    def stop(self, name, wait=30):
        process, out = self.running.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(wait)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        out.close()

    def stop_all(self):
        for name in reversed(list(self.running)):
            self.stop(name)


def get(url, timeout=10):
    """(status, time taken); status 0 for no answer."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.monotonic() - started


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if get(url, timeout=5)[0] == 200:
            return
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer 200 within {seconds} s")


class Probe(threading.Thread):
    """Asks for a page that reads the database four times a second; keeps (sent, answered,
    status). Under load a request waits its turn behind the visitors' (gunicorn's queue), so
    the time it was sent is kept as well as the time it was answered."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url = url
        self.seen = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            sent = time.time()
            status, _ = get(self.url, timeout=60)
            self.seen.append((sent, time.time(), status))
            self.done.wait(0.25)


def others_running():
    lines = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in lines.splitlines() if any(name in line for name in OTHERS)]


def fault_postgres(args, until, report):
    # Others' test runs share this server: wait for a quiet moment, within the run.
    while others := others_running():
        if time.time() + 30 + args.outage > until:
            report["skipped"] = f"others still running: {others[:3]}"
            return
        log(f"Waiting: {len(others)} other process(es) using PostgreSQL, e.g. {others[0][:80]}")
        time.sleep(30)
    log("Stopping PostgreSQL")
    report["stop_called"] = time.time()
    try:
        subprocess.run(
            ["pg_ctlcluster", "15", "main", "stop", "-m", "fast"], check=True, timeout=60
        )
        report["stopped"] = time.time()
        time.sleep(args.outage)
    finally:
        # In any case: the server is never left down.
        subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True, timeout=120)
        report["started"] = time.time()
        log("PostgreSQL started again")


def fault_worker(master_pid, report):
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    victim = int(children[0])
    log(f"SIGKILL to gunicorn worker {victim} (of {len(children)})")
    os.kill(victim, signal.SIGKILL)
    report["killed"] = time.time()
    report["workers_before"] = len(children)
    time.sleep(10)
    report["workers_10s_later"] = len(
        subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True
        ).stdout.split()
    )


def fault_mail(args, processes, start_sink, report):
    log("Stopping the SMTP sink")
    processes.stop("smtp_sink")
    report["stopped"] = time.time()
    time.sleep(args.outage)
    start_sink()
    report["started"] = time.time()
    log("SMTP sink started again")


def probe_summary(seen, report):
    waits = sorted(answered - sent for sent, answered, _ in seen)
    summary = {
        "requests": len(seen),
        "by_status": {
            str(s): sum(1 for *_, x in seen if x == s) for s in sorted({x for *_, x in seen})
        },
        "median_wait_s": round(waits[len(waits) // 2], 2) if waits else None,
    }
    if "started" in report:
        back = report["started"]
        # The first request sent after the database was back that was answered 200 (when it
        # was sent and when answered), and the last answer that was not a 200.
        ok = [(sent, answered) for sent, answered, status in seen if sent >= back and status == 200]
        if ok:
            summary["first_200_sent_after_back_s"] = round(ok[0][0] - back, 2)
            summary["first_200_sent_after_back_answered_s"] = round(ok[0][1] - back, 2)
        first_ok = [answered for _, answered, status in seen if answered >= back and status == 200]
        summary["first_200_answered_after_back_s"] = (
            round(first_ok[0] - back, 2) if first_ok else None
        )
        bad = [answered for _, answered, status in seen if status != 200]
        if bad:
            summary["last_non_200_answered_after_back_s"] = round(bad[-1] - back, 2)
    return summary


def locust_summary(prefix):
    stats = {}
    with open(f"{prefix}_stats.csv") as f:
        for row in csv.DictReader(f):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": row["50%"],
                "p95_ms": row["95%"],
                "p99_ms": row["99%"],
                "max_ms": round(float(row["Max Response Time"])),
                "rps": round(float(row["Requests/s"]), 1),
            }
    failures = {}
    with open(f"{prefix}_failures.csv") as f:
        for row in csv.DictReader(f):
            failures[f"{row['Name']}: {row['Error']}"] = int(row["Occurrences"])
    return stats, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--setup", action="store_true", help="Create the database, migrate, load the demo data."
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=10, help="Users started per second.")
    parser.add_argument("--duration", type=int, default=600, help="Seconds of load.")
    parser.add_argument("--fault", choices=["postgres", "worker", "mail"])
    parser.add_argument("--fault-at", type=int, default=None, help="Seconds in (default: a third).")
    parser.add_argument(
        "--outage", type=int, default=10, help="Seconds the database or mail is down."
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8019)
    parser.add_argument("--smtp-port", type=int, default=8025)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h9_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--email-interval", type=int, default=10, help="The email worker's round.")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    if args.fault == "postgres" and os.geteuid() != 0:
        parser.error("--fault postgres needs root (pg_ctlcluster).")

    ensure_bench_venv()
    run = datetime.datetime.now().strftime("r%m%d%H%M%S")
    workdir = args.workdir or Path(f"/tmp/panel-bench-{run}")  # noqa: S108 - a run's scratch folder
    workdir.mkdir(parents=True, exist_ok=True)
    env = site_env(args, workdir)
    if args.setup:
        setup_database(env, args.database_url.rsplit("/", 1)[1])
    manage(env, "collectstatic", "--noinput", "-v0")
    base = f"http://127.0.0.1:{args.port}"
    refs = workdir / "references.jsonl"
    refs.touch()
    sink_count = workdir / "emails_received.txt"
    sink_count.touch()
    started_at = datetime.datetime.now(datetime.UTC)
    processes = Processes(workdir)
    report = {
        "run": run,
        "workdir": str(workdir),
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    fault = {}

    def start_sink():
        processes.start(
            "smtp_sink",
            [
                BENCH_VENV / "bin" / "python",
                "bench/smtp_sink.py",
                "--port",
                str(args.smtp_port),
                "--count-file",
                str(sink_count),
                "--max-seconds",
                str(args.duration + 3600),
            ],
            env,
        )
        time.sleep(1)

    try:
        start_sink()
        gunicorn = processes.start(
            "gunicorn",
            [
                ROOT / ".venv" / "bin" / "gunicorn",
                "--config",
                "python:panel_site.gunicorn_conf",
                "panel_site.wsgi",
            ],
            env,
        )
        wait_for(f"{base}/healthz")
        processes.start(
            "email_worker",
            [
                PYTHON,
                "manage.py",
                "send_queued_email",
                "--loop",
                "--interval",
                str(args.email_interval),
            ],
            env,
        )
        probe = Probe(f"{base}/questions/ask/")
        probe.start()
        locust_env = {**env, "BENCH_REFS_FILE": str(refs), "BENCH_RUN": run}
        log(f"locust: {args.users} users for {args.duration} s against {base} (workdir {workdir})")
        locust = processes.start(
            "locust",
            [
                BENCH_VENV / "bin" / "locust",
                "-f",
                "bench/locustfile.py",
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.duration}s",
                "--host",
                base,
                "--csv",
                str(workdir / "locust"),
                "--only-summary",
                "--stop-timeout",
                "30",
                "--loglevel",
                "WARNING",
            ],
            locust_env,
        )
        load_started = time.time()
        if args.fault:
            fault_at = args.fault_at if args.fault_at is not None else args.duration // 3
            time.sleep(fault_at)
            until = load_started + args.duration
            if args.fault == "postgres":
                fault_postgres(args, until, fault)
            elif args.fault == "worker":
                fault_worker(gunicorn.pid, fault)
            else:
                fault_mail(args, processes, start_sink, fault)
        locust.wait(args.duration + 120)
        probe.done.set()
        probe.join(15)
        log("Load over: one more round of the email worker, then the check")
        waiting_before = manage(
            env, "send_queued_email", "--dry-run", capture_output=True, text=True
        ).stdout.strip()
        sent_once = manage(env, "send_queued_email", capture_output=True, text=True).stdout.strip()
        time.sleep(2)
        check_env = {
            **env,
            "BENCH_RUN": run,
            "BENCH_REFS_FILE": str(refs),
            "BENCH_START": started_at.isoformat(),
        }
        check = manage(check_env, "shell", "-c", CHECK, capture_output=True, text=True)
        report["check"] = json.loads(check.stdout.strip().splitlines()[-1])
        report["email_worker_at_end"] = {"waiting": waiting_before, "sent": sent_once}
        report["emails_received_by_sink"] = len(sink_count.read_text().splitlines())
        report["stats"], report["failures"] = locust_summary(workdir / "locust")
        report["probe"] = probe_summary(probe.seen, fault)
        if fault:
            report["fault"] = {
                k: (round(v - load_started, 1) if isinstance(v, float) else v)
                for k, v in fault.items()
            }
            report["fault"]["note"] = "times in seconds since the load started"
        server_log = (workdir / "gunicorn.log").read_text(errors="replace")
        report["gunicorn_log"] = {
            "status_500": server_log.count('" 500 '),
            "status_503": server_log.count('" 503 '),
            "worker_timeouts": server_log.count("WORKER TIMEOUT"),
            "database_unavailable_lines": server_log.count("Database unavailable"),
            "tracebacks": server_log.count("Traceback"),
        }
        report["email_worker_alive"] = processes.running["email_worker"][0].poll() is None
    finally:
        processes.stop_all()
    (workdir / "report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
