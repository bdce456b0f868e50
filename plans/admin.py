from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    Commitment,
    CommitmentUpdate,
    FundingLine,
    GlossaryTerm,
    Measure,
    MeasureReading,
    Office,
    OfficeHolder,
    Outcome,
    Plan,
    Priority,
    WorkforceFigure,
)


class OfficeHolderInline(admin.TabularInline):
    model = OfficeHolder
    extra = 0


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    inlines = [OfficeHolderInline]


@admin.register(OfficeHolder)
class OfficeHolderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "office", "start_date", "end_date"]
    list_filter = ["office", "role"]
    list_select_related = ["office"]
    search_fields = ["name"]


class PriorityInline(admin.TabularInline):
    model = Priority
    fields = ["order", "title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class WorkforceFigureInline(admin.TabularInline):
    model = WorkforceFigure
    extra = 0


class GlossaryTermInline(admin.TabularInline):
    model = GlossaryTerm
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period", "status", "published_on", "office_holder"]
    list_filter = ["status"]
    list_select_related = ["office_holder__office"]
    search_fields = ["title", "period", "summary"]
    prepopulated_fields = {"slug": ["title", "period"]}
    autocomplete_fields = ["refreshes"]
    date_hierarchy = "published_on"
    fieldsets = [
        (None, {"fields": ["title", "slug", "period", "office_holder", "refreshes"]}),
        ("Publication", {"fields": ["status", "published_on"]}),
        ("Content", {"fields": ["vision", "mission", "summary"]}),
        (
            "Tables",
            {
                "fields": [
                    "funding_previous_year",
                    "funding_current_year",
                    "funding_note",
                    "workforce_note",
                ]
            },
        ),
    ]
    inlines = [PriorityInline, FundingLineInline, WorkforceFigureInline, GlossaryTermInline]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = Commitment
    fields = ["order", "text", "progress"]
    show_change_link = True
    extra = 0


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["title", "summary", "where_we_are_now"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [OutcomeInline, CommitmentInline]


class CommitmentUpdateInline(admin.TabularInline):
    model = CommitmentUpdate
    extra = 1


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "priority", "progress"]
    list_filter = ["progress", "priority__plan", "priority"]
    list_select_related = ["priority"]
    list_editable = ["progress"]
    search_fields = ["text"]
    inlines = [CommitmentUpdateInline]


class MeasureReadingInline(admin.TabularInline):
    model = MeasureReading
    extra = 1


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "higher_is_better", "priority"]
    list_filter = ["higher_is_better", "priority__plan", "priority"]
    list_select_related = ["priority"]
    search_fields = ["name", "description", "source"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MeasureReadingInline]
