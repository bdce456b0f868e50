import pytest

from bench import settings as bench_settings


@pytest.fixture(autouse=True)
def bench_settings_on(settings):
    """The bench's tests run with what bench/settings.py adds to the site's settings: the bench
    data app (for its command) and the bench URLs (with the hello page)."""
    settings.INSTALLED_APPS = bench_settings.INSTALLED_APPS
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
