"""Settings for the test suite: production settings (DEBUG off) with test-only conveniences."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
# The test client and the browser talk plain HTTP to the test server.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from panel_site.settings import *  # noqa: E402, F403

# The live server cannot serve hashed names that collectstatic has not made.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
# Jobs run as soon as they are queued (on commit), in the test's own thread; the worker's own
# tests (tests/changes/) use the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
