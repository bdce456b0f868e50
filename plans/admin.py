from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from simple_history.admin import SimpleHistoryAdmin

from changes.admin import RecordsPublicChanges
from plans.forms import ReadingsConfirmForm, ReadingsUploadForm
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
    PlanVariationStep,
    Priority,
    WorkforceFigure,
)
from plans.services import (
    ImportProblem,
    decode_readings_file,
    import_measure_readings,
    plan_start_new_version,
    preview_measure_readings,
    validate_readings_csv,
)


class OfficeHolderInline(admin.TabularInline):
    model = OfficeHolder
    extra = 0

    def get_queryset(self, request):
        # Each row is named with its office.
        return super().get_queryset(request).select_related("office")


@admin.register(Office)
class OfficeAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["name", "deputy_title"]
    search_fields = ["name"]
    inlines = [OfficeHolderInline]


@admin.register(OfficeHolder)
class OfficeHolderAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
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


class PlanVariationStepInline(admin.TabularInline):
    model = PlanVariationStep
    fields = ["date", "step", "summary", "document_url", "document"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


@admin.register(Plan)
class PlanAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["title", "period", "status", "published_on", "office_holder"]
    list_filter = ["status"]
    list_select_related = ["office_holder__office"]
    search_fields = ["title", "period", "summary"]
    prepopulated_fields = {"slug": ["title", "period"]}
    autocomplete_fields = ["refreshes"]
    date_hierarchy = "published_on"
    readonly_fields = ["comparison"]
    actions = ["start_new_version"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "period", "office_holder", "refreshes", "comparison"]}),
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
    inlines = [
        PriorityInline,
        PlanVariationStepInline,
        FundingLineInline,
        WorkforceFigureInline,
        GlossaryTermInline,
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office_holder":
            # Each choice is named with its office.
            kwargs["queryset"] = OfficeHolder.objects.select_related("office")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description="Start a new version of the selected plan", permissions=["add"])
    def start_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose one plan to start a new version of.", messages.ERROR)
            return None
        draft = plan_start_new_version(queryset.get())
        self.message_user(
            request,
            "Started a draft new version, with the priorities, outcomes and commitments copied. "
            "Edit it, then compare it with the plan it replaces; funding, workforce, glossary "
            "and measures are not copied.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:plans_plan_change", args=[draft.pk]))

    @admin.display(description="What changed")
    def comparison(self, plan):
        # A draft too: officers see it on the comparison page, as the public will once published.
        if not plan.pk or not plan.refreshes_id:
            return "Choose the plan this one refreshes and save: a link to compare them shows here."
        query = urlencode({"from": plan.refreshes.slug, "to": plan.slug})
        return format_html(
            '<a href="{}?{}">Compare with {}</a>', reverse("plans:compare"), query, plan.refreshes
        )


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = Commitment
    fields = ["order", "text", "progress"]
    show_change_link = True
    extra = 0


@admin.register(Priority)
class PriorityAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
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
class CommitmentAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["__str__", "priority", "progress"]
    list_filter = ["progress", "priority__plan", "priority"]
    list_select_related = ["priority"]
    list_editable = ["progress"]
    search_fields = ["text"]
    inlines = [CommitmentUpdateInline]


class MeasureReadingInline(admin.TabularInline):
    model = MeasureReading
    extra = 1

    def get_queryset(self, request):
        # Each row is named with its measure.
        return super().get_queryset(request).select_related("measure")


@admin.register(Measure)
class MeasureAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    list_display = ["name", "slug", "unit", "higher_is_better", "priority"]
    list_filter = ["higher_is_better", "priority__plan", "priority"]
    list_select_related = ["priority"]
    search_fields = ["name", "description", "source"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MeasureReadingInline]
    change_list_template = "admin/plans/measure/change_list.html"

    def get_urls(self):
        return [
            path(
                "import-readings/",
                self.admin_site.admin_view(self.import_readings_view),
                name="plans_measure_import_readings",
            ),
            *super().get_urls(),
        ]

    def can_import_readings(self, request):
        # An import adds readings and updates those already there.
        return request.user.has_perms(["plans.add_measurereading", "plans.change_measurereading"])

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_readings": self.can_import_readings(request),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def import_readings_view(self, request):
        """Upload a CSV file of readings, see what it would do, then confirm to import it."""
        if not self.can_import_readings(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import readings from CSV",
            "upload_form": ReadingsUploadForm(),
            "problems": [],
        }
        template = "admin/plans/import_readings.html"
        if request.method == "POST" and "confirm" in request.POST:
            form = ReadingsConfirmForm(request.POST, user=request.user)
            rows, problems = [], []
            if form.is_valid():
                # Checked again: the measures may have changed since the preview.
                rows, problems = validate_readings_csv(form.cleaned_data["data"])
            else:
                problems = [
                    ImportProblem(None, None, error)
                    for errors in form.errors.values()
                    for error in errors
                ]
            if rows:
                try:
                    counts = import_measure_readings(rows, user=request.user)
                except ValueError as error:  # A measure deleted since the check just now.
                    problems = [ImportProblem(None, None, f"{error}. Nothing was imported.")]
                    rows = []
            if rows:
                self.message_user(
                    request,
                    f"Imported {len(rows)} readings: {counts['created']} new, "
                    f"{counts['updated']} updated, {counts['unchanged']} unchanged.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:plans_measure_changelist"))
            context["problems"] = problems
        elif request.method == "POST":
            form = ReadingsUploadForm(request.POST, request.FILES)
            context["upload_form"] = form
            if form.is_valid():
                text, problem = decode_readings_file(form.cleaned_data["file"])
                rows, problems = (
                    validate_readings_csv(text) if text is not None else ([], [problem])
                )
                context["problems"] = problems
                if rows:
                    template = "admin/plans/import_readings_preview.html"
                    lines = preview_measure_readings(rows)
                    context.update(
                        title="Check the readings before importing them",
                        lines=lines,
                        counts={
                            action: sum(line.action == action for line in lines)
                            for action in ["create", "update", "unchanged"]
                        },
                        confirm_form=ReadingsConfirmForm(
                            initial={"data": ReadingsConfirmForm.sign(text, request.user)},
                            user=request.user,
                        ),
                    )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, context)
