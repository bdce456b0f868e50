import logging
import socket
import time

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from changes.jobs import give_back_abandoned

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the jobs that follow a change (search index, emails...), until stopped. Several may "
        "run at once, on several machines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id",
            default=f"{socket.gethostname()}-1",
            help="This worker's name, unique among the running workers. A worker started again "
            "under the same name first takes back the jobs it left running (default: the "
            "machine's name, then -1).",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument(
            "--until-done", action="store_true", help="Run what is waiting now, then stop."
        )

    def handle(self, *, worker_id, interval, until_done, **options):
        # The library's worker says it starts and finds nothing each time it is handed the queue
        # (every second); the jobs themselves are still logged (the "django_tasks" logger).
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,  # the library's worker runs what is waiting, then hands back to us
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        if options["verbosity"]:
            self.stdout.write(f"Worker {worker_id} running jobs (Ctrl+C stops it).")
        first = True
        while worker.running:
            try:
                # At the start its own jobs left running; later, any worker's long abandoned.
                give_back_abandoned(worker_id if first else None)
                first = False
                worker.run()
            except (OperationalError, InterfaceError) as error:
                if until_done:
                    raise
                # The database is down or restarting: wait it out, as the site does, then take
                # back the job this worker may have been running.
                logger.warning("Database unavailable (%s): trying again", type(error).__name__)
                close_old_connections()
                first = True
            if until_done:
                return
            time.sleep(interval)
