"""Open data: the panel's public records as read-only JSON and CSV, for anyone to reuse.

Each resource below says which rows are public (through the apps' own `published()` querysets:
never drafts, never the papers, minutes or resolutions of an exempt item, never questions or
complaints), how one row reads as a dict, and its fields and filters. The documentation page at
/api/ and the OpenAPI description are built from the same definitions, so they cannot drift apart.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Council,
    Meeting,
    Member,
    Membership,
    Minute,
    Paper,
    Resolution,
)
from plans.models import Commitment, Measure, MeasureReading, Plan, Priority

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Longer ids than this cannot be a row, and would overflow the database's integer.
MAX_ID_DIGITS = 18
LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


class BadParameter(Exception):
    """A query parameter the API cannot read: answered with a 400 that says which and why."""


# Reading parameters ------------------------------------------------------------------------


def parse_id(name, value):
    # isascii() too: "²".isdigit() is true, but int() refuses it.
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_ID_DIGITS:
        raise BadParameter(f"{name} must be a record's id, a whole number such as {name}=1.")
    return int(value)


def parse_organization_id(name, value):
    kind, _, number = value.partition("-")
    if kind not in ("committee", "council"):
        raise BadParameter(f'{name} must be an organization id such as "committee-1".')
    return kind, parse_id(name, number)


@dataclass
class Filter:
    """A query parameter that narrows a list, e.g. ?meeting=3."""

    name: str
    description: str
    example: str
    # Takes the queryset and the raw value; raises BadParameter when it cannot read the value.
    apply: Callable


def id_filter(name, lookup, description, example="1"):
    return Filter(
        name,
        description,
        example,
        lambda rows, value: rows.filter(**{lookup: parse_id(name, value)}),
    )


def choice_filter(name, lookup, choices, description):
    def apply(rows, value):
        if value not in choices:
            raise BadParameter(f"{name} must be one of: {', '.join(choices)}.")
        return rows.filter(**{lookup: value})

    return Filter(name, f"{description} One of: {', '.join(choices)}.", choices[0], apply)


def year_filter(rows, value):
    # Four digits from 1: Django cannot build the date range of year 0 or of year 10000.
    if not (value.isascii() and value.isdigit() and len(value) == 4) or int(value) < 1:
        raise BadParameter("year must be a year of four digits, e.g. year=2014.")
    return rows.filter(start__year=int(value))


def organization_filter(rows, value):
    kind, pk = parse_organization_id("organization", value)
    if kind == "committee":
        return rows.filter(committee_id=pk)
    return rows.filter(member__council_id=pk)


# Writing values ----------------------------------------------------------------------------


def absolute(path):
    """The public address of a path: links in open data must work wherever the data goes."""
    return settings.SITE_URL + path


def api_url(resource_name, pk):
    return absolute(reverse("api:detail", args=[resource_name, pk]))


def date_or_none(value):
    return value.isoformat() if value else None


def moment(value):
    return timezone.localtime(value).isoformat() if value else None


def committee_id(pk):
    return f"committee-{pk}"


def council_id(pk):
    return f"council-{pk}" if pk else None


def public_minute(item):
    """The item's minute as the public pages show it, or None (exempt, draft or none at all)."""
    try:
        minute = item.minute
    except ObjectDoesNotExist:
        return None
    return minute if minute.is_published and not item.is_exempt else None


def public_priorities():
    return Priority.objects.filter(plan__in=Plan.objects.published())


# The resources -------------------------------------------------------------------------------


@dataclass
class Resource:
    """One kind of record: /api/<name>/ lists them, /api/<name>/<id>/ gives one."""

    name: str
    title: str
    description: str
    rows: Callable  # The public rows, with everything serialise() reads loaded in a fixed number
    # of queries.
    serialise: Callable
    # (name, type, description): the type is one of SCHEMA_TYPES, "?" on the end if it may be null.
    fields: list
    filters: list = field(default_factory=list)
    # Finds one public row by the id in the URL, or None.
    get: Callable | None = None

    def find(self, raw_id):
        if self.get:
            return self.get(raw_id)
        if not (raw_id.isascii() and raw_id.isdigit()) or len(raw_id) > MAX_ID_DIGITS:
            return None
        return self.rows().filter(pk=int(raw_id)).first()


def serialise_meeting(meeting):
    # As the meeting page: no status claimed for a past meeting nobody marked as held, and no
    # time when only the date is known.
    unconfirmed = meeting.status == Meeting.Status.SCHEDULED and meeting.has_started
    return {
        "id": meeting.pk,
        "slug": meeting.slug,
        "title": meeting.title,
        "organization_id": committee_id(meeting.committee_id),
        "committee": meeting.committee.name,
        "date": timezone.localdate(meeting.start).isoformat(),
        "start": moment(meeting.start) if meeting.start_time_known else None,
        "end": moment(meeting.end) if meeting.start_time_known else None,
        "status": None if unconfirmed else meeting.status,
        "postponed_to": moment(meeting.postponed_to),
        "venue_name": meeting.venue_name,
        "venue_address": meeting.venue_address,
        "webcast_url": meeting.webcast_url or None,
        "agenda_published_on": date_or_none(
            meeting.agenda_published_at and timezone.localdate(meeting.agenda_published_at)
        ),
        "officers_in_attendance": [
            line.strip() for line in meeting.officers_in_attendance.splitlines() if line.strip()
        ],
        "agenda_items": [
            {
                "id": item.pk,
                "number": item.number,
                "title": item.title,
                "is_exempt": item.is_exempt,
                "api_url": api_url("agenda-items", item.pk),
            }
            for item in meeting.items.all()
        ],
        "attendance_url": absolute(reverse("api:list", args=["attendance"]))
        + f"?meeting={meeting.pk}",
        "calendar_url": absolute(reverse("meetings:meeting-calendar", args=[meeting.slug])),
        "url": absolute(meeting.get_absolute_url()),
        "api_url": api_url("meetings", meeting.pk),
    }


