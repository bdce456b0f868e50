"""Page weight and lab Web Vitals, measured in Debian's Chromium (issue 8).

Serves the demo data with the bench settings (the production settings, bench/settings.py) under
gunicorn on 127.0.0.1, then:
- page weight: for each page type, the compressed size of its HTML, everything a first visit
  downloads, what a repeat visit downloads, and any request to another host;
- Lighthouse (npm `lighthouse`, fetched into npm's cache by `npm exec`) on its default mobile
  settings for the home, a meeting, the plan and a search page.

Run: .venv/bin/python bench/frontend_bench.py   (about three minutes; loopback only)
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PORT = 8020
BASE = f"http://127.0.0.1:{PORT}"
MEETING = "/meetings/police-and-crime-panel-2014-05-02/"
PAGES = {
    "home": "/",
    "meeting list": "/meetings/",
    "meeting": MEETING,
    "agenda item (HMIC report)": MEETING + "items/7/",
    "minutes (31 March 2014)": "/meetings/police-and-crime-panel-2014-03-31/",
    "plan": "/plan/",
    "priority": "/plans/police-and-crime-plan-2013-17-refreshed-april-2014/"
    "reducing-crime-and-anti-social-behaviour/",
    "search": "/search/?q=HMIC",
    "action log": "/action-log/",
    "members": "/members/",
    "questions": "/questions/",
    "ask a question": "/questions/ask/",
    "complaint form": "/complaints/make/",
}
LIGHTHOUSE_PAGES = ["home", "meeting", "plan", "search"]
LIGHTHOUSE = "lighthouse@13.5.0"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"]
TARGETS = {"html": 30_000, "first": 150_000, "repeat": 20_000}


def production_env(folder):
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-bench-only-secret-key-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=BASE,
        EMAIL_URL="console://",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        STATIC_ROOT=f"{folder}/static",
        MEDIA_ROOT=f"{folder}/media",
        PRIVATE_MEDIA_ROOT=f"{folder}/private",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="bench.settings",
    )
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start_server(env):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-c", "panel_site/gunicorn_conf.py", "--bind", f"127.0.0.1:{PORT}"]
    server = subprocess.Popen([*command, "-w", "2", "panel_site.wsgi"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1)  # noqa: S310 - loopback
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def page_weight(browser):
    """Bytes on the wire per page: the document, a first visit, a repeat visit."""
    rows = []
    for name, path in PAGES.items():
        context = browser.new_context()
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        sizes, hosts = {}, set()
        session.on(
            "Network.loadingFinished",
            lambda event, sizes=sizes: sizes.__setitem__(
                event["requestId"], event["encodedDataLength"]
            ),
        )
        documents = {}
        session.on(
            "Network.responseReceived",
            lambda event, documents=documents: documents.__setitem__(
                event["requestId"], event["type"]
            ),
        )
        page.on("request", lambda request, hosts=hosts: hosts.add(urlsplit(request.url).netloc))
        page.goto(BASE + path, wait_until="load")
        page.wait_for_timeout(300)
        html = sum(size for key, size in sizes.items() if documents.get(key) == "Document")
        first = sum(sizes.values())
        sizes.clear()
        documents.clear()
        # A later visit by the same person: a link followed to the page, not a forced reload.
        page.goto("about:blank")
        page.goto(BASE + path, wait_until="load")
        page.wait_for_timeout(300)
        repeat = sum(sizes.values())
        others = sorted(host for host in hosts if host and host != f"127.0.0.1:{PORT}")
        rows.append((name, html, first, repeat, others))
        context.close()
    return rows


def lighthouse(chromium, folder):
    results = []
    for name in LIGHTHOUSE_PAGES:
        report = Path(folder) / f"lighthouse-{name.replace(' ', '-')}.json"
        command = [
            "npm",
            "exec",
            "--yes",
            f"--package={LIGHTHOUSE}",
            "--",
            "lighthouse",
            BASE + PAGES[name],
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
        ]
        env = {**os.environ, "CHROME_PATH": chromium}
        # Lighthouse now and then fails to record its trace on a busy machine: try again.
        for attempt in range(3):
            if subprocess.run(command, cwd=folder, env=env).returncode == 0:
                break
            print(f"Lighthouse failed on {name} (attempt {attempt + 1}).", file=sys.stderr)
        else:
            raise SystemExit(f"Lighthouse failed three times on {name}")
        data = json.loads(report.read_text())
        audits = data["audits"]
        results.append(
            (
                name,
                data["categories"]["performance"]["score"],
                audits["largest-contentful-paint"]["numericValue"] / 1000,
                audits["cumulative-layout-shift"]["numericValue"],
                audits["total-blocking-time"]["numericValue"],
                audits["first-contentful-paint"]["numericValue"] / 1000,
            )
        )
    return results


def main():
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("Chromium not found: apt-get install chromium")
    os.environ["PATH"] = f"{Path(sys.executable).parent}:{os.environ['PATH']}"  # npm from the venv
    with tempfile.TemporaryDirectory(prefix="frontend-bench-") as folder:
        env = production_env(folder)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput", "-v0")
        server = start_server(env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                weights = page_weight(browser)
                browser.close()
            vitals = lighthouse(chromium, folder)
        finally:
            server.terminate()
            server.wait()

    print(f"\nPage weight in bytes on the wire (targets: HTML <= {TARGETS['html']:,}, first")
    print(
        f"visit <= {TARGETS['first']:,}, repeat visit <= {TARGETS['repeat']:,}, no other hosts)\n"
    )
    print(f"{'page':28} {'HTML':>8} {'first':>9} {'repeat':>8}  other hosts")
    for name, html, first, repeat, others in weights:
        print(f"{name:28} {html:>8,} {first:>9,} {repeat:>8,}  {', '.join(others) or 'none'}")
    heaviest = max(weights, key=lambda row: row[1])
    met = (
        heaviest[1] <= TARGETS["html"]
        and all(row[2] <= TARGETS["first"] for row in weights)
        and all(row[3] <= TARGETS["repeat"] for row in weights)
        and not any(row[4] for row in weights)
    )
    print(f"\nHeaviest HTML: {heaviest[0]} ({heaviest[1]:,} bytes). Targets met: {met}")
    print("\nLighthouse, mobile settings (targets: score >= 0.95, LCP <= 1.5 s, CLS <= 0.02,")
    print("TBT <= 50 ms)\n")
    print(f"{'page':10} {'score':>6} {'LCP s':>6} {'CLS':>6} {'TBT ms':>7} {'FCP s':>6}")
    for name, score, lcp, cls, tbt, fcp in vitals:
        print(f"{name:10} {score:>6.2f} {lcp:>6.2f} {cls:>6.3f} {tbt:>7.0f} {fcp:>6.2f}")


if __name__ == "__main__":
    main()
