import pytest


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limit counts in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Complaint files go to a folder of the test's own, never the project's private_media."""
    root = tmp_path / "private_media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root
