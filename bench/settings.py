"""Settings for the benchmarks: the site's own settings, plus the bench data generator's command
and the hello page that bench/load_bench.py measures the real pages against. The site's own
settings and URLs know nothing of the bench, so a real site never has either.

    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python manage.py generate_bench_data --scale 1
"""

from panel_site.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.benchdata"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
