"""How one public record reads in the open data: its fields, in order, each with what it holds.

The OpenAPI description and the /api/ page are made from these, so they cannot drift apart.
Only what the record's public page shows is here: nothing of an exempt item but its paragraph
and reason, and nobody's personal details.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from changes.models import Change
from meetings.models import Committee


def absolute(path):
    """The public address of a path: links in open data must work wherever the data goes."""
    return settings.SITE_URL + path


@functools.cache
def list_path(list_name, script_prefix):
    # Worked out once: reverse() for every record and every link in it was much of a list's
    # time. The script prefix is in the key, as reverse() starts from it.
    return reverse(f"api:{list_name}-list")


def api_path(list_name):
    """/api/<list>/, the address of a list in this API."""
    return list_path(list_name, get_script_prefix())


def api_url(list_name, pk):
    # The router puts each record at /api/<list>/<id>/.
    return absolute(f"{api_path(list_name)}{pk}/")


def list_url(list_name, **query):
    return absolute(api_path(list_name)) + "?" + urlencode(query)


def date_or_none(value):
    return value.isoformat() if value else None


def local_date(value):
    return timezone.localdate(value).isoformat()


def moment(value):
    return timezone.localtime(value).isoformat() if value else None


def committee_id(pk):
    return f"committee-{pk}"


def council_id(pk):
    return f"council-{pk}" if pk else None


# The types of the fields worked out in get_...() methods, for the OpenAPI description.
DATE = extend_schema_field(OpenApiTypes.DATE)
DATETIME = extend_schema_field(OpenApiTypes.DATETIME)
URI = extend_schema_field(OpenApiTypes.URI)
TEXT = extend_schema_field(OpenApiTypes.STR)
INTEGER = extend_schema_field(OpenApiTypes.INT)
INTEGERS = extend_schema_field(serializers.ListField(child=serializers.IntegerField()))


def worked_out(description, nullable=False):
    """A field whose value the serializer's get_<field>() method works out."""
    return serializers.SerializerMethodField(help_text=description, allow_null=nullable)


class RecordSerializer(serializers.Serializer):
    """A record with its page on this website and its own address in this API."""

    list_name = None  # The list in this API, e.g. "meetings".
    page_description = "The record's page on this website."

    def get_fields(self):
        fields = super().get_fields()
        fields["url"] = worked_out(self.page_description)
        fields["api_url"] = worked_out("The record in this API.")
        return fields

    @URI
    def get_url(self, record):
        return absolute(record.get_absolute_url())

    @URI
    def get_api_url(self, record):
        return api_url(self.list_name, record.pk)


class ItemOnAgendaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    is_exempt = serializers.BooleanField()
    api_url = worked_out("The item in this API.")

    @URI
    def get_api_url(self, item):
        return api_url("agenda-items", item.pk)


