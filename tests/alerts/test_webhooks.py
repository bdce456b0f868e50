"""Webhooks: each change a partner follows is POSTed as JSON in the shape of /api/changes/,
signed with HMAC-SHA256 and a timestamp, retried with backoff for a day, logged for staff, and
only ever sent to https on the public internet in production (issue 17)."""

import datetime
import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts import webhooks
from alerts.models import Webhook, WebhookDelivery
from changes.models import Change
from changes.services import record
from staff.groups import SCRUTINY_OFFICERS
from tests.alerts.helpers import committed
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


class Receiver(BaseHTTPRequestHandler):
    """A partner's server: keeps what it is sent, answers with the status it is told."""

    received = []
    status = 200

    def do_POST(self):  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    """A receiver on this machine (allowed in development only)."""
    settings.ALERTS_WEBHOOKS_ANYWHERE = True
    Receiver.received = []
    Receiver.status = 200
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/panel"
    server.shutdown()
    server.server_close()


@pytest.fixture
def meeting():
    with committed():
        return build_meeting()


def hook(url, **fields):
    return Webhook.objects.create(
        name="Partner", endpoint=url, what="everything", label="Everything", **fields
    )


def publish(obj):
    with committed():
        return record(obj, Change.What.PUBLISHED)


def verify(secret, headers, body):
    """What a partner does: check the signature over the timestamp and the body."""
    timestamp = headers["X-Panel-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(headers["X-Panel-Signature"], f"sha256={expected.hexdigest()}")


def test_a_followed_change_is_posted_signed_in_the_shape_of_the_change_feed(
    receiver, meeting, client
):
    webhook = hook(receiver)
    change = publish(meeting)

    [(headers, body)] = Receiver.received
    assert verify(webhook.secret, headers, body)
    assert not verify("another secret", headers, body)
    assert abs(int(headers["X-Panel-Timestamp"]) - timezone.now().timestamp()) < 300
    assert headers["Content-Type"] == "application/json"
    sent = json.loads(body)
    feed = client.get("/api/changes/").json()
    assert sent["results"] == feed["results"]
    assert sent["results"][0]["id"] == change.pk
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response) == (
        Status.DELIVERED,
        1,
        "HTTP 200",
    )


def test_only_what_a_webhook_follows_is_sent(receiver, meeting):
    other = build_meeting(slug="other", start=timezone.now() + datetime.timedelta(days=20))
    Webhook.objects.create(
        name="Partner", endpoint=receiver, what="meeting", object_id=meeting.pk, label="M"
    )
    publish(other)
    publish(meeting)

    assert len(Receiver.received) == 1
    assert json.loads(Receiver.received[0][1])["results"][0]["object_id"] == meeting.pk


def test_an_inactive_webhook_gets_nothing(receiver, meeting):
    hook(receiver, is_active=False)
    publish(meeting)

    assert Receiver.received == []


def test_a_failure_is_tried_again_later_and_delivered_once(receiver, meeting, monkeypatch):
    later = []
    monkeypatch.setattr(webhooks, "_try_later", lambda pk, when: later.append((pk, when)))
    hook(receiver)
    Receiver.status = 500
    publish(meeting)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_response) == (Status.WAITING, "HTTP 500")
    [(pk, when)] = later
    assert pk == delivery.pk
    assert 55 <= (when - timezone.now()).total_seconds() <= 60

    Receiver.status = 204
    with committed():
        webhooks.deliver(delivery.pk)
        webhooks.deliver(delivery.pk)  # a second copy of the job finds it done

    assert len(Receiver.received) == 2
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.DELIVERED, 2)


