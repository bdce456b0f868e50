import pytest
from django.core import mail
from django.urls import reverse

from changes.models import Change
from changes.services import record
from tests.alerts.helpers import alerts_to, follow, confirm_latest
from tests.meetings.factories import build_meeting

pytestmark = pytest.mark.django_db


def test_smoke(client, django_capture_on_commit_callbacks):
    meeting = build_meeting()
    with django_capture_on_commit_callbacks(execute=True):
        r = follow(client, "Ann@Example.org", "committee", meeting.committee)
    assert r.status_code == 302, r.content.decode()[:3000]
    print([m.subject for m in mail.outbox])
    print(mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        r = confirm_latest(client, "Ann@example.org")
    print(r.content.decode()[-4000:])
    paper = meeting.items.first().papers.first()
    with django_capture_on_commit_callbacks(execute=True):
        record(paper, Change.What.PUBLISHED)
    sent = alerts_to("Ann@example.org")
    print(sent[0].subject)
    print(sent[0].body)
    print(sent[0].extra_headers)
    assert 0