class MeetingSerializer(RecordSerializer):
    list_name = "meetings"

    id = serializers.IntegerField(help_text="The meeting's id.")
    slug = serializers.CharField(
        help_text="The last part of the meeting's address on this website."
    )
    title = serializers.CharField(help_text="The committee and the date.")
    organization_id = worked_out("The committee that meets (its organization id).")
    committee = serializers.CharField(source="committee.name", help_text="The committee's name.")
    date = worked_out("The day of the meeting.")
    start = worked_out("When it starts, UK time; null when only the date is known.", True)
    end = worked_out("When it is expected to end, if known.", True)
    status = worked_out(
        "scheduled, held, cancelled or postponed; null for a past meeting not yet marked as held.",
        True,
    )
    postponed_to = worked_out("For a postponed meeting: the new date, if known.", True)
    venue_name = serializers.CharField(help_text="Where it is held.")
    venue_address = serializers.CharField(
        help_text="The venue's address, lines separated by newlines."
    )
    webcast_url = worked_out("The live or recorded webcast.", True)
    agenda_published_on = worked_out("When the agenda and public reports were published.", True)
    officers_in_attendance = worked_out("Officers and others in attendance, as minuted.")
    agenda_items = ItemOnAgendaSerializer(
        source="items",
        many=True,
        help_text="The agenda: each item's id, number, title and is_exempt.",
    )
    attendance_url = worked_out("The meeting's attendance in this API.")
    calendar_url = worked_out("The meeting as an iCalendar file.")

    @TEXT
    def get_organization_id(self, meeting):
        return committee_id(meeting.committee_id)

    @DATE
    def get_date(self, meeting):
        return local_date(meeting.start)

    # As the meeting page: no time when only the date is known.
    @DATETIME
    def get_start(self, meeting):
        return moment(meeting.start) if meeting.start_time_known else None

    @DATETIME
    def get_end(self, meeting):
        return moment(meeting.end) if meeting.start_time_known else None

    @TEXT
    def get_status(self, meeting):
        return meeting.public_status

    @DATETIME
    def get_postponed_to(self, meeting):
        return moment(meeting.postponed_to)

    @URI
    def get_webcast_url(self, meeting):
        return meeting.webcast_url or None

    @DATE
    def get_agenda_published_on(self, meeting):
        published = meeting.agenda_published_at
        return date_or_none(published and timezone.localdate(published))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_officers_in_attendance(self, meeting):
        lines = meeting.officers_in_attendance.splitlines()
        return [line.strip() for line in lines if line.strip()]

    @URI
    def get_attendance_url(self, meeting):
        return list_url("attendance", meeting=meeting.pk)

    @URI
    def get_calendar_url(self, meeting):
        return absolute(reverse("meetings:meeting-calendar", args=[meeting.slug]))


class PaperOfItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    api_url = worked_out("The paper in this API.")

    @URI
    def get_api_url(self, paper):
        return api_url("papers", paper.pk)


class MinuteSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    text = serializers.CharField()


class AgendaItemSerializer(RecordSerializer):
    """An exempt item is listed with its Schedule 12A paragraph and reason, and nothing more."""

    list_name = "agenda-items"

    id = serializers.IntegerField(help_text="The item's id.")
    meeting_id = serializers.IntegerField(help_text="Its meeting.")
    number = serializers.IntegerField(help_text="The item number on the agenda.")
    title = serializers.CharField(help_text="The item's title.")
    is_exempt = serializers.BooleanField(
        help_text="Taken in private: its papers and minute are not published."
    )
    exempt_paragraph = worked_out("For an exempt item: its Schedule 12A paragraph, 1-7.", True)
    exempt_paragraph_text = worked_out("What that paragraph covers.", True)
    exempt_reason = worked_out("Why the item is taken in private.", True)
    summary = worked_out("What the item is about; null for an exempt item.", True)
    presenter = worked_out("Who presents it.", True)
    pages = worked_out("Its pages in the agenda pack.", True)
    urgent_reason = worked_out("For an urgent item: why it could not wait.", True)
    priority_ids = worked_out("The Police and Crime Plan priorities it scrutinises.")
    papers = PaperOfItemSerializer(
        source="public_papers", many=True, help_text="Its published papers: id, title and api_url."
    )
    minute = worked_out(
        "Its published minute: number, title, status (draft or approved) and text (Markdown). "
        "Null if none is published.",
        True,
    )

    @TEXT
    def get_exempt_paragraph(self, item):
        return item.exempt_paragraph if item.is_exempt else None

    @TEXT
    def get_exempt_paragraph_text(self, item):
        return item.get_exempt_paragraph_display() if item.is_exempt else None

    @TEXT
    def get_exempt_reason(self, item):
        return item.exempt_reason if item.is_exempt else None

    @TEXT
    def get_summary(self, item):
        return None if item.is_exempt else item.summary

    @TEXT
    def get_presenter(self, item):
        return None if item.is_exempt else item.presenter

    @TEXT
    def get_pages(self, item):
        return None if item.is_exempt else item.pages

    @TEXT
    def get_urgent_reason(self, item):
        return None if item.is_exempt else item.urgent_reason

    @INTEGERS
    def get_priority_ids(self, item):
        return [] if item.is_exempt else [priority.pk for priority in item.priorities.all()]

    @cached_property
    def minute_serializer(self):
        # One for every item of the list: making a serializer copies its fields.
        return MinuteSerializer()

    @extend_schema_field(MinuteSerializer)
    def get_minute(self, item):
        # The views load it as item.public_minute, from Minute.objects.published().
        minute = item.public_minute
        return self.minute_serializer.to_representation(minute) if minute else None


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    file_type = serializers.CharField()
    size = serializers.IntegerField()
    url = worked_out("The download.")

    @URI
    def get_url(self, attachment):
        return absolute(attachment.get_absolute_url())


