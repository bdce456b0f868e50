"""What can be checked of the production image without a Docker engine."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.panel_site.test_settings import PRODUCTION_ENV, ROOT, SETTINGS_VARIABLES

BIN = Path(sys.executable).parent


def production_env(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(PRODUCTION_ENV, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra)
    env["PATH"] = f"{BIN}:{env['PATH']}"
    env["DJANGO_SETTINGS_MODULE"] = "panel_site.settings"
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_entrypoint_migrates_then_runs_any_command(tmp_path):
    env = production_env(tmp_path)
    entrypoint = str(ROOT / "docker" / "entrypoint.sh")

    migrated = subprocess.run(  # noqa: S603
        [entrypoint, "migrate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stderr
    assert "Applying staff.0002_staff_groups... OK" in migrated.stdout

    ran = subprocess.run(  # noqa: S603
        [entrypoint, "python", "-c", "print('hello')"], env=env, capture_output=True, text=True
    )
    assert ran.stdout == "hello\n"


def test_gunicorn_serves_the_health_check_and_static_files_cached_for_a_year(tmp_path):
    port = free_port()
    env = production_env(
        tmp_path,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0", "--ignore", "scss"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603
    stylesheet = next((tmp_path / "static" / "build").glob("main.*.css")).name
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "--config", "python:panel_site.gunicorn_conf", "panel_site.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:  # noqa: S310
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not answer /healthz")
                time.sleep(0.3)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/static/build/{stylesheet}",
            headers={"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
            assert "max-age=315360000" in response.headers["Cache-Control"]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    # The access log goes to standard output, without query strings.
    assert '"GET /healthz HTTP/1.1" 200' in output


def test_collectstatic_with_production_storage_hashes_every_file(tmp_path):
    env = production_env(tmp_path, STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--ignore", "scss"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert result.returncode == 0, result.stderr
    collected = {path.name for path in (tmp_path / "static").rglob("*")}
    assert any(name.startswith("main.") and name.endswith(".css.gz") for name in collected)
    assert not any(name.endswith(".scss") for name in collected)
    # The module imports GOV.UK Frontend by its hashed name, so both may be cached for a year.
    panel_js = next((tmp_path / "static" / "js").glob("panel.*.js"))
    assert "govuk-frontend.min." in panel_js.read_text()
    assert "govuk-frontend.min.js" not in panel_js.read_text()


def test_dockerfile_runs_as_a_non_root_user_with_a_health_check():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "FROM python:3.11-slim AS build" in dockerfile
    assert "\nUSER panel\n" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert "collectstatic" in dockerfile
    assert "pip install -c constraints.txt" in dockerfile
