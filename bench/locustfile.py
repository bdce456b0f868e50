"""Visitors of the public site for bench/load_test.py: they read pages and send questions and
complaints, and write down every confirmation reference they are given.

Run by bench/load_test.py with the bench virtualenv's locust; it needs BENCH_REFS_FILE (where the
references go, one JSON line each) and BENCH_RUN (a tag put in every submission, so that the check
afterwards finds this run's records).

A response counts as a success only when it is what a visitor expects: a 200 page (a submission:
the confirmation with its reference). Anything else is a failure, named by what it was; the
styled 503 page that the site answers while its database is down is its own kind ("styled 503"),
so that a fault run can tell it from real failures.
"""

import datetime
import itertools
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

REFS_FILE = os.environ["BENCH_REFS_FILE"]
RUN = os.environ["BENCH_RUN"]
THINK = (
    float(os.environ.get("BENCH_THINK_MIN", "1")),
    float(os.environ.get("BENCH_THINK_MAX", "5")),
)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Radio inputs are written over several lines: [^>] runs across them.
MEETING = re.compile(r'name="meeting"[^>]*?value="(\d+)"')
HOLDER = re.compile(r'name="holder"[^>]*?value="(\d+)"')
REFERENCE = re.compile(r"Your reference is<br><strong>([^<]+)</strong>")
STYLED_503 = "Sorry, the service is unavailable"

# Pages found once at the start (a meeting, its items, a plan, its priorities).
PAGES = {}
serial = itertools.count(1)


@events.test_start.add_listener
def find_pages(environment, **kwargs):
    import requests  # locust's own dependency

    host = environment.host
    meetings = requests.get(f"{host}/meetings/", timeout=30).text
    PAGES["meeting"] = sorted(set(re.findall(r'href="(/meetings/[a-z0-9-]+/)"', meetings)))
    meeting = requests.get(host + PAGES["meeting"][-1], timeout=30).text
    PAGES["item"] = sorted(set(re.findall(r'href="(/meetings/[a-z0-9-]+/items/\d+/)"', meeting)))
    plans = requests.get(f"{host}/plans/", timeout=30).text
    PAGES["plan"] = sorted(
        set(re.findall(r'href="(/plans/[a-z0-9-]+/)"', plans)) - {"/plans/compare/"}
    )
    plan = requests.get(host + PAGES["plan"][0], timeout=30).text
    PAGES["priority"] = sorted(set(re.findall(r'href="(/plans/[a-z0-9-]+/[a-z0-9-]+/)"', plan)))
    missing = [kind for kind, found in PAGES.items() if not found]
    if missing:
        raise RuntimeError(f"No links found for {missing}: is the demo data loaded?")


def record(entry):
    # One line per event, flushed at once: a run that is stopped keeps what it had.
    with open(REFS_FILE, "a") as out:
        out.write(json.dumps(entry) + "\n")


def judge(response, want=None):
    """Mark the response a success or a failure, and say which kind of failure."""
    if response.status_code == 503 and STYLED_503 in response.text:
        response.failure("styled 503")
        return False
    if response.status_code != 200:
        response.failure(f"status {response.status_code}")
        return False
    if want and want not in response.text:
        response.failure(f"200 without {want!r}")
        return False
    response.success()
    return True