def serialise_item(item):
    minute = public_minute(item)
    # An exempt item is listed, with its Schedule 12A paragraph and reason, and nothing more.
    exempt = item.is_exempt
    return {
        "id": item.pk,
        "meeting_id": item.meeting_id,
        "number": item.number,
        "title": item.title,
        "is_exempt": exempt,
        "exempt_paragraph": item.exempt_paragraph if exempt else None,
        "exempt_paragraph_text": item.get_exempt_paragraph_display() if exempt else None,
        "exempt_reason": item.exempt_reason if exempt else None,
        "summary": None if exempt else item.summary,
        "presenter": None if exempt else item.presenter,
        "pages": None if exempt else item.pages,
        "urgent_reason": None if exempt else item.urgent_reason,
        "priority_ids": [] if exempt else [priority.pk for priority in item.priorities.all()],
        "papers": [
            {"id": paper.pk, "title": paper.title, "api_url": api_url("papers", paper.pk)}
            for paper in item.public_papers
        ],
        "minute": minute
        and {
            "number": minute.number,
            "title": minute.title,
            "status": minute.status,
            "text": minute.text,
        },
        "url": absolute(item.get_absolute_url()),
        "api_url": api_url("agenda-items", item.pk),
    }


def serialise_paper(paper):
    item = paper.agenda_item
    return {
        "id": paper.pk,
        "title": paper.title,
        "author": paper.author,
        "agenda_item_id": item.pk,
        "meeting_id": item.meeting_id,
        "meeting_date": timezone.localdate(item.meeting.start).isoformat(),
        "attachments": [
            {
                "id": attachment.pk,
                "title": attachment.title,
                "file_type": attachment.file_type,
                "size": attachment.size,
                "url": absolute(attachment.get_absolute_url()),
            }
            for attachment in paper.attachments.all()
        ],
        # The report itself is HTML on its agenda item's page.
        "url": absolute(item.get_absolute_url()),
        "api_url": api_url("papers", paper.pk),
    }


def serialise_membership(membership):
    return {
        "id": membership.pk,
        "person_id": membership.member_id,
        "organization_id": committee_id(membership.committee_id),
        "on_behalf_of_id": council_id(membership.member.council_id),
        "role": membership.get_role_display(),
        "role_code": membership.role,
        "start_date": date_or_none(membership.start),
        "end_date": date_or_none(membership.end),
        "url": absolute(membership.member.get_absolute_url()),
        "api_url": api_url("memberships", membership.pk),
    }


def serialise_person(member):
    # Only what the member's public page shows.
    has_photo = bool(member.photo)
    return {
        "id": member.pk,
        "name": member.name,
        "honorific_prefix": member.title,
        "party": member.party,
        "on_behalf_of_id": council_id(member.council_id),
        "image": absolute(reverse("meetings:member-photo", args=[member.slug]))
        if has_photo
        else None,
        "image_description": member.photo_alt if has_photo else None,
        "biography": member.pen_portrait,
        "memberships": [serialise_membership(m) for m in member.memberships.all()],
        "url": absolute(member.get_absolute_url()),
        "api_url": api_url("persons", member.pk),
    }


def serialise_organization(organization):
    if isinstance(organization, Committee):
        return {
            "id": committee_id(organization.pk),
            "name": organization.name,
            "classification": "committee",
            "description": organization.description,
            "url": absolute(
                reverse("meetings:index") + "?" + urlencode({"committee": organization.slug})
            ),
            "api_url": api_url("organizations", committee_id(organization.pk)),
        }
    return {
        "id": council_id(organization.pk),
        "name": organization.name,
        "classification": "council",
        "description": "",
        "url": absolute(reverse("meetings:members")),
        "api_url": api_url("organizations", council_id(organization.pk)),
    }


def organizations():
    return [*Committee.objects.order_by("name", "pk"), *Council.objects.order_by("order", "pk")]


def find_organization(raw_id):
    try:
        kind, pk = parse_organization_id("id", raw_id)
    except BadParameter:
        return None
    model = Committee if kind == "committee" else Council
    return model.objects.filter(pk=pk).first()


def serialise_attendance(attendance):
    member = attendance.member
    return {
        "id": attendance.pk,
        "meeting_id": attendance.meeting_id,
        "meeting_date": timezone.localdate(attendance.meeting.start).isoformat(),
        "person_id": member.pk,
        "person_name": str(member),
        "on_behalf_of_id": council_id(member.council_id),
        "council": member.council.name if member.council else None,
        "status": attendance.status,
        "note": attendance.note,
        "url": absolute(attendance.meeting.get_absolute_url()),
        "api_url": api_url("attendance", attendance.pk),
    }


