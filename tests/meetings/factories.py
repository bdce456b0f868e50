"""Meetings built in tests, with every part filled in."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import (
    Action,
    ActionResponse,
    AgendaItem,
    Attachment,
    Committee,
    Council,
    Meeting,
    Member,
    Membership,
    Minute,
    Paper,
    Resolution,
)

PDF_BYTES = b"%PDF-1.4\n% a tiny test file\n"


def committee():
    return Committee.objects.get_or_create(
        slug="police-and-crime-panel", defaults={"name": "Police and Crime Panel"}
    )[0]


def build_meeting(
    *,
    slug="test-meeting",
    start=None,
    is_published=True,
    items=1,
    minutes=True,
    attachments=False,
    exempt_items=0,
):
    """A meeting with `items` public items (each with a paper, minute and resolution)."""
    start = start or timezone.make_aware(datetime.datetime(2014, 5, 2, 13, 30))
    meeting = Meeting.objects.create(
        committee=committee(),
        slug=slug,
        start=start,
        venue_name="Town Hall",
        venue_address="Moorgate Street, Rotherham S60 2TH",
        agenda_published_at=start - datetime.timedelta(days=10),
        is_published=is_published,
    )
    for number in range(1, items + exempt_items + 1):
        exempt = number > items
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            order=number,
            title=f"Item {number}",
            summary=f"What item {number} is about.",
            is_exempt=exempt,
            exempt_paragraph=AgendaItem.ExemptParagraph.CRIME if exempt else "",
            exempt_reason="It would prejudice an investigation." if exempt else "",
        )
        paper = Paper.objects.create(
            agenda_item=item,
            title=f"Report {number}",
            body_markdown=f"### Summary\n\nSecret paper {number}" if exempt else f"Report {number}",
            is_published=True,
        )
        if attachments:
            attachment = Attachment(paper=paper, title=f"Appendix {number}")
            attachment.file.save(f"appendix-{number}.pdf", ContentFile(PDF_BYTES), save=False)
            attachment.size = len(PDF_BYTES)
            attachment.save()
        if minutes:
            minute = Minute.objects.create(
                agenda_item=item,
                number=f"J{number}",
                text=f"Secret minute {number}" if exempt else f"Minute text {number}",
                status=Minute.Status.APPROVED,
                is_published=True,
            )
            Resolution.objects.create(minute=minute, number=1, text=f"Resolution {number}")
    return meeting


def build_member(*, slug="j-akhtar", council_name="Rotherham Metropolitan Borough Council"):
    council = (
        Council.objects.get_or_create(name=council_name)[0] if council_name is not None else None
    )
    member = Member.objects.create(
        name=slug.replace("-", " ").title(), slug=slug, title="Councillor", council=council
    )
    Membership.objects.create(member=member, committee=committee(), role=Membership.Role.MEMBER)
    return member


def build_action(item, *, reference="Recommendation 1", responses=1, **fields):
    """An action of an agenda item, open and due in a month unless told otherwise."""
    fields = {
        "kind": Action.Kind.INSPECTION_RECOMMENDATION,
        "source": "HMIC, test inspection, 2014",
        "text": f"The force should do {reference}.",
        "owner": "South Yorkshire Police",
        "due_description": "Within three months",
        "due_date": timezone.localdate() + datetime.timedelta(days=30),
        **fields,
    }
    action = Action.objects.create(agenda_item=item, reference=reference, **fields)
    for number in range(1, responses + 1):
        ActionResponse.objects.create(
            action=action,
            date=datetime.date(2014, 5, number),
            given_by="Police and Crime Commissioner",
            text=f"Response {number} to {reference}.",
        )
    return action