class Visitor(HttpUser):
    wait_time = between(*THINK)

    def plain_http_cookies(self):
        """The production settings mark the session and CSRF cookies Secure; the bench talks
        plain HTTP on the loopback, where a TLS proxy would sit in front. Send them all the same
        (requests follows a redirect with a fresh cookie jar, so redirects are followed here)."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def page(self, url, name=None):
        with self.client.get(url, name=name or url, catch_response=True) as response:
            judge(response)
        self.plain_http_cookies()

    @task(3)
    def home(self):
        self.page("/")

    @task(3)
    def meetings(self):
        self.page("/meetings/")

    @task(3)
    def meeting(self):
        self.page(random.choice(PAGES["meeting"]), name="/meetings/[slug]/")

    @task(3)
    def item(self):
        self.page(random.choice(PAGES["item"]), name="/meetings/[slug]/items/[n]/")

    @task(2)
    def plan(self):
        self.page(random.choice(PAGES["plan"]), name="/plans/[slug]/")

    @task(2)
    def priority(self):
        self.page(random.choice(PAGES["priority"]), name="/plans/[slug]/[priority]/")

    @task(2)
    def search(self):
        term = random.choice(["police", "budget", "domestic abuse", "complaint", "precept"])
        self.page(f"/search/?q={term}", name="/search/?q=[term]")

    @task(2)
    def questions(self):
        self.page("/questions/")

    @task(1)
    def ask_question(self):
        with self.client.get("/questions/ask/", catch_response=True) as form:
            self.plain_http_cookies()
            if not judge(form, want="csrfmiddlewaretoken"):
                return
            meetings = MEETING.findall(form.text)
            if not meetings:
                form.failure("no meeting open for questions")
                return
        token = f"{RUN}-q{next(serial)}-{uuid.uuid4().hex[:8]}"
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "meeting": random.choice(meetings),
            "addressed_to": "panel",
            "text": f"Bench {token}: what is being done about speeding on rural roads?",
            "individual_case": "no",
            "asker_name": "Pat Tester",
            "email": "pat.tester@example.com",
            "postcode": "s60 2th",
            "declares_local": "on",
            "consents_to_name": "no",
            "website": "",
        }
        self.submit("question", token, "/questions/ask/", data)

    @task(1)
    def make_complaint(self):
        with self.client.get("/complaints/make/", catch_response=True) as form:
            self.plain_http_cookies()
            if not judge(form, want="csrfmiddlewaretoken"):
                return
            holders = HOLDER.findall(form.text)
            if not holders:
                form.failure("no office holder to complain about")
                return
        token = f"{RUN}-c{next(serial)}-{uuid.uuid4().hex[:8]}"
        day = datetime.date.today() - datetime.timedelta(days=30)
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "complainant_name": "Zebedee Tester",
            "address_line_1": "99 Test Lane",
            "address_line_2": "",
            "town": "Sheffield",
            "postcode": "s1 2hh",
            "email": "zebedee.tester@example.com",
            "phone": "",
            "acting_for_someone": "no",
            "represented_name": "",
            "holder": random.choice(holders),
            "what_happened": f"Bench {token}: they shouted at me at a public meeting.",
            "happened_on_0": str(day.day),
            "happened_on_1": str(day.month),
            "happened_on_2": str(day.year),
            "late_reason": "",
            "witnesses": "",
            "outcome_wanted": "An apology.",
            "raised_with_holder": "no",
            "consent_to_share": "no",
            "website": "",
        }
        self.submit("complaint", token, "/complaints/make/", data)

    def submit(self, kind, token, url, data):
        """Send the form (through the similar-questions step if it comes) and note the outcome."""
        record({"event": "sent", "kind": kind, "token": token})
        for step in ("form", "similar"):
            with self.client.post(
                url, data=data, name=f"{url} (POST)", allow_redirects=False, catch_response=True
            ) as sent:
                self.plain_http_cookies()
                if sent.status_code == 302:
                    sent.success()
                elif not judge(sent):
                    record({"event": "failed", "kind": kind, "token": token, "step": step})
                    return
                elif step == "similar" or 'value="send"' not in sent.text:
                    sent.failure("the form came back (errors?)")
                    record({"event": "failed", "kind": kind, "token": token, "step": step})
                    return
            if sent.status_code == 302:
                with self.client.get(
                    sent.headers["Location"], name=f"{url}sent/", catch_response=True
                ) as done:
                    if not judge(done):
                        record({"event": "failed", "kind": kind, "token": token, "step": "sent"})
                        return
                    found = REFERENCE.search(done.text)
                    if not found:
                        done.failure("no reference on the confirmation page")
                        record({"event": "failed", "kind": kind, "token": token, "step": "sent"})
                        return
                    record(
                        {"event": "confirmed", "kind": kind, "token": token, "ref": found.group(1)}
                    )
                    return
            # The similar questions answered lately: the visitor sends theirs anyway.
            csrf = CSRF.search(sent.text).group(1)
            data = {**data, "action": "send", "csrfmiddlewaretoken": csrf}
