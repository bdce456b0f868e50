import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "STATIC_ROOT",
    "SITE_URL",
    "BEHIND_PROXY",
}
PRODUCTION_ENV = {
    "SECRET_KEY": "x7#q9v!m2k$w8z@r5t^y1u&i3o*p6a(s4d)f0g-h_j=k+l" * 2,
    "ALLOWED_HOSTS": "panel.example.org",
    "SITE_URL": "https://panel.example.org",
    "EMAIL_URL": "smtp://mailer:secret@mail.example.org:587?tls=1",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env):
    # A clean slate: nothing of the test run's own environment may leak into production settings.
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="panel_site.settings")
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "ALLOWED_HOSTS"}
    result = manage("check", env=env)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_email_url_is_read_into_smtp_settings():
    from panel_site.settings import email_settings

    settings = email_settings("smtp://mailer:p%40ss@mail.example.org:587?tls=1")

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "mail.example.org"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "mailer"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["EMAIL_USE_SSL"] is False


def test_the_redis_cache_keeps_one_client_for_each_connection_pool():
    from panel_site.cache import RedisCache

    # No connection is made until a command is sent.
    cache = RedisCache("redis://127.0.0.1:6379/0", {})
    client = cache._cache.get_client()

    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("a key") is client
