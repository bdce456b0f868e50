from django.core.management.base import BaseCommand

from search import index
from search.models import SearchEntry


class Command(BaseCommand):
    help = "Empty the site search index and fill it again with everything public."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is indexed now; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write(f"The index holds {SearchEntry.objects.count()} entries.")
            return
        total = index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} public things for search."))
