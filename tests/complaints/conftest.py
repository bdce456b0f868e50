import pytest


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limit counts in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