def serialise_resolution(resolution):
    minute = resolution.minute
    item = minute.agenda_item
    return {
        "id": resolution.pk,
        "number": resolution.number,
        "text": resolution.text,
        "minute_number": minute.number,
        "minute_title": minute.title,
        "minute_status": minute.status,
        "agenda_item_id": item.pk,
        "meeting_id": item.meeting_id,
        "meeting_date": timezone.localdate(item.meeting.start).isoformat(),
        "url": absolute(item.get_absolute_url()),
        "api_url": api_url("resolutions", resolution.pk),
    }


def serialise_action(action):
    resolution = action.resolution
    # As the action log: the resolution is named only when its minute is public.
    if resolution and not resolution.minute.is_published:
        resolution = None
    return {
        "id": action.pk,
        "reference": action.reference,
        "kind": action.kind,
        "source": action.source,
        "text": action.text,
        "owner": action.owner,
        "time_scale": action.due_description,
        "due_date": date_or_none(action.due_date),
        "status": action.status,
        "completed_on": date_or_none(action.completed_on),
        "agenda_item_id": action.agenda_item_id,
        "meeting_id": action.agenda_item.meeting_id,
        "resolution_id": resolution.pk if resolution else None,
        "priority_ids": [priority.pk for priority in action.priorities.all()],
        "responses": [
            {
                "date": response.date.isoformat(),
                "given_by": response.given_by,
                "text": response.text,
            }
            for response in action.responses.all()
        ],
        "url": absolute(action.get_absolute_url()),
        "api_url": api_url("actions", action.pk),
    }


def serialise_plan(plan):
    refreshes = plan.refreshes
    return {
        "id": plan.pk,
        "slug": plan.slug,
        "title": plan.title,
        "period": plan.period,
        "status": plan.status,
        "published_on": date_or_none(plan.published_on),
        "issued_by": str(plan.office_holder) if plan.office_holder else None,
        "refreshes_id": refreshes.pk
        if refreshes and refreshes.status != Plan.Status.DRAFT
        else None,
        "vision": plan.vision,
        "mission": plan.mission,
        "summary": plan.summary,
        "priorities": [
            {
                "id": priority.pk,
                "title": priority.title,
                "api_url": api_url("priorities", priority.pk),
            }
            for priority in plan.priorities.all()
        ],
        "url": absolute(plan.get_absolute_url()),
        "api_url": api_url("plans", plan.pk),
    }


def serialise_priority(priority):
    return {
        "id": priority.pk,
        "plan_id": priority.plan_id,
        "order": priority.order,
        "slug": priority.slug,
        "title": priority.title,
        "summary": priority.summary,
        "where_we_are_now": priority.where_we_are_now,
        "outcomes": [outcome.text for outcome in priority.outcomes.all()],
        "commitments": [
            {"text": commitment.text, "progress": commitment.progress}
            for commitment in priority.commitments.all()
        ],
        "measures": [
            {"id": measure.pk, "name": measure.name, "api_url": api_url("measures", measure.pk)}
            for measure in priority.measures.all()
        ],
        "url": absolute(priority.get_absolute_url()),
        "api_url": api_url("priorities", priority.pk),
    }


def serialise_measure(measure):
    readings = reverse("api:list", args=["readings"]) + f"?measure={measure.pk}"
    return {
        "id": measure.pk,
        "slug": measure.slug,
        "name": measure.name,
        "unit": measure.unit,
        "higher_is_better": measure.higher_is_better,
        "source": measure.source,
        "description": measure.description,
        "priority_id": measure.priority_id,
        "plan_id": measure.priority.plan_id,
        "readings_url": absolute(readings),
        "readings_csv_url": absolute(reverse("api:readings-csv") + f"?measure={measure.pk}"),
        # A measure has no page of its own: its priority's page charts it.
        "url": absolute(measure.priority.get_absolute_url()),
        "api_url": api_url("measures", measure.pk),
    }


def serialise_reading(reading):
    return {
        "id": reading.pk,
        "measure_id": reading.measure_id,
        "measure": reading.measure.name,
        "unit": reading.measure.unit,
        "period": reading.period,
        "period_end": reading.period_end.isoformat(),
        "area": reading.area,
        # A JSON number: the values have at most 14 digits, which a double holds exactly enough.
        "value": float(reading.value),
        "url": absolute(reading.measure.priority.get_absolute_url()),
        "api_url": api_url("readings", reading.pk),
    }


def meeting_rows():
    return (
        Meeting.objects.published()
        .select_related("committee")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("order", "number"))
        )
        .order_by("-start", "pk")
    )


def item_rows():
    papers = Paper.objects.published().order_by("order", "pk")
    return (
        AgendaItem.objects.published()
        .select_related("meeting", "minute")
        .prefetch_related(
            Prefetch("papers", queryset=papers, to_attr="public_papers"),
            Prefetch("priorities", queryset=public_priorities().order_by("order", "pk")),
        )
        .order_by("-meeting__start", "meeting_id", "order", "number")
    )


def paper_rows():
    return (
        Paper.objects.published()
        .select_related("agenda_item__meeting")
        .prefetch_related("attachments")
        .order_by(
            "-agenda_item__meeting__start",
            "agenda_item__meeting_id",
            "agenda_item__order",
            "agenda_item__number",
            "order",
            "pk",
        )
    )


