"""Webhooks: each change a partner follows is POSTed to it as signed JSON, retried for a day.

The body is the shape of /api/changes/ with the one change in `results`. The signature is
HMAC-SHA256, keyed with the webhook's secret, of "<timestamp>." followed by the body; the
timestamp (seconds since 1970) is sent beside it so that the receiver can refuse an old copy
played again (docs/operations.md, "Webhooks").
"""

import datetime
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opendata.serializers import ChangeSerializer
from opendata.views import change_cursor

from .models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

# After each failure, wait this long (seconds) before the next try; the last again and again...
BACKOFF = [60, 5 * 60, 15 * 60, 60 * 60, 2 * 60 * 60, 4 * 60 * 60, 8 * 60 * 60]
# ... until a day has passed since the change.
GIVE_UP_AFTER = datetime.timedelta(hours=24)
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Panel-Signature"
TIMESTAMP_HEADER = "X-Panel-Timestamp"


class WebhookRefused(Exception):
    """The address is not one the site may send to."""


def sign(secret, timestamp, body):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def check_url(url, *, resolve=True):
    """The address to connect to for `url`, or WebhookRefused. Outside development only https,
    and only a name whose every address is on the public internet: no loopback, private or
    link-local address, so that a webhook cannot reach the site's own network."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise WebhookRefused("The address is not a web address") from error
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise WebhookRefused("The address must start https://")
    if settings.ALERTS_WEBHOOKS_ANYWHERE:
        return None
    if parts.scheme != "https":
        raise WebhookRefused("The address must start https://")
    if not resolve:
        return None
    try:
        found = socket.getaddrinfo(parts.hostname, port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise WebhookRefused("The address's name could not be found") from error
    addresses = {info[4][0] for info in found}
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise WebhookRefused("The address must be on the public internet")
    return sorted(addresses)[0]


def validate_endpoint(url):
    """For the webhook form: the same rules, with the name looked up."""
    try:
        check_url(url)
    except WebhookRefused as error:
        raise ValidationError(str(error)) from error


def queue_deliveries(changes):
    """Note each change for each active webhook that follows it, and queue its sending."""
    hooks = list(Webhook.objects.filter(is_active=True))
    if not hooks:
        return
    deliveries = [
        WebhookDelivery(webhook=hook, change=change)
        for change in changes
        for hook in hooks
        if hook.what == Webhook.What.EVERYTHING or hook.topic in change.about
    ]
    from .tasks import deliver_webhook

    for delivery in WebhookDelivery.objects.bulk_create(deliveries):
        deliver_webhook.enqueue(delivery.pk)


def payload(change):
    return {
        "results": [ChangeSerializer(change).data],
        "next": f"{settings.SITE_URL}/api/changes/?since={change_cursor(change.pk)}",
        "more_to_come": False,
    }


def post(url, body, headers):
    """POST `body`; the HTTP status. Never follows a redirect (it could lead anywhere)."""
    parts = urlsplit(url)
    address = check_url(url)
    options = {"timeout": TIMEOUT_SECONDS, "retries": False, "redirect": False}
    if address is None:
        return urllib3.request("POST", url, body=body, headers=headers, **options).status
    # Connect to the address checked, not to whatever the name says a moment later, and check
    # the certificate against the name.
    pool = urllib3.HTTPSConnectionPool(
        address,
        port=parts.port or 443,
        server_hostname=parts.hostname,
        assert_hostname=parts.hostname,
        timeout=TIMEOUT_SECONDS,
        retries=False,
    )
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    response = pool.urlopen(
        "POST", path, body=body, headers={**headers, "Host": parts.netloc}, redirect=False
    )
    return response.status


def deliver(delivery_id):
    """Send one delivery if it still waits. Returns its status."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook", "change")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.WAITING)
            .first()
        )
        if delivery is None:
            return None
        hook = delivery.webhook
        body = json.dumps(payload(delivery.change), separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "South Yorkshire Police and Crime Panel webhooks",
            "X-Panel-Delivery": str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(hook.secret, timestamp, body),
        }
        delivery.attempts += 1
        try:
            status = post(hook.endpoint, body, headers)
            delivery.last_response = f"HTTP {status}"
            delivered = 200 <= status < 300
        except WebhookRefused as error:
            delivery.last_response = str(error)
            delivered = False
        except (urllib3.exceptions.HTTPError, OSError) as error:
            delivery.last_response = type(error).__name__
            delivered = False
        now = timezone.now()
        if delivered:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.next_try_at = None
        else:
            wait = BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
            next_try = now + datetime.timedelta(seconds=wait)
            if next_try - delivery.created_at > GIVE_UP_AFTER:
                delivery.status = WebhookDelivery.Status.FAILED
                delivery.next_try_at = None
            else:
                delivery.next_try_at = next_try
                transaction.on_commit(lambda: _try_later(delivery.pk, next_try), robust=True)
            logger.warning(
                "Webhook %s, delivery %s: %s", hook.pk, delivery.pk, delivery.last_response
            )
        delivery.save()
        return delivery.status


def _try_later(delivery_id, when):
    from .tasks import deliver_webhook

    deliver_webhook.using(run_after=when).enqueue(delivery_id)


def try_waiting_again(now=None):
    """Queue again the deliveries whose next try is well overdue: their job was lost (a worker
    gone with it, or the queue down when it was due). Returns how many."""
    now = now or timezone.now()
    overdue = now - datetime.timedelta(minutes=5)
    waiting = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.WAITING).filter(
        Q(next_try_at__lt=overdue) | Q(next_try_at__isnull=True, created_at__lt=overdue)
    )
    from .tasks import deliver_webhook

    count = 0
    for pk in waiting.values_list("pk", flat=True)[:1000]:
        deliver_webhook.enqueue(pk)
        count += 1
    return count