class PaperSerializer(RecordSerializer):
    list_name = "papers"
    # The report itself is HTML on its agenda item's page.
    page_description = "The agenda item's page, where the paper is published as HTML."

    id = serializers.IntegerField(help_text="The paper's id.")
    title = serializers.CharField(help_text="The paper's title.")
    author = serializers.CharField(help_text="Who wrote or issued it.")
    agenda_item_id = serializers.IntegerField(help_text="Its agenda item.")
    meeting_id = serializers.IntegerField(source="agenda_item.meeting_id", help_text="Its meeting.")
    meeting_date = worked_out("The day of the meeting.")
    attachments = AttachmentSerializer(
        many=True,
        help_text="Documents attached to it: id, title, file_type, size (bytes) and url (the "
        "download).",
    )

    @DATE
    def get_meeting_date(self, paper):
        return local_date(paper.agenda_item.meeting.start)

    @URI
    def get_url(self, paper):
        return absolute(paper.agenda_item.get_absolute_url())


class MembershipSerializer(RecordSerializer):
    list_name = "memberships"
    page_description = "The member's page on this website."

    id = serializers.IntegerField(help_text="The membership's id.")
    person_id = serializers.IntegerField(source="member_id", help_text="The member.")
    organization_id = worked_out("The committee.")
    on_behalf_of_id = worked_out("The council that appointed the member, if any.", True)
    role = serializers.CharField(
        source="get_role_display",
        help_text='e.g. "Chair", "Member", "Co-opted independent member".',
    )
    role_code = serializers.CharField(
        source="role", help_text="chair, vice_chair, member or co_opted."
    )
    start_date = worked_out("The first day, if known.", True)
    end_date = worked_out("The last day; null while still serving.", True)

    @TEXT
    def get_organization_id(self, membership):
        return committee_id(membership.committee_id)

    @TEXT
    def get_on_behalf_of_id(self, membership):
        return council_id(membership.member.council_id)

    @DATE
    def get_start_date(self, membership):
        return date_or_none(membership.start)

    @DATE
    def get_end_date(self, membership):
        return date_or_none(membership.end)

    @URI
    def get_url(self, membership):
        return absolute(membership.member.get_absolute_url())


class PersonSerializer(RecordSerializer):
    """Only what the member's public page shows."""

    list_name = "persons"

    id = serializers.IntegerField(help_text="The person's id.")
    name = serializers.CharField(help_text="The name as the minutes give it.")
    honorific_prefix = serializers.CharField(source="title", help_text='e.g. "Councillor".')
    party = serializers.CharField(help_text="Political party, if any.")
    on_behalf_of_id = worked_out("The appointing council; null for co-opted members.", True)
    image = worked_out("The member's photo.", True)
    image_description = worked_out("What the photo shows.", True)
    biography = serializers.CharField(source="pen_portrait", help_text="A short biography.")
    memberships = MembershipSerializer(
        many=True, help_text="Their memberships, as in /api/memberships/."
    )

    @TEXT
    def get_on_behalf_of_id(self, member):
        return council_id(member.council_id)

    @URI
    def get_image(self, member):
        if not member.photo:
            return None
        return absolute(reverse("meetings:member-photo", args=[member.slug]))

    @TEXT
    def get_image_description(self, member):
        return member.photo_alt if member.photo else None