def test_the_waits_grow_and_it_gives_up_after_a_day(receiver, meeting, monkeypatch):
    later = []
    monkeypatch.setattr(webhooks, "_try_later", lambda pk, when: later.append(when))
    hook(receiver)
    Receiver.status = 503
    publish(meeting)
    delivery = WebhookDelivery.objects.get()
    for _ in range(3):
        with committed():
            webhooks.deliver(delivery.pk)
    waits = [round((when - timezone.now()).total_seconds() / 60) for when in later]
    assert waits == [1, 5, 15, 60]

    WebhookDelivery.objects.update(created_at=timezone.now() - datetime.timedelta(hours=23))
    with committed():
        webhooks.deliver(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert len(later) == 4


def test_a_server_that_does_not_answer_is_tried_again(settings, meeting, monkeypatch):
    settings.ALERTS_WEBHOOKS_ANYWHERE = True
    monkeypatch.setattr(webhooks, "_try_later", lambda pk, when: None)
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    hook(f"http://127.0.0.1:{port}/")
    publish(meeting)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.WAITING
    assert delivery.last_response in {
        "NewConnectionError",
        "MaxRetryError",
        "ConnectionRefusedError",
    }


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://partner.example.org/hook", "203.0.113.9"),
        ("https://partner.example.org/hook", "127.0.0.1"),
        ("https://partner.example.org/hook", "10.1.2.3"),
        ("https://partner.example.org/hook", "192.168.0.10"),
        ("https://partner.example.org/hook", "169.254.169.254"),
        ("https://partner.example.org/hook", "::1"),
        ("https://partner.example.org/hook", "fe80::1"),
    ],
)
def test_production_sends_only_to_https_on_the_public_internet(settings, monkeypatch, url, address):
    settings.ALERTS_WEBHOOKS_ANYWHERE = False
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: [(None, None, None, "", (address, 443))]
    )

    with pytest.raises(webhooks.WebhookRefused):
        webhooks.check_url(url)


def test_a_public_https_address_is_allowed_and_connected_to_as_checked(settings, monkeypatch):
    settings.ALERTS_WEBHOOKS_ANYWHERE = False
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: [(None, None, None, "", ("8.8.8.8", 443))]
    )

    assert webhooks.check_url("https://partner.example.org/hook") == "8.8.8.8"


def test_a_refused_address_is_logged_and_never_contacted(settings, meeting, monkeypatch):
    settings.ALERTS_WEBHOOKS_ANYWHERE = False
    monkeypatch.setattr(webhooks, "_try_later", lambda pk, when: None)
    hook("https://127.0.0.1/hook")
    publish(meeting)

    assert (
        WebhookDelivery.objects.get().last_response == "The address must be on the public internet"
    )


@pytest.fixture
def officer(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    return client


def test_an_officer_registers_a_webhook_and_reads_its_delivery_log(officer, receiver, meeting):
    response = officer.post(
        reverse("admin:alerts_webhook_add"),
        {
            "name": "Partner",
            "endpoint": receiver,
            "what": "meeting",
            "object_id": meeting.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert webhook.label == "Police and Crime Panel, 2 May 2014"
    assert len(webhook.secret) == 64
    publish(meeting)

    log = officer.get(reverse("admin:alerts_webhookdelivery_changelist")).text
    assert "Delivered" in log and "HTTP 200" in log
    page = officer.get(reverse("admin:alerts_webhook_change", args=[webhook.pk])).text
    assert webhook.secret in page


def test_the_webhook_form_refuses_a_private_address_in_production(officer, settings, meeting):
    settings.ALERTS_WEBHOOKS_ANYWHERE = False
    response = officer.post(
        reverse("admin:alerts_webhook_add"),
        {
            "name": "Partner",
            "endpoint": "https://10.0.0.5/hook",
            "what": "everything",
            "is_active": "on",
        },
    )

    assert "The address must be on the public internet" in response.text
    assert Webhook.objects.count() == 0


def test_the_webhook_form_refuses_something_not_public(officer):
    draft = build_meeting(is_published=False)
    response = officer.post(
        reverse("admin:alerts_webhook_add"),
        {
            "name": "Partner",
            "endpoint": "https://example.org/",
            "what": "meeting",
            "object_id": draft.pk,
            "is_active": "on",
        },
    )

    assert "There is nothing public of that kind with that id." in response.text


def test_the_public_cannot_reach_the_webhooks(meeting):
    assert Client().get(reverse("admin:alerts_webhook_changelist")).status_code == 302


def test_an_address_with_a_bad_port_is_refused_not_a_fault(officer, settings):
    settings.ALERTS_WEBHOOKS_ANYWHERE = False
    response = officer.post(
        reverse("admin:alerts_webhook_add"),
        {
            "name": "Partner",
            "endpoint": "https://example.org:99999/hook",
            "what": "everything",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "The address is not a web address" in response.text


def test_a_delivery_whose_job_was_lost_is_queued_again(receiver, meeting, monkeypatch):
    monkeypatch.setattr(webhooks, "queue_deliveries", lambda changes: None)
    webhook = hook(receiver)
    change = publish(meeting)
    delivery = WebhookDelivery.objects.create(webhook=webhook, change=change)

    assert webhooks.try_waiting_again() == 0  # not overdue yet
    later = timezone.now() + datetime.timedelta(minutes=6)
    with committed():
        assert webhooks.try_waiting_again(now=later) == 1

    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED
    assert len(Receiver.received) == 1
