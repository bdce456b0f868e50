from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from changes.admin import RecordsPublicChanges
from changes.models import Change
from changes.services import record
from meetings.models import (
    Action,
    ActionResponse,
    AgendaItem,
    Attachment,
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

What = Change.What


@admin.register(Committee)
class CommitteeAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Council)
class CouncilAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


class SharedChoicesFormSet(forms.BaseInlineFormSet):
    """Each row's select boxes in `shared_fields` offer the same choices: read once for all the
    rows, not once a row, so that a form of many rows takes no more queries than one of one."""

    shared_fields = []

    def limit_choices(self, name, queryset):
        return queryset

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not hasattr(self, "shared_choices"):
            self.shared_choices = {}
        for name in self.shared_fields:
            field = form.fields[name]
            if name not in self.shared_choices:
                field.queryset = self.limit_choices(name, field.queryset)
                self.shared_choices[name] = (field.queryset, list(field.choices))
            field.queryset, field.choices = self.shared_choices[name]


class MembershipFormSet(SharedChoicesFormSet):
    shared_fields = ["committee"]


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0

    def get_queryset(self, request):
        # Each row is named by its member and committee.
        return super().get_queryset(request).select_related("member", "committee")


@admin.register(Member)
class MemberAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["name", "title", "council", "party"]
    list_filter = ["council", "memberships__committee", "memberships__role"]
    list_select_related = ["council"]
    search_fields = ["name", "party", "pen_portrait"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "title", "council", "party", "pen_portrait"]}),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_preview"]}),
    ]
    inlines = [MembershipInline]

    @admin.display(description="Photo as the public sees it")
    def photo_preview(self, member):
        if not member.photo:
            return "No photo. The public pages show none."
        return format_html(
            '<img src="{}" alt="{}" width="160">',
            reverse("meetings:member-photo", args=[member.slug]),
            member.photo_alt,
        )


# Inlines offer blank rows: without JavaScript there is no "Add another" link, and an officer
# must still be able to add items, papers, attachments, minutes and attendance.
class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["number", "order", "title", "presenter", "pages", "is_exempt", "exempt_paragraph"]
    show_change_link = True

    def get_extra(self, request, obj=None, **kwargs):
        return 5 if obj is None else 1


class AttendanceFormSet(SharedChoicesFormSet):
    shared_fields = ["member"]

    def limit_choices(self, name, queryset):
        # The members of the meeting's committee (and anyone already recorded): a short list
        # even where every panel's members are in one table, thousands of them.
        meeting = self.instance
        return queryset.filter(
            Q(memberships__committee=meeting.committee_id) | Q(attendances__meeting=meeting)
        ).distinct()


class AttendanceInline(admin.TabularInline):
    # A plain list of members, not a search box: that needs JavaScript, and a committee's
    # members are few.
    model = Attendance
    formset = AttendanceFormSet
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(Meeting)
class MeetingAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["__str__", "start", "status", "is_published", "agenda_published_at"]
    list_filter = ["is_published", "status", "committee"]
    list_select_related = ["committee"]
    search_fields = ["slug", "venue_name", "committee__name", "items__title"]
    date_hierarchy = "start"
    readonly_fields = ["agenda_due", "papers_late"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "committee",
                    "slug",
                    "start",
                    "start_time_known",
                    "end",
                    "status",
                    "postponed_to",
                ],
                "description": "Leave the end blank if it is not known: calendars then show the "
                f"meeting as {Meeting.DEFAULT_LENGTH_HOURS} hours long, and say so.",
            },
        ),
        ("Venue", {"fields": ["venue_name", "venue_address", "webcast_url"]}),
        ("Attendance", {"fields": ["officers_in_attendance"]}),
        (
            "Publication",
            {
                "fields": ["is_published", "agenda_published_at", "agenda_due", "papers_late"],
                "description": "Publishing an upcoming meeting records the time as when its "
                "agenda was published, unless you give another. For a meeting that has already "
                "taken place, give the date its agenda went out.",
            },
        ),
    ]
    inlines = [AgendaItemInline, AttendanceInline]
    actions = ["publish", "unpublish"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_inlines(self, request, obj):
        # Attendance is recorded once the meeting is saved: its members come from its committee.
        return self.inlines if obj else [AgendaItemInline]

    @admin.display(description="Agenda due by")
    def agenda_due(self, meeting):
        if not meeting.start:
            return "Set the start to see when the agenda is due."
        return f"{meeting.agenda_due_date():%-d %B %Y} (5 clear working days before the meeting)"

    @admin.display(description="Papers late?")
    def papers_late(self, meeting):
        if not meeting.start:
            return "-"
        late = meeting.papers_were_late()
        if late is None:
            return "Not known: when the agenda was published was not recorded."
        if late:
            return format_html(
                "<strong>{}</strong>",
                "Warning: the agenda was not published 5 clear working days before the meeting.",
            )
        return "No"

    def save_model(self, request, obj, form, change):
        # Ticking "published" publishes the meeting as the action does.
        if obj.is_published and "is_published" in form.changed_data:
            obj.publish()
        super().save_model(request, obj, form, change)

    def public_change(self, meeting, form, was_public, is_public, changed):
        if was_public and is_public and "status" in form.changed_data:
            if meeting.status == Meeting.Status.CANCELLED:
                return What.CANCELLED
            if meeting.status == Meeting.Status.POSTPONED:
                return What.MOVED
        if was_public and is_public and "start" in form.changed_data:
            return What.MOVED
        return super().public_change(meeting, form, was_public, is_public, changed)

    @admin.action(description="Publish the selected meetings")
    @transaction.atomic
    def publish(self, request, queryset):
        # One save each, not update(), so that every change is in the meeting's history.
        meetings = list(queryset.filter(is_published=False))
        for meeting in meetings:
            meeting.publish()
            meeting.save()
            record(meeting, What.PUBLISHED)
        self.message_user(request, f"{len(meetings)} meeting(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish the selected meetings")
    @transaction.atomic
    def unpublish(self, request, queryset):
        meetings = list(queryset.filter(is_published=True))
        for meeting in meetings:
            record(meeting, What.WITHDRAWN)
            meeting.is_published = False
            meeting.save()
        self.message_user(request, f"{len(meetings)} meeting(s) unpublished.", messages.SUCCESS)


class PaperInline(admin.StackedInline):
    model = Paper
    fields = ["order", "title", "author", "is_published"]
    show_change_link = True
    extra = 1


class MinuteInline(admin.StackedInline):
    """The item's minute, written on the item's page; its resolutions open from the minute."""

    model = Minute
    fields = ["number", "title", "text", "status", "approved_at_meeting", "is_published"]
    # A box for the meeting's number with a link to look it up: it works without JavaScript,
    # where a list of every meeting would be thousands long.
    raw_id_fields = ["approved_at_meeting"]
    show_change_link = True
    extra = 1
    max_num = 1


class ActionInline(admin.TabularInline):
    """The item's actions at a glance; each opens in full, with its responses."""

    model = Action
    # completed_on is here because Action.clean() may report an error on it.
    fields = ["reference", "kind", "text", "owner", "due_date", "status", "completed_on"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}
    show_change_link = True
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "is_exempt"]
    # No filter by meeting (there are thousands): search finds a meeting's items by its address.
    list_filter = ["is_exempt", "meeting__committee"]
    list_select_related = ["meeting__committee"]
    search_fields = ["title", "summary", "meeting__slug"]
    autocomplete_fields = ["meeting"]
    filter_horizontal = ["priorities"]
    fieldsets = [
        (None, {"fields": ["meeting", "number", "order", "title", "summary", "presenter"]}),
        ("Agenda pack", {"fields": ["pages", "urgent_reason", "priorities"]}),
        ("Exempt item", {"fields": ["is_exempt", "exempt_paragraph", "exempt_reason"]}),
    ]
    inlines = [PaperInline, MinuteInline, ActionInline]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["title", "file", "size"]
    readonly_fields = ["size"]
    extra = 1


