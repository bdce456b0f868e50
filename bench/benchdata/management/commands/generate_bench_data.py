"""Fill a bench database with a national service's worth of data (bench/benchdata/generator.py).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://.../bench \
        .venv/bin/python manage.py generate_bench_data --scale 1
"""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.benchdata import generator


class Command(BaseCommand):
    help = (
        "Fill a benchmark database with made-up meetings, papers, minutes, questions and plans: "
        "--scale 1 is 10,000 meetings and 150,000 agenda items. For bench databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 is the full size; 0.01 a quick run."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the data even though the database holds other data (never a real site's).",
        )

    def handle(self, *args, scale, force, **options):
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        if generator.holds_other_data():
            if not force:
                raise CommandError(
                    "This database holds data that the generator did not make. It is for bench "
                    "databases only: use an empty one, or --force to add to this one."
                )
            if generator.holds_bench_data():
                raise CommandError(
                    "This database holds bench data next to other data: start from an empty one."
                )
        elif generator.holds_bench_data():
            self.stdout.write("Emptying the bench data made before.")
            generator.clear()
        started = time.perf_counter()
        written = generator.generate(scale, log=self.stdout.write)
        for model, rows in written.items():
            self.stdout.write(f"  {model._meta.db_table:40} {rows:>9,}")
        self.stdout.write(
            f"Bench data at scale {scale} made in {time.perf_counter() - started:.0f} s."
        )
