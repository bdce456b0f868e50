from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

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
            for label, module in reversed(loaders):
                module.clear()
                self.log(options, f"Cleared the {label} demo data.")
        for label, module in loaders:
            module.load()
            self.log(options, f"Loaded the {label} demo data.")
        if not loaders:
            self.log(options, "No app has demo data yet.")
        # The saves above queue their own indexing; one rebuild is quicker and leaves it complete.
        total = index.rebuild()
        self.log(options, f"Indexed {total} public things for search.")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

    def log(self, options, message):
        if options["verbosity"] >= 2:
            self.stdout.write(message)