@admin.register(Paper)
class PaperAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["title", "agenda_item", "is_published"]
    list_filter = ["is_published", "agenda_item__meeting__committee"]
    list_select_related = ["agenda_item__meeting__committee"]
    search_fields = ["title", "body_markdown", "author"]
    autocomplete_fields = ["agenda_item"]
    inlines = [AttachmentInline]


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 1

    def get_queryset(self, request):
        # Each row is named by its minute's number.
        return super().get_queryset(request).select_related("minute")


@admin.register(Minute)
class MinuteAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["number", "title", "agenda_item", "status", "is_published"]
    list_filter = ["status", "is_published", "agenda_item__meeting__committee"]
    list_select_related = ["agenda_item__meeting__committee"]
    search_fields = ["number", "title", "text"]
    autocomplete_fields = ["agenda_item", "approved_at_meeting"]
    inlines = [ResolutionInline]

    def public_change(self, minute, form, was_public, is_public, changed):
        if is_public and "status" in form.changed_data and minute.status == Minute.Status.APPROVED:
            return What.MINUTES_APPROVED
        return super().public_change(minute, form, was_public, is_public, changed)


@admin.register(Resolution)
class ResolutionAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    """Resolutions are written with their minute; listed here so that an action can find its own."""

    list_display = ["__str__", "text", "minute"]
    list_filter = ["minute__agenda_item__meeting__committee"]
    search_fields = ["minute__number", "text"]
    autocomplete_fields = ["minute"]

    def get_queryset(self, request):
        # Each resolution names its minute, in lists and in the action form's search box.
        return super().get_queryset(request).select_related("minute")


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open().filter(due_date__lt=timezone.localdate())
        return queryset


class ActionResponseInline(admin.StackedInline):
    model = ActionResponse
    extra = 1


@admin.register(Action)
class ActionAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["reference", "summary", "owner", "due_date", "status", "overdue", "meeting"]
    list_display_links = ["reference", "summary"]
    list_filter = ["status", "kind", "agenda_item__meeting__committee", OverdueFilter]
    list_select_related = ["agenda_item__meeting__committee"]
    search_fields = ["reference", "text", "owner", "source", "agenda_item__title"]
    autocomplete_fields = ["agenda_item", "resolution"]
    filter_horizontal = ["priorities"]
    fieldsets = [
        (None, {"fields": ["agenda_item", "resolution", "kind", "reference", "source", "text"]}),
        ("Who and when", {"fields": ["owner", "due_description", "due_date"]}),
        ("Progress", {"fields": ["status", "completed_on"]}),
        ("Police and Crime Plan", {"fields": ["priorities"]}),
    ]
    inlines = [ActionResponseInline]

    @admin.display(description="What is asked")
    def summary(self, action):
        return action.text if len(action.text) <= 60 else f"{action.text[:59]}…"

    @admin.display(description="Overdue", boolean=True)
    def overdue(self, action):
        return action.is_overdue

    @admin.display(description="Meeting", ordering="agenda_item__meeting__start")
    def meeting(self, action):
        return action.agenda_item.meeting
