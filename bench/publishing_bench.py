"""What follows a change (issue 16), measured.

    DATABASE_URL=sqlite:////tmp/publishing.sqlite3 .venv/bin/python bench/publishing_bench.py counts
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobs_bench .venv/bin/python \\
        bench/publishing_bench.py jobs

counts: one transaction saves a published meeting and adds 15 agenda items, 5 of them with a
paper and a PDF; then another only changes the meeting's venue. Prints how many times the search
indexed the meeting and read a document's text, once the work that follows has run (the jobs,
run here by `run_jobs --until-done`). Run from an older checkout's folder, it measures that code
(bench/RESULTS.md has both).

jobs: on PostgreSQL, queues 2,000 small jobs and times one worker running them, then 2,000
more with two workers at once, and checks that no job ran twice.

Each makes its tables afresh in the database it is given (migrate), and leaves them there.
"""

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panel_site.settings")
os.environ.setdefault("DEBUG", "1")
JOBS = 2000


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def counts():
    import datetime

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from meetings.models import AgendaItem, Attachment, Committee, Meeting, Paper
    from meetings.pdf import text_pdf
    from search import index

    calls = Counter()
    reindex = index.reindex_meeting

    def counting_reindex(meeting_id):
        calls["indexed"] += 1
        reindex(meeting_id)

    index.reindex_meeting = counting_reindex
    try:  # where the documents are read: meetings/documents.py now, search/index.py before
        from meetings import documents

        read, owner, name = documents.document_text, documents, "document_text"
    except ImportError:
        read, owner, name = index.attachment_text, index, "attachment_text"

    def counting_read(*args, **kwargs):
        calls["read"] += 1
        return read(*args, **kwargs)

    setattr(owner, name, counting_read)

    def follow_up():
        if "changes" in sys.modules or _has_queue():
            call_command("run_jobs", "--until-done", verbosity=0)

    committee, _ = Committee.objects.get_or_create(slug="bench-panel", defaults={"name": "Bench"})
    start = timezone.now() + datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        committee=committee, slug=f"bench-{time.time_ns()}", start=start, is_published=True
    )
    follow_up()
    calls.clear()
    pdf = text_pdf("Report", "Report", ["The report on neighbourhood policing."])
    with transaction.atomic():
        meeting.venue_name = "Town Hall"
        meeting.save()
        for number in range(1, 16):
            item = AgendaItem.objects.create(
                meeting=meeting, number=number, order=number, title=f"Item {number}"
            )
            if number <= 5:
                paper = Paper.objects.create(agenda_item=item, title="Report", is_published=True)
                Attachment.objects.create(
                    paper=paper, title="Report", file=ContentFile(pdf, name=f"report-{number}.pdf")
                )
    follow_up()
    print(
        f"Meeting saved with 15 items and 5 PDFs: indexed {calls['indexed']} time(s), "
        f"{calls['read']} document(s) read"
    )
    calls.clear()
    with transaction.atomic():
        meeting.venue_name = "Town Hall, Council Chamber"
        meeting.save()
    follow_up()
    print(f"Its venue changed: indexed {calls['indexed']} time(s), {calls['read']} read")


def _has_queue():
    from django.apps import apps

    return apps.is_installed("django_tasks_db")


def jobs():
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The job bench runs on PostgreSQL (DATABASE_URL=postgres://...).")
    from bench.jobs_for_bench import note_run

    connection.close()
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            notes = Path(folder) / "runs.txt"
            for number in range(JOBS):
                note_run.enqueue(number, str(notes))
            connection.close()
            command = [sys.executable, "manage.py", "run_jobs", "--until-done", "--verbosity", "0"]
            began = time.monotonic()
            running = [
                subprocess.Popen(  # noqa: S603 - our own command
                    [*command, "--worker-id", f"bench-{n}"],
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for n in range(workers)
            ]
            for process in running:
                process.wait()
            took = time.monotonic() - began
            runs = Counter(line.split()[0] for line in notes.read_text().splitlines())
            twice = sum(1 for count in runs.values() if count > 1)
            by_worker = Counter(line.split()[1] for line in notes.read_text().splitlines())
            print(
                f"{workers} worker(s): {JOBS} jobs in {took:.1f} s, {JOBS / took:.0f} jobs/s "
                f"(including each worker's start-up); {len(runs)} different jobs ran, "
                f"{twice} of them more than once; jobs per worker: {sorted(by_worker.values())}"
            )


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "counts"
    setup()
    {"counts": counts, "jobs": jobs}[what]()