class OrganizationSerializer(RecordSerializer):
    """A committee, or a council that appoints members."""

    list_name = "organizations"

    id = worked_out('e.g. "committee-1" or "council-2".')
    name = serializers.CharField(help_text="The organization's name.")
    classification = worked_out("committee or council.")
    description = worked_out("What a committee is for.")

    def is_committee(self, organization):
        return isinstance(organization, Committee)

    @TEXT
    def get_id(self, organization):
        if self.is_committee(organization):
            return committee_id(organization.pk)
        return council_id(organization.pk)

    @TEXT
    def get_classification(self, organization):
        return "committee" if self.is_committee(organization) else "council"

    @TEXT
    def get_description(self, organization):
        return organization.description if self.is_committee(organization) else ""

    @URI
    def get_url(self, organization):
        if self.is_committee(organization):
            query = urlencode({"committee": organization.slug})
            return absolute(reverse("meetings:index") + "?" + query)
        return absolute(reverse("meetings:members"))

    @URI
    def get_api_url(self, organization):
        return api_url(self.list_name, self.get_id(organization))


class AttendanceSerializer(RecordSerializer):
    list_name = "attendance"
    page_description = "The meeting's page on this website."

    id = serializers.IntegerField(help_text="The record's id.")
    meeting_id = serializers.IntegerField(help_text="The meeting.")
    meeting_date = worked_out("The day of the meeting.")
    person_id = serializers.IntegerField(source="member_id", help_text="The member.")
    person_name = serializers.CharField(
        source="member", help_text="The member's name, with their title."
    )
    on_behalf_of_id = worked_out("The member's council, if any.", True)
    council = worked_out("The council's name; null for co-opted members.", True)
    status = serializers.CharField(help_text="present, apologies, absent or substitute.")
    note = serializers.CharField(help_text='e.g. "Chair", or whom a substitute replaced.')

    @DATE
    def get_meeting_date(self, attendance):
        return local_date(attendance.meeting.start)

    @TEXT
    def get_on_behalf_of_id(self, attendance):
        return council_id(attendance.member.council_id)

    @TEXT
    def get_council(self, attendance):
        council = attendance.member.council
        return council.name if council else None

    @URI
    def get_url(self, attendance):
        return absolute(attendance.meeting.get_absolute_url())


class ResolutionSerializer(RecordSerializer):
    list_name = "resolutions"
    page_description = "The agenda item's page on this website."

    id = serializers.IntegerField(help_text="The resolution's id.")
    number = serializers.IntegerField(help_text="Its number within the minute.")
    text = serializers.CharField(help_text="What was resolved.")
    minute_number = serializers.CharField(
        source="minute.number", help_text='The minute, as the panel numbers it, e.g. "J32".'
    )
    minute_title = serializers.CharField(source="minute.title", help_text="The minute's heading.")
    minute_status = serializers.CharField(
        source="minute.status", help_text="draft or approved (as a true record)."
    )
    agenda_item_id = serializers.IntegerField(
        source="minute.agenda_item_id", help_text="The agenda item."
    )
    meeting_id = serializers.IntegerField(
        source="minute.agenda_item.meeting_id", help_text="The meeting."
    )
    meeting_date = worked_out("The day of the meeting.")

    @DATE
    def get_meeting_date(self, resolution):
        return local_date(resolution.minute.agenda_item.meeting.start)

    @URI
    def get_url(self, resolution):
        return absolute(resolution.minute.agenda_item.get_absolute_url())


class ActionResponseSerializer(serializers.Serializer):
    date = serializers.DateField()
    given_by = serializers.CharField()
    text = serializers.CharField()


