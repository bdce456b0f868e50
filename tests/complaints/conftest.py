import pytest


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with nothing kept in the cache."""
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
