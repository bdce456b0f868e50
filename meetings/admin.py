from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
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


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "council", "party"]
    list_filter = ["council", "memberships__committee", "memberships__role"]
    list_select_related = ["council"]
    search_fields = ["name", "party", "pen_portrait"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["number", "order", "title", "presenter", "pages", "is_exempt", "exempt_paragraph"]
    show_change_link = True
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    autocomplete_fields = ["member"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
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
                ]
            },
        ),
        ("Venue", {"fields": ["venue_name", "venue_address", "webcast_url"]}),
        (
            "Publication",
            {"fields": ["is_published", "agenda_published_at", "agenda_due", "papers_late"]},
        ),
    ]
    inlines = [AgendaItemInline, AttendanceInline]
    actions = ["publish", "unpublish"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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

    @admin.action(description="Publish the selected meetings")
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        queryset.filter(agenda_published_at__isnull=True).update(agenda_published_at=timezone.now())
        self.message_user(request, f"{count} meeting(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish the selected meetings")
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(request, f"{count} meeting(s) unpublished.", messages.SUCCESS)


class PaperInline(admin.StackedInline):
    model = Paper
    fields = ["order", "title", "author", "is_published"]
    show_change_link = True
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "is_exempt"]
    list_filter = ["is_exempt", "meeting__committee", "meeting"]
    list_select_related = ["meeting__committee"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["meeting"]
    filter_horizontal = ["priorities"]
    fieldsets = [
        (None, {"fields": ["meeting", "number", "order", "title", "summary", "presenter"]}),
        ("Agenda pack", {"fields": ["pages", "urgent_reason", "priorities"]}),
        ("Exempt item", {"fields": ["is_exempt", "exempt_paragraph", "exempt_reason"]}),
    ]
    inlines = [PaperInline]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["title", "file", "size"]
    readonly_fields = ["size"]
    extra = 0


@admin.register(Paper)
class PaperAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agenda_item", "is_published"]
    list_filter = ["is_published", "agenda_item__meeting__committee"]
    list_select_related = ["agenda_item__meeting__committee"]
    search_fields = ["title", "body_markdown", "author"]
    autocomplete_fields = ["agenda_item"]
    inlines = [AttachmentInline]


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0


@admin.register(Minute)
class MinuteAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "agenda_item", "status", "is_published"]
    list_filter = ["status", "is_published", "agenda_item__meeting__committee"]
    list_select_related = ["agenda_item__meeting__committee"]
    search_fields = ["number", "title", "text"]
    autocomplete_fields = ["agenda_item", "approved_at_meeting"]
    inlines = [ResolutionInline]
