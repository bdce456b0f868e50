"""The job queue's own upkeep: a failed job is tried again later, a job whose worker died is
given back to the queue, and how the queue is doing (docs/operations.md, "Jobs").

Jobs are Django Tasks (the django-tasks backport) kept in the database by django-tasks-db, whose
workers claim each job with SELECT ... FOR UPDATE SKIP LOCKED, so several workers on several
machines never run the same job at once. Every job of ours may safely run more than once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

READY, RUNNING, FAILED = TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.FAILED


def attempts(job):
    """How many times a job has been started: each start adds its worker's id."""
    return len(job.worker_ids)


def backoff(tries):
    """How long to wait before another try, after `tries` failed: 30 s, 1, 2, 4 minutes..."""
    return timedelta(seconds=settings.JOB_RETRY_SECONDS * 2 ** (tries - 1))


def try_again_later(sender, task_result, **kwargs):
    """Receiver of django-tasks' task_finished: a job that failed goes back to the queue, to run
    after a pause that doubles each time, until it has been tried JOB_ATTEMPTS times. Its error
    stays on it meanwhile, for staff to read."""
    if task_result.status != FAILED or not hasattr(task_result, "db_result"):
        return
    tries = len(task_result.worker_ids)
    if tries >= settings.JOB_ATTEMPTS:
        logger.error("Job %s failed %s times: left for staff to look at", task_result.id, tries)
        return
    DBTaskResult.objects.filter(pk=task_result.id, status=FAILED).update(
        status=READY, finished_at=None, run_after=timezone.now() + backoff(tries)
    )
    logger.warning("Job %s failed (try %s): it will be tried again", task_result.id, tries)


def try_again_now(jobs):
    """Put failed jobs back in the queue, to run as soon as a worker is free. Returns how many."""
    return jobs.filter(status=FAILED).update(
        status=READY, finished_at=None, run_after=get_date_max()
    )


def give_back_abandoned(worker_id=None):
    """Put back in the queue the jobs left running by a worker that stopped in the middle (killed,
    or its machine lost): those of `worker_id`, starting again under the same name, at once; any
    worker's after JOB_ABANDONED_AFTER seconds, far longer than any job of ours takes. A job
    interrupted for the first time runs again at once; one that keeps stopping its worker waits
    like a failed job, and after JOB_ATTEMPTS tries is left failed for staff. Returns how many."""
    now = timezone.now()
    too_old = now - timedelta(seconds=settings.JOB_ABANDONED_AFTER)
    running = DBTaskResult.objects.filter(status=RUNNING)
    # Few at any time: one per worker.
    abandoned = [
        job
        for job in running.only("pk", "worker_ids", "started_at")
        if job.started_at < too_old or (worker_id and job.worker_ids[-1:] == [worker_id])
    ]
    for job in abandoned:
        tries = attempts(job)
        if tries >= settings.JOB_ATTEMPTS:
            changes = {
                "status": FAILED,
                "finished_at": now,
                "exception_class_path": "changes.jobs.WorkerStopped",
                "traceback": f"Its worker stopped in the middle of it, {tries} times.",
            }
            logger.error("Job %s stopped its worker %s times: left for staff", job.pk, tries)
        else:
            run_after = get_date_max() if tries == 1 else now + backoff(tries - 1)
            changes = {"status": READY, "run_after": run_after}
        running.filter(pk=job.pk).update(**changes)
    if abandoned:
        logger.warning("%s job(s) left running by a stopped worker taken back", len(abandoned))
    return len(abandoned)


def queue_health():
    """How many jobs wait to run now, and for how many seconds the oldest has waited: since it
    was queued, or for a job tried again later, since the time it was due."""
    now = timezone.now()
    due_later = Q(run_after=get_date_max())
    found = DBTaskResult.objects.ready().aggregate(
        waiting=Count("pk"),
        oldest_queued=Min("enqueued_at", filter=due_later),
        oldest_due=Min("run_after", filter=~due_later),
    )
    oldest = min(filter(None, [found["oldest_queued"], found["oldest_due"]]), default=None)
    return {
        "waiting": found["waiting"],
        "oldest_waiting_seconds": round((now - oldest).total_seconds()) if oldest else 0,
        "failed": DBTaskResult.objects.filter(status=FAILED).count(),
    }
