import datetime
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from changes.models import Change
from meetings.models import Meeting
from plans.models import Plan
from search import index

# Lower layers first, so that each app can refer to what the one below it loaded.
DEMO_APPS = ["plans", "meetings", "complaints"]


class Command(BaseCommand):
    help = (
        "Load the demo data from the seed documents. Safe to run again: it changes nothing "
        "that is already there. Each app contributes its part in its own demo.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo data first, then load it again."
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        loaders = []
        for label in DEMO_APPS:
            module_name = f"{apps.get_app_config(label).name}.demo"
            try:
                loaders.append((label, import_module(module_name)))
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
        if reset:
            # The log told of the demo's records, which are about to go.
            Change.objects.all().delete()
            for label, module in reversed(loaders):
                module.clear()
                self.log(options, f"Cleared the {label} demo data.")
        for label, module in loaders:
            module.load()
            self.log(options, f"Loaded the {label} demo data.")
        if not loaders:
            self.log(options, "No app has demo data yet.")
        if not Change.objects.exists():
            count = record_publication_history()
            self.log(options, f"Recorded {count} past publications in the change log.")
        # The saves above queue their own indexing; one rebuild is quicker and leaves it complete.
        total = index.rebuild()
        self.log(options, f"Indexed {total} public things for search.")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

    def log(self, options, message):
        if options["verbosity"] >= 2:
            self.stdout.write(message)


def record_publication_history():
    """The change log as it would read had the site been live when the demo's meetings and plans
    were published: each meeting when its agenda went out, each plan on its publication date,
    oldest first."""
    nine_am = datetime.time(9)
    changes = [
        _published(meeting, meeting.agenda_published_at or meeting.start, "Agenda published")
        for meeting in Meeting.objects.published().select_related("committee")
    ] + [
        _published(plan, timezone.make_aware(datetime.datetime.combine(plan.published_on, nine_am)))
        for plan in Plan.objects.published()
    ]
    changes.sort(key=lambda change: change.at)
    Change.objects.bulk_create(changes)
    return len(changes)


def _published(obj, at, said="Published"):
    return Change(
        at=at,
        what=Change.What.PUBLISHED,
        kind=Change.kind_of(type(obj)),
        object_id=obj.pk,
        title=str(obj),
        url=obj.get_absolute_url(),
        summary=f"{said}: {obj}",
    )
