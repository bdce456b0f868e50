from django.apps import AppConfig


class BenchDataConfig(AppConfig):
    """The benchmark data generator's command: installed by bench/settings.py only, never by
    the site's own settings."""

    name = "bench.benchdata"
    label = "benchdata"
    verbose_name = "Benchmark data"
