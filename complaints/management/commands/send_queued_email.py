import time

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections

from complaints.models import OutgoingEmail
from complaints.services import email_send_queued


class Command(BaseCommand):
    help = (
        "Send the emails that have not gone yet (the mail server was down, say), oldest first. "
        "Run it from cron, or as a worker with --loop."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many are waiting; send nothing."
        )
        parser.add_argument(
            "--loop", action="store_true", help="Keep going: try again every --interval seconds."
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between rounds with --loop."
        )
        parser.add_argument("--limit", type=int, default=100, help="At most this many a round.")

    def handle(self, *args, dry_run=False, loop=False, interval=60, limit=100, **options):
        if dry_run:
            waiting = OutgoingEmail.objects.filter(sent_at__isnull=True).count()
            self.stdout.write(f"{waiting} email(s) waiting to be sent.")
            return
        while True:
            if loop:
                # A worker runs for days, outside any request: a connection that died when the
                # database restarted is dropped here and a new one opened, as a request would.
                close_old_connections()
            try:
                sent, failed = email_send_queued(limit=limit)
            except (OperationalError, InterfaceError) as error:
                if not loop:
                    raise
                # The database is down: wait it out rather than stop sending for good.
                self.stderr.write(
                    f"Database unavailable ({type(error).__name__}); trying again in {interval} s."
                )
            else:
                if options["verbosity"] >= 1 and (sent or failed or not loop):
                    self.stdout.write(f"Sent {sent} email(s); {failed} failed and will be retried.")
            if not loop:
                return
            time.sleep(interval)
