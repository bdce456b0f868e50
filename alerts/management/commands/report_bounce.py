from django.core.management.base import BaseCommand

from alerts import services


class Command(BaseCommand):
    help = (
        "Record that an alert email bounced (as the mail service reports it). After "
        "ALERTS_BOUNCE_LIMIT bounces the address is stopped and deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The address that bounced.")

    def handle(self, *args, email, **options):
        # Never echo the address: command output ends up in logs.
        if services.report_bounce(email):
            self.stdout.write("Bounce recorded.")
        else:
            self.stdout.write("No alert follower has that address.")
