import time

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections

from alerts import services, webhooks


class Command(BaseCommand):
    help = (
        "Send the daily and weekly alert digests once their hour has come (ALERTS_DIGEST_HOUR), "
        "delete sign-ups never confirmed, and queue again webhook deliveries whose job was lost. "
        "Safe to run as often as you like: a digest goes once. Run it from cron, or as a "
        "worker with --loop."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep going: look again every --interval seconds."
        )
        parser.add_argument(
            "--interval", type=int, default=300, help="Seconds between rounds with --loop."
        )

    def handle(self, *args, loop=False, interval=300, **options):
        while True:
            if loop:
                close_old_connections()
            try:
                queued = services.send_digests()
                signups, addresses, emails = services.tidy()
                webhooks.try_waiting_again()
            except (OperationalError, InterfaceError) as error:
                if not loop:
                    raise
                self.stderr.write(
                    f"Database unavailable ({type(error).__name__}); trying again in {interval} s."
                )
            else:
                if options["verbosity"] >= 1 and (queued or signups or addresses or not loop):
                    self.stdout.write(
                        f"{queued} digest email(s) queued; deleted {signups} unconfirmed "
                        f"sign-up(s), {addresses} address(es) following nothing and {emails} "
                        "old alert email(s)."
                    )
            if not loop:
                return
            time.sleep(interval)
