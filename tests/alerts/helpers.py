"""Following things as a resident does: the form, the confirmation email, its link."""

import re
from urllib.parse import urlencode

from django.core import mail
from django.test import TestCase
from django.urls import reverse

LINK = re.compile(r"http://127\.0\.0\.1:8000(/alerts/(confirm|manage|unsubscribe)/[^\s\"<>]+/)")


def links(message, purpose):
    """The paths of the links of `purpose` in an email (text part)."""
    return [path for path, kind in LINK.findall(message.body) if kind == purpose]


def follow_url(what, obj=None, **search):
    """The address of the follow page of `obj` (or of a search), as the pages' buttons make it."""
    params = {"what": what}
    if obj is not None:
        params["id"] = obj.pk
    params.update({name: value for name, value in search.items() if value})
    return reverse("alerts:follow") + "?" + urlencode(params)


def committed():
    """Run what waits for the commit (jobs included) when the block ends, as after a request."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def follow(client, email, what, obj=None, *, frequency="immediately", **search):
    """Fill in the follow form; returns the response."""
    url = follow_url(what, obj, **search)
    with committed():
        return client.post(url, {"email": email, "frequency": frequency})


def confirm_latest(client, email):
    """Use the confirmation link of the latest email to `email`; returns the response."""
    message = [m for m in mail.outbox if m.to == [email]][-1]
    path = links(message, "confirm")[0]
    with committed():
        return client.post(path, follow=True)


def follow_confirmed(client, email, what, obj=None, **kwargs):
    follow(client, email, what, obj, **kwargs)
    confirm_latest(client, email)


def alerts_to(email):
    """The alert emails (not confirmations) sent to `email`."""
    return [m for m in mail.outbox if m.to == [email] and "List-Unsubscribe" in m.extra_headers]


def start_url():
    return reverse("alerts:start")