def person_rows():
    memberships = Membership.objects.select_related("member").order_by("-start", "pk")
    return (
        Member.objects.select_related("council")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("name", "pk")
    )


def membership_rows():
    return Membership.objects.select_related("member").order_by("pk")


def attendance_rows():
    return (
        Attendance.objects.filter(meeting__in=Meeting.objects.published())
        .select_related("meeting", "member__council")
        .order_by("-meeting__start", "meeting_id", "member__name", "pk")
    )


def resolution_rows():
    return (
        Resolution.objects.filter(minute__in=Minute.objects.published())
        .select_related("minute__agenda_item__meeting")
        .order_by(
            "-minute__agenda_item__meeting__start",
            "minute__agenda_item__meeting_id",
            "minute__agenda_item__order",
            "minute__agenda_item__number",
            "number",
            "pk",
        )
    )


def action_rows():
    return (
        Action.objects.published()
        .select_related("agenda_item__meeting", "resolution__minute")
        .prefetch_related(
            Prefetch("priorities", queryset=public_priorities().order_by("order", "pk")),
            "responses",
        )
        .order_by("pk")
    )


def plan_rows():
    return (
        Plan.objects.published()
        .select_related("office_holder__office", "refreshes")
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.order_by("order", "pk")))
        .order_by("-published_on", "pk")
    )


def priority_rows():
    return (
        public_priorities()
        .select_related("plan")
        .prefetch_related(
            "outcomes",
            Prefetch("commitments", queryset=Commitment.objects.order_by("order", "pk")),
            Prefetch("measures", queryset=Measure.objects.order_by("name", "pk")),
        )
        .order_by("-plan__published_on", "plan_id", "order", "pk")
    )


def measure_rows():
    # Measures are public on their priority's page; one with no priority has no page.
    return (
        Measure.objects.filter(priority__in=public_priorities())
        .select_related("priority__plan")
        .order_by("name", "pk")
    )


def reading_rows():
    return (
        MeasureReading.objects.filter(measure__in=measure_rows())
        .select_related("measure__priority__plan")
        .order_by("measure__name", "measure_id", "period_end", "area", "pk")
    )


URL_FIELDS = [
    ("url", "uri", "The record's page on this website."),
    ("api_url", "uri", "The record in this API."),
]


def meeting_filter(lookup="meeting_id"):
    return id_filter("meeting", lookup, "Only those of this meeting (its id).")


