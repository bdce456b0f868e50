"""Real Chromium, driven by Playwright, against pytest-django's live server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.servers.basehttp import WSGIServer


def pytest_configure(config):
    from django.conf import settings
    from django.test.testcases import LiveServerThread

    # SQLite's in-memory test database, shared between threads, refuses at once a table another
    # thread is writing ("database table is locked", a 503 page): the browser's requests for a
    # page and its favicon collided about once in a hundred runs. One request at a time, then.
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = OneRequestAtATime


class OneRequestAtATime(WSGIServer):
    # The server thread already uses the test's database connection (LiveServerThread.run).
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path or not os.path.exists(path):
        message = "Chromium not found: set CHROMIUM_PATH or install Debian's chromium."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser tab that records console errors, CSP violations among them."""
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    tab.console_errors = []
    tab.on(
        "console",
        lambda message: message.type == "error" and tab.console_errors.append(message.text),
    )
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


def is_govuk_revealing_radio(violation, node):
    """GOV.UK Frontend marks a radio that reveals more questions with aria-expanded, which ARIA 1.2
    allows on a checkbox but not (yet) on a radio. GOV.UK keeps it on purpose, as screen readers
    announce it, and lists axe's complaint as a known issue (alphagov/govuk-frontend#979,
    w3c/aria#1404): that one complaint, and nothing else about the radio, is let through."""
    checks = node["any"] + node["all"] + node["none"]
    return (
        violation["id"] == "aria-allowed-attr"
        and 'class="govuk-radios__input"' in node["html"]
        and "aria-controls=" in node["html"]
        and all(item.startswith("aria-expanded=") for check in checks for item in check["data"])
    )


@pytest.fixture
def assert_accessible(axe):
    """Runs axe-core on the page as it is now and fails on any violation."""

    def check(tab):
        # axe-core leaves its WCAG 2.2 target-size rule off by default; the site must pass it.
        results = axe.run(
            tab,
            options={"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}},
        )
        violations = []
        for violation in results.response["violations"]:
            nodes = [n for n in violation["nodes"] if not is_govuk_revealing_radio(violation, n)]
            if nodes:
                violations.append({**violation, "nodes": nodes})
        results.response["violations"] = violations
        assert results.violations_count == 0, results.generate_report()

    return check
