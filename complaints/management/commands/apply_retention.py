import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from complaints.models import RETAIN_AFTER_TERM_DAYS, Complaint
from complaints.services import complaint_anonymise


class Command(BaseCommand):
    help = (
        "Anonymise complaints 12 months after the term of the office holder they concern ended: "
        "names, contact details, what happened, files, letters, stage notes, the view log and "
        "their history go; the year received and the outcome stay for the statistics. Safe to "
        "run daily: a complaint is anonymised once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be anonymised; change nothing."
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD); for checking a date ahead.",
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        today = today or timezone.localdate()
        due = Complaint.objects.due_for_retention(today)
        # An open case is never emptied under an officer's feet: it is named until it is closed.
        still_open = list(due.open().values_list("reference", flat=True))
        ready = list(due.exclude(reference__in=still_open).order_by("pk"))
        verbose = options["verbosity"] >= 1
        if still_open:
            self.stderr.write(
                f"{len(still_open)} complaint(s) are past the retention date but still open; "
                f"close or withdraw them: {', '.join(still_open)}"
            )
        if dry_run:
            if verbose:
                self.stdout.write(
                    f"{len(ready)} complaint(s) would be anonymised (office holder left office "
                    f"more than {RETAIN_AFTER_TERM_DAYS} days before {today:%Y-%m-%d})."
                )
                for complaint in ready:
                    self.stdout.write(f"  {complaint.reference}")
            return
        # One transaction per complaint: a failure part-way keeps what was done, and the next
        # run picks up the rest.
        done = sum(complaint_anonymise(complaint) for complaint in ready)
        if verbose:
            self.stdout.write(f"{done} complaint(s) anonymised.")