RESOURCES = [
    Resource(
        name="meetings",
        title="Meetings",
        description="Published meetings of the panel and its committees, newest first.",
        rows=meeting_rows,
        serialise=serialise_meeting,
        fields=[
            ("id", "integer", "The meeting's id."),
            ("slug", "string", "The last part of the meeting's address on this website."),
            ("title", "string", "The committee and the date."),
            ("organization_id", "string", "The committee that meets (its organization id)."),
            ("committee", "string", "The committee's name."),
            ("date", "date", "The day of the meeting."),
            ("start", "datetime?", "When it starts, UK time; null when only the date is known."),
            ("end", "datetime?", "When it is expected to end, if known."),
            (
                "status",
                "string?",
                "scheduled, held, cancelled or postponed; null for a past meeting not yet "
                "marked as held.",
            ),
            ("postponed_to", "datetime?", "For a postponed meeting: the new date, if known."),
            ("venue_name", "string", "Where it is held."),
            ("venue_address", "string", "The venue's address, lines separated by newlines."),
            ("webcast_url", "uri?", "The live or recorded webcast."),
            ("agenda_published_on", "date?", "When the agenda and public reports were published."),
            ("officers_in_attendance", "array", "Officers and others in attendance, as minuted."),
            ("agenda_items", "array", "The agenda: each item's id, number, title and is_exempt."),
            ("attendance_url", "uri", "The meeting's attendance in this API."),
            ("calendar_url", "uri", "The meeting as an iCalendar file."),
            *URL_FIELDS,
        ],
        filters=[
            Filter("year", "Only meetings held in this year.", "2014", year_filter),
        ],
    ),
    Resource(
        name="agenda-items",
        title="Agenda items",
        description="The items on published meetings' agendas. An item taken in private (exempt) "
        "is listed with its Schedule 12A paragraph and reason only.",
        rows=item_rows,
        serialise=serialise_item,
        fields=[
            ("id", "integer", "The item's id."),
            ("meeting_id", "integer", "Its meeting."),
            ("number", "integer", "The item number on the agenda."),
            ("title", "string", "The item's title."),
            ("is_exempt", "boolean", "Taken in private: its papers and minute are not published."),
            ("exempt_paragraph", "string?", "For an exempt item: its Schedule 12A paragraph, 1-7."),
            ("exempt_paragraph_text", "string?", "What that paragraph covers."),
            ("exempt_reason", "string?", "Why the item is taken in private."),
            ("summary", "string?", "What the item is about; null for an exempt item."),
            ("presenter", "string?", "Who presents it."),
            ("pages", "string?", "Its pages in the agenda pack."),
            ("urgent_reason", "string?", "For an urgent item: why it could not wait."),
            ("priority_ids", "array", "The Police and Crime Plan priorities it scrutinises."),
            ("papers", "array", "Its published papers: id, title and api_url."),
            (
                "minute",
                "object?",
                "Its published minute: number, title, status (draft or approved) and text "
                "(Markdown). Null if none is published.",
            ),
            *URL_FIELDS,
        ],
        filters=[meeting_filter()],
    ),
    Resource(
        name="papers",
        title="Papers",
        description="Reports and other papers published for agenda items, with their "
        "attachments. The report itself is on its agenda item's page, as HTML.",
        rows=paper_rows,
        serialise=serialise_paper,
        fields=[
            ("id", "integer", "The paper's id."),
            ("title", "string", "The paper's title."),
            ("author", "string", "Who wrote or issued it."),
            ("agenda_item_id", "integer", "Its agenda item."),
            ("meeting_id", "integer", "Its meeting."),
            ("meeting_date", "date", "The day of the meeting."),
            (
                "attachments",
                "array",
                "Documents attached to it: id, title, file_type, size (bytes) and url (the "
                "download).",
            ),
            ("url", "uri", "The agenda item's page, where the paper is published as HTML."),
            ("api_url", "uri", "The record in this API."),
        ],
        filters=[
            meeting_filter("agenda_item__meeting_id"),
            id_filter("agenda_item", "agenda_item_id", "Only those of this agenda item (its id)."),
        ],
    ),
    Resource(
        name="persons",
        title="Persons",
        description="Members of the panel, past and present, in Popolo's Person format, with "
        "what their pages on this website show.",
        rows=person_rows,
        serialise=serialise_person,
        fields=[
            ("id", "integer", "The person's id."),
            ("name", "string", "The name as the minutes give it."),
            ("honorific_prefix", "string", 'e.g. "Councillor".'),
            ("party", "string", "Political party, if any."),
            ("on_behalf_of_id", "string?", "The appointing council; null for co-opted members."),
            ("image", "uri?", "The member's photo."),
            ("image_description", "string?", "What the photo shows."),
            ("biography", "string", "A short biography."),
            ("memberships", "array", "Their memberships, as in /api/memberships/."),
            *URL_FIELDS,
        ],
    ),
    Resource(
        name="organizations",
        title="Organizations",
        description="The panel and its committees, and the councils that appoint members, in "
        "Popolo's Organization format.",
        rows=organizations,
        serialise=serialise_organization,
        get=find_organization,
        fields=[
            ("id", "string", 'e.g. "committee-1" or "council-2".'),
            ("name", "string", "The organization's name."),
            ("classification", "string", "committee or council."),
            ("description", "string", "What a committee is for."),
            *URL_FIELDS,
        ],
    ),
    Resource(
        name="memberships",
        title="Memberships",
        description="Who sits, or sat, on which committee, in which role and when, in Popolo's "
        "Membership format.",
        rows=membership_rows,
        serialise=serialise_membership,
        fields=[
            ("id", "integer", "The membership's id."),
            ("person_id", "integer", "The member."),
            ("organization_id", "string", "The committee."),
            ("on_behalf_of_id", "string?", "The council that appointed the member, if any."),
            ("role", "string", 'e.g. "Chair", "Member", "Co-opted independent member".'),
            ("role_code", "string", "chair, vice_chair, member or co_opted."),
            ("start_date", "date?", "The first day, if known."),
            ("end_date", "date?", "The last day; null while still serving."),
            ("url", "uri", "The member's page on this website."),
            ("api_url", "uri", "The record in this API."),
        ],
        filters=[
            id_filter("person", "member_id", "Only this person's (their id)."),
            Filter(
                "organization",
                "Only those of this committee, or of members appointed by this council (an "
                'organization id such as "committee-1").',
                "committee-1",
                organization_filter,
            ),
        ],
    ),
    Resource(
        name="attendance",
        title="Attendance",
        description="Who attended each published meeting, sent apologies or was absent.",
        rows=attendance_rows,
        serialise=serialise_attendance,
        fields=[
            ("id", "integer", "The record's id."),
            ("meeting_id", "integer", "The meeting."),
            ("meeting_date", "date", "The day of the meeting."),
            ("person_id", "integer", "The member."),
            ("person_name", "string", "The member's name, with their title."),
            ("on_behalf_of_id", "string?", "The member's council, if any."),
            ("council", "string?", "The council's name; null for co-opted members."),
            ("status", "string", "present, apologies, absent or substitute."),
            ("note", "string", 'e.g. "Chair", or whom a substitute replaced.'),
            ("url", "uri", "The meeting's page on this website."),
            ("api_url", "uri", "The record in this API."),
        ],
        filters=[
            meeting_filter(),
            id_filter("person", "member_id", "Only this person's (their id)."),
        ],
    ),
    Resource(
        name="resolutions",
        title="Resolutions",
        description="What the panel resolved, from published minutes.",
        rows=resolution_rows,
        serialise=serialise_resolution,
        fields=[
            ("id", "integer", "The resolution's id."),
            ("number", "integer", "Its number within the minute."),
            ("text", "string", "What was resolved."),
            ("minute_number", "string", 'The minute, as the panel numbers it, e.g. "J32".'),
            ("minute_title", "string", "The minute's heading."),
            ("minute_status", "string", "draft or approved (as a true record)."),
            ("agenda_item_id", "integer", "The agenda item."),
            ("meeting_id", "integer", "The meeting."),
            ("meeting_date", "date", "The day of the meeting."),
            ("url", "uri", "The agenda item's page on this website."),
            ("api_url", "uri", "The record in this API."),
        ],
        filters=[
            meeting_filter("minute__agenda_item__meeting_id"),
            id_filter(
                "agenda_item", "minute__agenda_item_id", "Only those of this agenda item (its id)."
            ),
        ],
    ),
    Resource(
        name="actions",
        title="Action log",
        description="What the panel resolved or recommended, and inspections' recommendations, "
        "followed up until done.",
        rows=action_rows,
        serialise=serialise_action,
        fields=[
            ("id", "integer", "The action's id."),
            ("reference", "string", 'How its source numbers it, e.g. "Recommendation 3".'),
            (
                "kind",
                "string",
                "resolution, panel_recommendation or inspection_recommendation.",
            ),
            ("source", "string", "Who made an inspection recommendation."),
            ("text", "string", "What is asked for."),
            ("owner", "string", "Who is responsible for doing it."),
            ("time_scale", "string", 'As given, e.g. "Within 3 months".'),
            ("due_date", "date?", "When it is due."),
            ("status", "string", "open, in_progress, completed or not_accepted."),
            ("completed_on", "date?", "When it was completed."),
            ("agenda_item_id", "integer", "The agenda item where the panel considered it."),
            ("meeting_id", "integer", "That item's meeting."),
            ("resolution_id", "integer?", "The resolution that asks for it, if any."),
            ("priority_ids", "array", "The Police and Crime Plan priorities it concerns."),
            ("responses", "array", "Responses and progress updates: date, given_by and text."),
            *URL_FIELDS,
        ],
        filters=[
            meeting_filter("agenda_item__meeting_id"),
            choice_filter("status", "status", Action.Status.values, "Only those with this status."),
            choice_filter("kind", "kind", Action.Kind.values, "Only those of this kind."),
        ],
    ),
    Resource(
        name="plans",
        title="Police and Crime Plans",
        description="The current Police and Crime Plan and earlier versions. Drafts are never "
        "included.",
        rows=plan_rows,
        serialise=serialise_plan,
        fields=[
            ("id", "integer", "The plan's id."),
            ("slug", "string", "The last part of the plan's address on this website."),
            ("title", "string", "The plan's title."),
            ("period", "string", 'The years it covers, e.g. "2013-17".'),
            ("status", "string", "current or superseded."),
            ("published_on", "date", "When it was published."),
            ("issued_by", "string?", "Who issued it, and their office."),
            ("refreshes_id", "integer?", "The earlier plan it refreshes or varies."),
            ("vision", "string", "The plan's vision."),
            ("mission", "string", "The plan's mission."),
            ("summary", "string", "A short summary."),
            ("priorities", "array", "Its priorities: id, title and api_url."),
            *URL_FIELDS,
        ],
    ),
    Resource(
        name="priorities",
        title="Plan priorities",
        description="The priorities of published plans, with their outcomes, commitments and "
        "measures.",
        rows=priority_rows,
        serialise=serialise_priority,
        fields=[
            ("id", "integer", "The priority's id."),
            ("plan_id", "integer", "Its plan."),
            ("order", "integer", "Its place in the plan."),
            ("slug", "string", "The last part of its address on this website."),
            ("title", "string", "The priority."),
            ("summary", "string", "In brief."),
            (
                "where_we_are_now",
                "string",
                "The plan's narrative; paragraphs separated by blank lines.",
            ),
            ("outcomes", "array", "Where the plan wants to be: the outcomes' text."),
            (
                "commitments",
                "array",
                "How it will get there: each commitment's text and progress (not_assessed, "
                "not_started, on_track, at_risk or done).",
            ),
            ("measures", "array", "Its measures: id, name and api_url."),
            *URL_FIELDS,
        ],
        filters=[id_filter("plan", "plan_id", "Only this plan's (its id).")],
    ),
    Resource(
        name="measures",
        title="Measures",
        description="What is measured to show progress on the plan's priorities.",
        rows=measure_rows,
        serialise=serialise_measure,
        fields=[
            ("id", "integer", "The measure's id."),
            ("slug", "string", "A stable name."),
            ("name", "string", "What is measured."),
            ("unit", "string", 'What a value counts: "%" or a word such as "crimes".'),
            ("higher_is_better", "boolean", "Whether a rise is good news."),
            ("source", "string", "Where the figures come from."),
            ("description", "string", "What the measure shows."),
            ("priority_id", "integer", "The priority it shows progress on."),
            ("plan_id", "integer", "That priority's plan."),
            ("readings_url", "uri", "Its readings in this API."),
            ("readings_csv_url", "uri", "Its readings as CSV."),
            ("url", "uri", "The priority's page on this website, which charts the measure."),
            ("api_url", "uri", "The record in this API."),
        ],
        filters=[
            id_filter("priority", "priority_id", "Only this priority's (its id)."),
            id_filter("plan", "priority__plan_id", "Only this plan's (its id)."),
        ],
    ),
    Resource(
        name="readings",
        title="Measure readings",
        description="The value of each measure for each period and area.",
        rows=reading_rows,
        serialise=serialise_reading,
        fields=[
            ("id", "integer", "The reading's id."),
            ("measure_id", "integer", "The measure."),
            ("measure", "string", "The measure's name."),
            ("unit", "string", "The measure's unit."),
            ("period", "string", 'How the period is named, e.g. "2013/14".'),
            ("period_end", "date", "The last day of the period."),
            (
                "area",
                "string",
                "south_yorkshire, barnsley, doncaster, rotherham or sheffield.",
            ),
            ("value", "number", "The value, in the measure's unit."),
            ("url", "uri", "The priority's page on this website, which charts the measure."),
            ("api_url", "uri", "The record in this API."),
        ],
        filters=[
            id_filter("measure", "measure_id", "Only this measure's (its id)."),
            id_filter("priority", "measure__priority_id", "Only this priority's (its id)."),
            choice_filter(
                "area", "area", MeasureReading.Area.values, "Only the readings for this area."
            ),
        ],
    ),
]
RESOURCES_BY_NAME = {resource.name: resource for resource in RESOURCES}