class ActionSerializer(RecordSerializer):
    list_name = "actions"

    id = serializers.IntegerField(help_text="The action's id.")
    reference = serializers.CharField(
        help_text='How its source numbers it, e.g. "Recommendation 3".'
    )
    kind = serializers.CharField(
        help_text="resolution, panel_recommendation or inspection_recommendation."
    )
    source = serializers.CharField(help_text="Who made an inspection recommendation.")
    text = serializers.CharField(help_text="What is asked for.")
    owner = serializers.CharField(help_text="Who is responsible for doing it.")
    time_scale = serializers.CharField(
        source="due_description", help_text='As given, e.g. "Within 3 months".'
    )
    due_date = worked_out("When it is due.", True)
    status = serializers.CharField(help_text="open, in_progress, completed or not_accepted.")
    completed_on = worked_out("When it was completed.", True)
    agenda_item_id = serializers.IntegerField(
        help_text="The agenda item where the panel considered it."
    )
    meeting_id = serializers.IntegerField(
        source="agenda_item.meeting_id", help_text="That item's meeting."
    )
    resolution_id = worked_out("The resolution that asks for it, if any.", True)
    priority_ids = worked_out("The Police and Crime Plan priorities it concerns.")
    responses = ActionResponseSerializer(
        many=True, help_text="Responses and progress updates: date, given_by and text."
    )

    @DATE
    def get_due_date(self, action):
        return date_or_none(action.due_date)

    @DATE
    def get_completed_on(self, action):
        return date_or_none(action.completed_on)

    @INTEGER
    def get_resolution_id(self, action):
        # As the action log: the resolution is named only when its minute is public.
        resolution = action.resolution
        return resolution.pk if resolution and resolution.minute.is_published else None

    @INTEGERS
    def get_priority_ids(self, action):
        return [priority.pk for priority in action.priorities.all()]


class PriorityOfPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    api_url = worked_out("The priority in this API.")

    @URI
    def get_api_url(self, priority):
        return api_url("priorities", priority.pk)


class PlanSerializer(RecordSerializer):
    list_name = "plans"

    id = serializers.IntegerField(help_text="The plan's id.")
    slug = serializers.CharField(help_text="The last part of the plan's address on this website.")
    title = serializers.CharField(help_text="The plan's title.")
    period = serializers.CharField(help_text='The years it covers, e.g. "2013-17".')
    status = serializers.CharField(help_text="current or superseded.")
    published_on = worked_out("When it was published.")
    issued_by = worked_out("Who issued it, and their office.", True)
    refreshes_id = worked_out("The earlier plan it refreshes or varies.", True)
    vision = serializers.CharField(help_text="The plan's vision.")
    mission = serializers.CharField(help_text="The plan's mission.")
    summary = serializers.CharField(help_text="A short summary.")
    priorities = PriorityOfPlanSerializer(
        many=True, help_text="Its priorities: id, title and api_url."
    )

    @DATE
    def get_published_on(self, plan):
        return date_or_none(plan.published_on)

    @TEXT
    def get_issued_by(self, plan):
        return str(plan.office_holder) if plan.office_holder else None

    @INTEGER
    def get_refreshes_id(self, plan):
        refreshes = plan.refreshes
        return refreshes.pk if refreshes and refreshes.status != refreshes.Status.DRAFT else None


class CommitmentSerializer(serializers.Serializer):
    text = serializers.CharField()
    progress = serializers.CharField()


class MeasureOfPrioritySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    api_url = worked_out("The measure in this API.")

    @URI
    def get_api_url(self, measure):
        return api_url("measures", measure.pk)


