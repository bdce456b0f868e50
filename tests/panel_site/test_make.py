"""The Makefile's development targets, run as a new user runs them: each on its own, with nothing
set in the environment (no SECRET_KEY, no DEBUG), against a database of the test's own."""

import os
import queue
import re
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.request

import pytest

from tests.panel_site.test_deployment import free_port
from tests.panel_site.test_settings import ROOT, SETTINGS_VARIABLES

# Variables a surrounding `make test` would pass down to our make: its command-line variables
# (DATABASE_URL=... among them) would otherwise override the test's own.
MAKE_VARIABLES = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def new_user_env(database):
    unset = SETTINGS_VARIABLES | MAKE_VARIABLES | {"PORT", "DJANGO_SETTINGS_MODULE"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def make(*arguments, env):
    return subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", *arguments],  # noqa: S607
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def development_database(tmp_path_factory):
    """A database made by `make migrate` then `make demo`, each run on its own."""
    database = tmp_path_factory.mktemp("make") / "db.sqlite3"
    env = new_user_env(database)
    return database, make("migrate", env=env), make("demo", env=env)


def test_make_migrate_and_make_demo_work_on_their_own(development_database):
    database, migrated, demo = development_database

    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "Demo data is ready." in demo.stdout
    with sqlite3.connect(database) as connection:
        (meetings,) = connection.execute("SELECT count(*) FROM meetings_meeting").fetchone()
    assert meetings > 0


def test_check_deploy_is_not_given_debug(tmp_path):
    # The production check must see the environment as it is: no development defaults.
    result = make("check-deploy", env=new_user_env(tmp_path / "db.sqlite3"))

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def read_lines(stream, lines):
    for line in stream:
        lines.put(line)
    lines.put(None)


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:  # noqa: S310
        assert response.status == 200, path
        return response.read().decode()


def test_make_run_serves_on_the_port_asked_for_and_every_link_says_so(development_database):
    database, _, _ = development_database
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        ["make", "--no-print-directory", "run", f"PORT={port}"],  # noqa: S607
        cwd=ROOT,
        env=new_user_env(database),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Its own process group, so that make, runserver and runserver's reloader all stop.
        start_new_session=True,
    )
    lines = queue.Queue()
    threading.Thread(target=read_lines, args=(server.stdout, lines), daemon=True).start()
    output = []
    try:
        # runserver says so once its socket is listening.
        ready = f"Starting development server at http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 180
        while not any(ready in line for line in output):
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            except queue.Empty:
                line = None
            if line is None:
                pytest.fail(f"make run did not serve on port {port}:\n" + "".join(output))
            output.append(line)
        assert f"Serving http://127.0.0.1:{port}" in "".join(output)

        pages = {
            path: fetch(port, path)
            for path in [
                "/",
                "/meetings/calendar.ics",
                "/sitemap.xml",
                "/sitemap-meetings.xml",
                "/api/meetings/",
                "/plans/",
                "/.well-known/security.txt",
            ]
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    for path, text in pages.items():
        ports = set(re.findall(r"127\.0\.0\.1:(\d+)", text))
        assert ports == {str(port)}, f"{path} links to 127.0.0.1 on {ports}"