# Views ---------------------------------------------------------------------------------------


def open_data_response(response):
    # Public open data: any website may fetch it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def json_response(data, status=200):
    return open_data_response(
        JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    )


def error(status, message):
    return json_response({"status": status, "error": message}, status=status)


def filtered_rows(resource, params, paginated=True):
    """The resource's rows narrowed by the request's filters; unknown parameters are refused
    so that a mistyped filter never quietly returns everything."""
    rows = resource.rows()
    known = {f.name: f for f in resource.filters}
    allowed = {*known, "page", "page_size"} if paginated else set(known)
    for name in params:
        if name not in allowed:
            raise BadParameter(
                f"Unknown parameter {name!r}: this address takes "
                f"{', '.join(sorted(allowed)) or 'no parameters'}."
            )
    for name, value in params.items():
        if name in known:
            rows = known[name].apply(rows, value)
    return rows


def page_number(params, name, default):
    value = params.get(name, str(default))
    # A length cap first: Python refuses to read an integer of thousands of digits.
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_ID_DIGITS or int(value) < 1:
        raise BadParameter(f"{name} must be a whole number from 1, e.g. {name}={default}.")
    return int(value)


@require_safe
def resource_list(request, name):
    resource = RESOURCES_BY_NAME.get(name)
    if resource is None:
        return error(
            404, f"There is no list called {name!r}: see {absolute(reverse('open-data'))}."
        )
    params = request.GET
    try:
        rows = filtered_rows(resource, params)
        number = page_number(params, "page", 1)
        size = min(page_number(params, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    except BadParameter as problem:
        return error(400, str(problem))
    paginator = Paginator(rows, size)
    if number > paginator.num_pages:
        return error(404, f"There is no page {number}: the last page is {paginator.num_pages}.")
    page = paginator.page(number)

    def link(to):
        query = {**params.dict(), "page": to}
        return absolute(request.path) + "?" + urlencode(query)

    return json_response(
        {
            "count": paginator.count,
            "page": number,
            "page_size": size,
            "num_pages": paginator.num_pages,
            "next": link(number + 1) if page.has_next() else None,
            "previous": link(number - 1) if page.has_previous() else None,
            "licence": LICENCE,
            "results": [resource.serialise(row) for row in page.object_list],
        }
    )


@require_safe
def resource_detail(request, name, pk):
    resource = RESOURCES_BY_NAME.get(name)
    if resource is None:
        return error(
            404, f"There is no list called {name!r}: see {absolute(reverse('open-data'))}."
        )
    row = resource.find(pk)
    if row is None:
        return error(404, f"There is no public record {pk!r} in {name}.")
    return json_response(resource.serialise(row))


# Rows read from the database at a time, and written to the client at a time, by the CSV files.
CSV_CHUNK_SIZE = 2000


class Echo:
    """A file for csv.writer that hands back each line instead of keeping it."""

    def write(self, value):
        return value


def csv_lines(resource, rows, columns):
    """The CSV file in pieces of CSV_CHUNK_SIZE lines: the rows are read a chunk at a time (on
    PostgreSQL through a server-side cursor), so a file of every row never sits in memory. One
    query, as the rows' relations are select_related()."""
    writer = csv.writer(Echo())
    lines = [writer.writerow(columns)]
    for row in rows.iterator(chunk_size=CSV_CHUNK_SIZE):
        record = resource.serialise(row)
        lines.append(
            writer.writerow(
                ["" if record[column] is None else record[column] for column in columns]
            )
        )
        if len(lines) >= CSV_CHUNK_SIZE:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def csv_view(resource_name, columns):
    """A view answering the resource's rows (with its filters, unpaginated) as CSV, streamed."""
    resource = RESOURCES_BY_NAME[resource_name]

    @require_safe
    def view(request):
        try:
            # Never paginated: the file holds every row.
            rows = filtered_rows(resource, request.GET, paginated=False)
        except BadParameter as problem:
            return error(400, str(problem))
        response = StreamingHttpResponse(
            csv_lines(resource, rows, columns), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{resource_name}.csv"'
        return open_data_response(response)

    return view


ATTENDANCE_CSV_COLUMNS = [
    "id",
    "meeting_id",
    "meeting_date",
    "person_id",
    "person_name",
    "council",
    "status",
    "note",
    "url",
]
READINGS_CSV_COLUMNS = [
    "id",
    "measure_id",
    "measure",
    "unit",
    "period",
    "period_end",
    "area",
    "value",
    "url",
]
attendance_csv = csv_view("attendance", ATTENDANCE_CSV_COLUMNS)
readings_csv = csv_view("readings", READINGS_CSV_COLUMNS)
CSV_FILES = [
    ("attendance", "api:attendance-csv", ATTENDANCE_CSV_COLUMNS),
    ("readings", "api:readings-csv", READINGS_CSV_COLUMNS),
]


# The OpenAPI description ---------------------------------------------------------------------

SCHEMA_TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "uri": {"type": "string", "format": "uri"},
    "array": {"type": "array", "items": {}},
    "object": {"type": "object"},
}


def field_schema(kind, description):
    nullable = kind.endswith("?")
    schema = dict(SCHEMA_TYPES[kind.rstrip("?")], description=description)
    if nullable:
        # OpenAPI 3.1 follows JSON Schema: a value that may be null lists "null" as a type.
        schema["type"] = [schema["type"], "null"]
    return schema


def parameter(name, description, example, schema=None):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
        "example": example,
    }


PAGE_PARAMETERS = [
    parameter("page", "The page, from 1.", 1, {"type": "integer", "minimum": 1}),
    parameter(
        "page_size",
        f"Records per page: {DEFAULT_PAGE_SIZE} unless given, at most {MAX_PAGE_SIZE}.",
        DEFAULT_PAGE_SIZE,
        {"type": "integer", "minimum": 1},
    ),
]
ERROR_RESPONSE = {
    "description": "A parameter the API cannot read, or no such record or page.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def openapi_document():
    schemas = {
        "Error": {
            "type": "object",
            "properties": {"status": {"type": "integer"}, "error": {"type": "string"}},
        },
    }
    paths = {}
    for resource in RESOURCES:
        schema_name = resource.title.title().replace(" ", "")
        schemas[schema_name] = {
            "type": "object",
            "properties": {
                name: field_schema(kind, description) for name, kind, description in resource.fields
            },
            "required": [name for name, _, _ in resource.fields],
        }
        ref = {"$ref": f"#/components/schemas/{schema_name}"}
        filters = [parameter(f.name, f.description, f.example) for f in resource.filters]
        list_path = reverse("api:list", args=[resource.name])
        paths[list_path] = {
            "get": {
                "summary": resource.title,
                "description": resource.description,
                "operationId": f"list_{resource.name.replace('-', '_')}",
                "parameters": [*filters, *PAGE_PARAMETERS],
                "responses": {
                    "200": {
                        "description": f"A page of {resource.title.lower()}.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "count": {"type": "integer"},
                                        "page": {"type": "integer"},
                                        "page_size": {"type": "integer"},
                                        "num_pages": {"type": "integer"},
                                        "next": {"type": ["string", "null"], "format": "uri"},
                                        "previous": {"type": ["string", "null"], "format": "uri"},
                                        "licence": {"type": "object"},
                                        "results": {"type": "array", "items": ref},
                                    },
                                }
                            }
                        },
                    },
                    "400": ERROR_RESPONSE,
                    "404": ERROR_RESPONSE,
                },
            }
        }
        paths[list_path + "{id}/"] = {
            "get": {
                "summary": f"One of the {resource.title.lower()}",
                "operationId": f"get_{resource.name.replace('-', '_')}",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": "The record's id.",
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The record.",
                        "content": {"application/json": {"schema": ref}},
                    },
                    "404": ERROR_RESPONSE,
                },
            }
        }
    for resource_name, url_name, columns in CSV_FILES:
        resource = RESOURCES_BY_NAME[resource_name]
        paths[reverse(url_name)] = {
            "get": {
                "summary": f"{resource.title} as CSV",
                "description": f"Every row, with a header row: {', '.join(columns)}. UTF-8. "
                "Takes the same filters as the JSON list, and is never paginated.",
                "operationId": f"csv_{resource_name}",
                "parameters": [
                    parameter(f.name, f.description, f.example) for f in resource.filters
                ],
                "responses": {
                    "200": {
                        "description": "The CSV file.",
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    },
                    "400": ERROR_RESPONSE,
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.PANEL_NAME}: open data",
            "version": "1",
            "description": "Read-only open data: meetings, agenda items, papers, members, "
            "attendance, resolutions, the action log and the Police and Crime Plan. Never "
            "drafts, the papers or minutes of items taken in private, or personal data.",
            "license": {"name": LICENCE["name"], "url": LICENCE["url"]},
        },
        "servers": [{"url": settings.SITE_URL}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


@require_safe
def openapi(request):
    return json_response(openapi_document())


@require_safe
def documentation(request):
    """The /api/ page: every endpoint, its fields, formats and licence, for people."""
    resources = []
    for resource in RESOURCES:
        list_path = reverse("api:list", args=[resource.name])
        examples = [list_path, *(f"{list_path}?{f.name}={f.example}" for f in resource.filters)]
        csv_file = next((c for c in CSV_FILES if c[0] == resource.name), None)
        if csv_file:
            examples.append(reverse(csv_file[1]))
        resources.append(
            {
                "resource": resource,
                "list_path": list_path,
                "detail_path": list_path + ("committee-1/" if resource.get else "1/"),
                "examples": examples,
                "csv_path": reverse(csv_file[1]) if csv_file else None,
                "csv_columns": csv_file[2] if csv_file else None,
            }
        )
    return render(
        request,
        "panel_site/open_data.html",
        {
            "resources": resources,
            "licence": LICENCE,
            "default_page_size": DEFAULT_PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "site_url": settings.SITE_URL,
        },
    )
