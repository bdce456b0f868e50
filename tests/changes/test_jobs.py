"""The job queue: jobs kept in the database and run by `manage.py run_jobs`; a failed job is tried
again later, then left for staff to see and try again; a job whose worker died runs again
(issue 16)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from changes import jobs
from tests.changes import tasks_for_tests

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOB_ATTEMPTS = 3


def run_jobs():
    call_command("run_jobs", "--until-done", "--worker-id", "test-worker")


# The worker closes a connection left in a transaction, as between requests: these tests commit.
@pytest.mark.django_db(transaction=True)
def test_a_job_waits_in_the_queue_until_a_worker_runs_it(tmp_path):
    tasks_for_tests.writes.enqueue(str(tmp_path / "out.txt"), "hello")
    assert not (tmp_path / "out.txt").exists()
    assert jobs.queue_health()["waiting"] == 1

    run_jobs()

    assert (tmp_path / "out.txt").read_text() == "hello"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert jobs.queue_health()["waiting"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_is_tried_again_later_then_left_for_staff(admin_client):
    tasks_for_tests.fails.enqueue()
    for _ in range(2):
        run_jobs()
        job = DBTaskResult.objects.get()
        assert job.status == "READY"  # to be tried again...
        assert job.run_after > timezone.now()  # ...after a pause
        assert "The test's own error" in job.traceback  # the error kept meanwhile, for staff
        # As if the pause had passed.
        DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    run_jobs()
    job = DBTaskResult.objects.get()
    assert job.status == "FAILED"
    assert jobs.attempts(job) == 3

    page = admin_client.get(reverse("admin:changes_job_changelist")).text
    assert "ValueError" in page and "Failed" in page
    admin_client.post(
        reverse("admin:changes_job_changelist"),
        {"action": "try_again", "_selected_action": [job.pk]},
    )
    assert DBTaskResult.objects.get().status == "READY"


def test_the_pause_doubles_with_each_try(settings):
    settings.JOB_RETRY_SECONDS = 30
    assert [jobs.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_a_job_left_running_goes_back_to_the_queue():
    tasks_for_tests.writes.enqueue("/dev/null", "x")
    DBTaskResult.objects.update(
        status="RUNNING", started_at=timezone.now(), worker_ids=["machine-a-1"]
    )
    assert jobs.give_back_abandoned("machine-b-1") == 0  # another worker's, and recent

    assert jobs.give_back_abandoned("machine-a-1") == 1  # its own worker started again
    DBTaskResult.objects.update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert jobs.give_back_abandoned() == 1  # anyone's, long after
    assert DBTaskResult.objects.get().status == "READY"


def test_killing_the_worker_in_the_middle_of_a_job_loses_nothing(tmp_path):
    """A real worker process, killed with SIGKILL half-way through a job; the job runs again when
    the worker starts again."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "panel_site.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    def manage(*args, **kwargs):
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603

    manage("migrate", "--noinput", capture_output=True)
    manage(
        "shell",
        "-c",
        "from tests.changes.tasks_for_tests import stops_half_way; "
        f"stops_half_way.enqueue({str(tmp_path)!r})",
    )
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_jobs", "--worker-id", "w1", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "started").exists():
            assert worker.poll() is None, "the worker stopped"
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert not (tmp_path / "finished").exists()

    manage("run_jobs", "--worker-id", "w1", "--until-done", capture_output=True)

    assert (tmp_path / "finished").read_text() == "yes"
    status = manage(
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.get().status)",
        capture_output=True,
        text=True,
    )
    assert status.stdout.splitlines()[-1] == "SUCCESSFUL"


def test_a_job_that_keeps_stopping_its_worker_waits_then_is_left_for_staff():
    tasks_for_tests.writes.enqueue("/dev/null", "x")
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now(), worker_ids=["a", "a"])
    jobs.give_back_abandoned("a")
    job = DBTaskResult.objects.get()
    assert job.status == "READY" and job.run_after > timezone.now()  # a pause this time
    assert jobs.queue_health()["waiting"] == 0  # not due yet

    DBTaskResult.objects.update(status="RUNNING", worker_ids=["a", "a", "a"])
    jobs.give_back_abandoned("a")
    job = DBTaskResult.objects.get()
    assert job.status == "FAILED"
    assert "stopped in the middle" in job.traceback


def test_the_wait_of_a_job_tried_again_counts_from_when_it_was_due():
    tasks_for_tests.writes.enqueue("/dev/null", "x")
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.update(
        enqueued_at=an_hour_ago, run_after=timezone.now() - datetime.timedelta(seconds=30)
    )
    health = jobs.queue_health()
    assert health["waiting"] == 1
    assert 29 <= health["oldest_waiting_seconds"] < 600