class PrioritySerializer(RecordSerializer):
    list_name = "priorities"

    id = serializers.IntegerField(help_text="The priority's id.")
    plan_id = serializers.IntegerField(help_text="Its plan.")
    order = serializers.IntegerField(help_text="Its place in the plan.")
    slug = serializers.CharField(help_text="The last part of its address on this website.")
    title = serializers.CharField(help_text="The priority.")
    summary = serializers.CharField(help_text="In brief.")
    where_we_are_now = serializers.CharField(
        help_text="The plan's narrative; paragraphs separated by blank lines."
    )
    outcomes = worked_out("Where the plan wants to be: the outcomes' text.")
    commitments = CommitmentSerializer(
        many=True,
        help_text="How it will get there: each commitment's text and progress (not_assessed, "
        "not_started, on_track, at_risk or done).",
    )
    measures = MeasureOfPrioritySerializer(
        many=True, help_text="Its measures: id, name and api_url."
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_outcomes(self, priority):
        return [outcome.text for outcome in priority.outcomes.all()]


class MeasureSerializer(RecordSerializer):
    list_name = "measures"
    # A measure has no page of its own: its priority's page charts it.
    page_description = "The priority's page on this website, which charts the measure."

    id = serializers.IntegerField(help_text="The measure's id.")
    slug = serializers.CharField(help_text="A stable name.")
    name = serializers.CharField(help_text="What is measured.")
    unit = serializers.CharField(help_text='What a value counts: "%" or a word such as "crimes".')
    higher_is_better = serializers.BooleanField(help_text="Whether a rise is good news.")
    source = serializers.CharField(help_text="Where the figures come from.")
    description = serializers.CharField(help_text="What the measure shows.")
    priority_id = serializers.IntegerField(help_text="The priority it shows progress on.")
    plan_id = serializers.IntegerField(source="priority.plan_id", help_text="That priority's plan.")
    readings_url = worked_out("Its readings in this API.")
    readings_csv_url = worked_out("Its readings as CSV.")

    @URI
    def get_readings_url(self, measure):
        return list_url("readings", measure=measure.pk)

    @URI
    def get_readings_csv_url(self, measure):
        return absolute(reverse("api:readings-csv")) + f"?measure={measure.pk}"

    @URI
    def get_url(self, measure):
        return absolute(measure.priority.get_absolute_url())


class ReadingSerializer(RecordSerializer):
    list_name = "readings"
    page_description = "The priority's page on this website, which charts the measure."

    id = serializers.IntegerField(help_text="The reading's id.")
    measure_id = serializers.IntegerField(help_text="The measure.")
    measure = serializers.CharField(source="measure.name", help_text="The measure's name.")
    unit = serializers.CharField(source="measure.unit", help_text="The measure's unit.")
    period = serializers.CharField(help_text='How the period is named, e.g. "2013/14".')
    period_end = worked_out("The last day of the period.")
    area = serializers.CharField(
        help_text="south_yorkshire, barnsley, doncaster, rotherham or sheffield."
    )
    # A JSON number: the values have at most 14 digits, which a double holds exactly enough.
    value = serializers.FloatField(help_text="The value, in the measure's unit.")

    @DATE
    def get_period_end(self, reading):
        return reading.period_end.isoformat()

    @URI
    def get_url(self, reading):
        return absolute(reading.measure.priority.get_absolute_url())


class ErrorSerializer(serializers.Serializer):
    """A request the API cannot answer, and why."""

    status = serializers.IntegerField()
    error = serializers.CharField()


class ChangeSerializer(serializers.ModelSerializer):
    """Something on the site became public, changed or was withdrawn."""

    id = serializers.IntegerField(help_text="The change's number: later changes have higher ones.")
    at = serializers.SerializerMethodField(help_text="When it happened, in UK time.")
    what = serializers.ChoiceField(
        choices=Change.What.choices, help_text="What happened, e.g. published or withdrawn."
    )
    kind = serializers.CharField(help_text='What sort of thing it is, e.g. "meeting", "paper".')
    object_id = serializers.IntegerField(help_text="Its id, in its kind.")
    title = serializers.CharField(help_text="Its title.")
    summary = serializers.CharField(help_text="The change in a sentence.")
    url = serializers.SerializerMethodField(help_text="Its page on this website.")

    class Meta:
        model = Change
        fields = ["id", "at", "what", "kind", "object_id", "title", "summary", "url"]

    @DATETIME
    def get_at(self, change):
        return moment(change.at)

    @URI
    def get_url(self, change):
        return settings.SITE_URL + change.url


class ChangePageSerializer(serializers.Serializer):
    """A page of the change log, oldest first."""

    results = ChangeSerializer(many=True)
    next = serializers.URLField(
        help_text="Where to ask for the changes after these: now, if more_to_come, or later "
        "to see what has happened since. Keep it to carry on where you left off."
    )
    more_to_come = serializers.BooleanField(help_text="Whether more changes wait at next.")
    licence = serializers.DictField()
