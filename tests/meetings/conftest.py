import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the project's media folder."""
    settings.MEDIA_ROOT = tmp_path
