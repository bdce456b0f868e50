from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_public_pages_send_strict_security_headers(client):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_anonymous_public_pages_set_no_cookie(client):
    response = client.get(reverse("home"))

    assert response.cookies == {}


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")

    assert response.status_code == 200
    assert response.text.startswith("ok\n")
    assert "jobs waiting: 0\noldest waiting job: 0 s\nfailed jobs: 0\n" in response.text


def test_healthz_reports_the_job_queue(client):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    job = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="complaints.tasks.send_email",
        backend_name="default",
    )
    DBTaskResult.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=90)
    )
    DBTaskResult.objects.create(
        args_kwargs={"args": [2], "kwargs": {}},
        task_path="complaints.tasks.send_email",
        backend_name="default",
        status="FAILED",
    )

    text = client.get("/healthz").text

    assert "jobs waiting: 1\n" in text
    assert "oldest waiting job: 9" in text  # 90 s, give or take the test's own time
    assert "failed jobs: 1\n" in text


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def fail(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get("/healthz")

    assert response.status_code == 503


@pytest.mark.parametrize(("behind_proxy", "expected"), [(False, "10.0.0.1"), (True, "203.0.113.9")])
def test_client_address_comes_from_the_proxy_header_only_behind_our_proxy(
    rf, settings, behind_proxy, expected
):
    from panel_site.client_ip import client_ip

    settings.BEHIND_PROXY = behind_proxy
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")

    assert client_ip(request) == expected


def test_security_txt_says_where_to_report_and_never_goes_stale(client, settings):
    settings.SECURITY_CONTACT = "security@example.org"

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.text.splitlines())
    assert fields["Contact"] == "mailto:security@example.org"
    assert fields["Preferred-Languages"] == "en"
    assert fields["Canonical"] == f"{settings.SITE_URL}/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert now + timedelta(days=360) < expires < now + timedelta(days=365)


def test_security_txt_contact_may_be_a_web_address(client, settings):
    settings.SECURITY_CONTACT = "https://panel.example.org/report-a-vulnerability"

    response = client.get("/.well-known/security.txt")

    assert "Contact: https://panel.example.org/report-a-vulnerability\n" in response.text
