from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from changes.admin import RecordsPublicChanges
from complaints import services
from complaints.forms import QuestionAnswerForm, QuestionRejectForm, StageMoveForm
from complaints.models import (
    EVIDENCE_TYPES,
    Complaint,
    ComplaintFile,
    ComplaintView,
    Letter,
    OutgoingEmail,
    Question,
    StageChange,
    complainable_holders,
)
from meetings.models import Meeting
from plans.models import OfficeHolder

# Who may read which emails in the outbox: each officer only the emails of their own work.
OUTBOX_TOPIC_PERMISSIONS = {
    OutgoingEmail.Topic.QUESTION: "complaints.view_question",
    OutgoingEmail.Topic.COMPLAINT: "complaints.view_complaint",
    # Alert addresses are seen only with a permission of their own (alerts/).
    OutgoingEmail.Topic.ALERT: "alerts.view_follower_address",
}


class ComingMeetingFilter(admin.RelatedFieldListFilter):
    """The meetings still to come, soonest first: a list of every meeting would be thousands
    long. A past meeting's questions are found by the date or the committee."""

    def field_choices(self, field, request, model_admin):
        meetings = Meeting.objects.upcoming().select_related("committee")[:20]
        return [(meeting.pk, str(meeting)) for meeting in meetings]


@admin.register(Question)
class QuestionAdmin(RecordsPublicChanges, SimpleHistoryAdmin):
    """The moderation queue: scrutiny officers accept, reject with a reason, and answer."""

    list_display = [
        "reference",
        "meeting",
        "status_tag",
        "submitted_at",
        "postcode_district",
        "in_south_yorkshire",
        "words",
        "answer_published",
    ]
    list_filter = [
        "status",
        ("meeting", ComingMeetingFilter),
        "meeting__committee",
        "in_south_yorkshire",
        "answer_published",
        "addressed_to",
    ]
    list_select_related = ["meeting__committee"]
    search_fields = ["reference", "text"]
    # A search box for the meeting (on the form for a question received by post).
    autocomplete_fields = ["meeting"]
    date_hierarchy = "submitted_at"
    actions = ["accept", "reject"]

    def public_objects(self):
        return Question.objects.seen_by_the_public()

    def public_title(self, question):
        return question.public_title

    fieldsets = [
        (None, {"fields": ["reference", "status", "meeting", "addressed_to", "text", "words"]}),
        (
            "The asker (never published, except the name with consent)",
            {
                "fields": [
                    "asker_name",
                    "consents_to_name",
                    "email",
                    "postcode",
                    "postcode_district",
                    "in_south_yorkshire",
                    "declares_local",
                ]
            },
        ),
        ("Decision", {"fields": ["decided_at", "rejection_reason", "rejection_note"]}),
        (
            "Answer",
            {
                "fields": [
                    "answer",
                    "answered_by",
                    "answered_how",
                    "answered_at",
                    "answer_published",
                ]
            },
        ),
        ("Record", {"fields": ["submitted_at", "updated_at"]}),
    ]
    # Decisions go through the buttons above the form (and the list's actions), which email the
    # asker; the form itself changes only the meeting and whether the answer is on show.
    readonly_fields = [
        "reference",
        "status",
        "words",
        "postcode_district",
        "in_south_yorkshire",
        "decided_at",
        "rejection_reason",
        "rejection_note",
        "answer",
        "answered_by",
        "answered_how",
        "answered_at",
        "submitted_at",
        "updated_at",
    ]
    asker_fields = [
        "meeting",
        "addressed_to",
        "text",
        "asker_name",
        "consents_to_name",
        "email",
        "postcode",
        "declares_local",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, *self.asker_fields]

    def view_on_site(self, question):
        # Only where the public can see it: on its meeting's page.
        if question.status == Question.Status.ACCEPTED or question.answer_published:
            return question.get_absolute_url()
        return None

    @admin.display(description="Status", ordering="status")
    def status_tag(self, question):
        return question.get_status_display()

    @admin.display(description="Words")
    def words(self, question):
        return question.word_count

    def get_urls(self):
        def view(function, name):
            return path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(function),
                name=f"complaints_question_{name}",
            )

        return [
            view(self.accept_view, "accept"),
            view(self.reject_view, "reject"),
            view(self.answer_view, "answer"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_decide": self.has_change_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def editable_question(self, request, object_id):
        if not str(object_id).isdigit():
            raise Http404  # a typed or tampered address, not a server error
        question = get_object_or_404(Question.objects.select_related("meeting"), pk=object_id)
        if not self.has_change_permission(request, question):
            raise PermissionDenied
        return question

    def back_to(self, question):
        return redirect(reverse("admin:complaints_question_change", args=[question.pk]))

    def decision_page(self, request, question, title, form, template):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": question,
            "questions": [question],
            "title": title,
            "form": form,
        }
        return TemplateResponse(request, f"admin/complaints/question/{template}.html", context)

    def accept_view(self, request, object_id):
        question = self.editable_question(request, object_id)
        if request.method != "POST" and question.status == Question.Status.RECEIVED:
            return self.decision_page(
                request, question, f"Accept question {question.reference}", None, "accept"
            )
        if question.status != Question.Status.RECEIVED:
            self.message_user(
                request, "Only a question not yet decided can be accepted.", messages.ERROR
            )
        else:
            services.question_accept(question=question)
            self.message_user(
                request, f"{question.reference} accepted; the asker is emailed.", messages.SUCCESS
            )
        return self.back_to(question)

    def reject_view(self, request, object_id):
        question = self.editable_question(request, object_id)
        if question.status == Question.Status.ANSWERED:
            self.message_user(request, "An answered question cannot be rejected.", messages.ERROR)
            return self.back_to(question)
        form = QuestionRejectForm(request.POST or None)
        if form.is_valid():
            services.question_reject(
                question=question,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            self.message_user(
                request, f"{question.reference} rejected; the asker is emailed.", messages.SUCCESS
            )
            return self.back_to(question)
        return self.decision_page(
            request, question, f"Reject question {question.reference}", form, "reject"
        )

    def answer_view(self, request, object_id):
        question = self.editable_question(request, object_id)
        if question.status not in [Question.Status.ACCEPTED, Question.Status.ANSWERED]:
            self.message_user(
                request, "Accept the question before recording its answer.", messages.ERROR
            )
            return self.back_to(question)
        initial = {
            "answer": question.answer,
            "answered_by": question.answered_by,
            "answered_how": question.answered_how,
            "publish": question.answer_published or question.status != "answered",
        }
        form = QuestionAnswerForm(request.POST or None, initial=initial)
        if form.is_valid():
            try:
                services.question_answer(question=question, **form.cleaned_data)
            except services.AnswerRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                published = "and published" if form.cleaned_data["publish"] else "(not published)"
                self.message_user(
                    request,
                    f"The answer to {question.reference} is recorded {published}; the asker is "
                    "emailed.",
                    messages.SUCCESS,
                )
                return self.back_to(question)
        return self.decision_page(
            request, question, f"Record the answer to {question.reference}", form, "answer"
        )

    @admin.action(description="Accept the selected questions", permissions=["change"])
    def accept(self, request, queryset):
        accepted = 0
        for question in queryset.filter(status=Question.Status.RECEIVED):
            services.question_accept(question=question)
            accepted += 1
        skipped = queryset.count() - accepted
        message = f"{accepted} accepted; " + (
            "the asker is emailed." if accepted == 1 else "each asker is emailed."
        )
        if skipped:
            message += f" {skipped} already decided, left as they were."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description="Reject the selected questions, with a reason", permissions=["change"]
    )
    def reject(self, request, queryset):
        rejectable = queryset.exclude(status=Question.Status.ANSWERED)
        form = QuestionRejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for question in rejectable:
                services.question_reject(
                    question=question,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            self.message_user(
                request,
                f"{len(rejectable)} rejected; each asker is emailed.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "questions": rejectable,
            "title": "Reject questions",
            "form": form,
            "bulk": True,
        }
        return TemplateResponse(request, "admin/complaints/question/reject.html", context)


class SentFilter(admin.SimpleListFilter):
    title = "sent"
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("no", "Not yet"), ("yes", "Sent")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(sent_at__isnull=self.value() == "no")
        return queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was sent, and what is waiting to be retried."""

    list_display = ["subject", "topic", "created_at", "sent", "attempts", "last_error"]
    list_filter = [SentFilter, "topic"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def get_queryset(self, request):
        emails = super().get_queryset(request)
        if request.user.is_superuser:
            return emails
        topics = [
            topic
            for topic, permission in OUTBOX_TOPIC_PERMISSIONS.items()
            if request.user.has_perm(permission)
        ]
        return emails.filter(topic__in=topics)

    @admin.display(description="Sent", ordering="sent_at")
    def sent(self, email):
        if email.sent_at:
            return email.sent_at
        return format_html("<strong>{}</strong>", "Not yet: waiting to be retried")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Try sending the selected emails again now", permissions=["view"])
    def send_again(self, request, queryset):
        results = [services.email_send(pk) for pk in queryset.values_list("pk", flat=True)]
        self.message_user(
            request,
            f"{sum(results)} sent; {len(results) - sum(results)} not sent (already sent, or "
            "failed again: see the last error).",
        )


# Complaints about the office holder ----------------------------------------------------------
# Only complaints officers (and superusers) hold any permission on these models, so nobody else
# on the staff sees them in the index, a list, a form or a file. Every look at a record is logged.


class TargetFilter(admin.SimpleListFilter):
    title = "targets"
    parameter_name = "target"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue (either target)"),
            ("acknowledgement", "Not acknowledged within 5 working days"),
            ("conclusion", "Not concluded within 8 weeks"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "acknowledgement":
            return queryset.overdue_acknowledgement()
        if self.value() == "conclusion":
            return queryset.overdue_conclusion()
        if self.value() == "overdue":
            return queryset.filter(
                Q(pk__in=Complaint.objects.overdue_acknowledgement().values("pk"))
                | Q(pk__in=Complaint.objects.overdue_conclusion().values("pk"))
            )
        return queryset


class ComplaintFileInline(admin.TabularInline):
    """The files as sent: opened only through the file view, which logs who looked."""

    model = ComplaintFile
    extra = 0
    fields = ["open_link", "kind", "file_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="File")
    def open_link(self, record):
        url = reverse("admin:complaints_complaint_file", args=[record.complaint_id, record.pk])
        return format_html(
            '<a href="{}">{}</a>', url, f"Download file {record.pk} ({record.original_name})"
        )


class StageChangeInline(admin.TabularInline):
    """The trail of stage moves: written only by the stage buttons."""

    model = StageChange
    extra = 0
    fields = ["at", "from_stage", "to_stage", "ground", "note", "by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LetterForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14, "class": "vLargeTextField"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A letter that has gone stays as it went.
        if self.instance.sent_on:
            self.fields["body"].disabled = True


class LetterInline(admin.StackedInline):
    """Letters and notices: drafted with the buttons above, edited here, then sent."""

    model = Letter
    form = LetterForm
    extra = 0
    fields = ["kind", "body", "drafted_at", "drafted_by", "sent", "send_link"]
    readonly_fields = ["kind", "drafted_at", "drafted_by", "sent", "send_link"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Sent")
    def sent(self, letter):
        if letter.sent_on:
            return f"{letter.sent_on:%-d %B %Y}, {letter.get_sent_how_display().lower()}"
        return "Not yet"

    @admin.display(description="Send")
    def send_link(self, letter):
        if letter.sent_on or not letter.pk:
            return "-"
        url = reverse(
            "admin:complaints_complaint_letter_send", args=[letter.complaint_id, letter.pk]
        )
        return format_html('<a href="{}">Send this letter (save your edits first)</a>', url)


class HolderFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        # Each holder is named with their office.
        holders = OfficeHolder.objects.select_related("office")
        return [(holder.pk, str(holder)) for holder in holders]


class ComplaintAdminForm(forms.ModelForm):
    """The holder is one in office (or lately) when the complaint is added, or the one it is
    about already. The admin's fieldsets say which other fields the form shows."""

    class Meta:
        model = Complaint
        fields = ["holder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "holder" in self.fields:
            holders = complainable_holders()
            if self.instance.holder_id:
                holders = OfficeHolder.objects.filter(
                    Q(pk__in=holders.values("pk")) | Q(pk=self.instance.holder_id)
                ).select_related("office")
            self.fields["holder"].queryset = holders


@admin.register(Complaint)
class ComplaintAdmin(SimpleHistoryAdmin):
    """Case handling through the statutory stages, for complaints officers only."""

    form = ComplaintAdminForm
    list_display = [
        "reference",
        "holder",
        "stage",
        "received_at",
        "acknowledge_by",
        "conclude_by",
        "targets",
    ]
    list_filter = [TargetFilter, "stage", ("holder", HolderFilter), "referred_to_iopc"]
    list_select_related = ["holder__office"]
    # The list shows no complainant's details; searching by name finds the reference.
    search_fields = ["reference", "complainant_name", "email"]
    date_hierarchy = "received_at"
    inlines = [StageChangeInline, LetterInline, ComplaintFileInline]
    fieldsets = [
        (
            "Case",
            {
                "fields": [
                    "reference",
                    "stage",
                    "holder",
                    "received_at",
                    "acknowledge_by",
                    "acknowledged_at",
                    "conclude_by",
                    "concluded_at",
                    "referred_to_iopc",
                ]
            },
        ),
        (
            "The complainant (never shared with the office holder without consent)",
            {
                "fields": [
                    "complainant_name",
                    "address_line_1",
                    "address_line_2",
                    "town",
                    "postcode",
                    "email",
                    "phone",
                    "acting_for_someone",
                    "represented_name",
                    "consent_confirmed",
                    "consent_to_share",
                ]
            },
        ),
        (
            "The complaint",
            {
                "fields": [
                    "what_happened",
                    "happened_on",
                    "made_late",
                    "late_reason",
                    "witnesses",
                    "outcome_wanted",
                    "raised_with_holder",
                ]
            },
        ),
        ("Who has looked at this record", {"fields": ["view_log"]}),
        ("Record", {"fields": ["updated_at", "anonymised_at"]}),
    ]
    readonly_fields = [
        "reference",
        "stage",
        "received_at",
        "acknowledge_by",
        "acknowledged_at",
        "conclude_by",
        "concluded_at",
        "referred_to_iopc",
        "made_late",
        "view_log",
        "updated_at",
        "anonymised_at",
    ]

    def view_on_site(self, complaint):
        return None  # never public

    def delete_model(self, request, obj):
        services.complaint_delete(obj)

    def delete_queryset(self, request, queryset):
        for complaint in queryset:
            services.complaint_delete(complaint)

    @admin.display(description="Targets")
    def targets(self, complaint):
        today = timezone.localdate()
        late = []
        if (
            complaint.acknowledged_at is None
            and complaint.acknowledge_by
            and complaint.acknowledge_by < today
            and complaint.stage not in [Complaint.Stage.WITHDRAWN, Complaint.Stage.NOT_RECORDED]
        ):
            late.append("acknowledgement overdue")
        if not complaint.is_concluded and complaint.conclude_by and complaint.conclude_by < today:
            late.append("conclusion overdue")
        if late:
            return format_html("<strong>{}</strong>", "; ".join(late).capitalize())
        return "Concluded" if complaint.is_concluded else "On time"

    @admin.display(description="Made more than 12 months after it happened", boolean=True)
    def made_late(self, complaint):
        return complaint.is_late

    @admin.display(description="Last 20 views")
    def view_log(self, complaint):
        if not complaint.pk:
            return "-"
        views = complaint.views.all()[:20]
        return (
            format_html_join(
                mark_safe("<br>"),
                "{}: {}, {}",
                (
                    (
                        f"{timezone.localtime(view.viewed_at):%-d %b %Y %H:%M}",
                        view.username,
                        view.get_what_display().lower(),
                    )
                    for view in views
                ),
            )
            or "-"
        )

    def get_urls(self):
        def view(function, route, name):
            return path(
                route, self.admin_site.admin_view(function), name=f"complaints_complaint_{name}"
            )

        return [
            view(self.move_view, "<path:object_id>/move/<str:stage>/", "move"),
            view(self.draft_view, "<path:object_id>/letters/draft/<str:kind>/", "letter_draft"),
            view(self.send_view, "<path:object_id>/letters/<int:letter_id>/send/", "letter_send"),
            view(self.anonymised_view, "<path:object_id>/anonymised/", "anonymised"),
            view(self.file_view, "<path:object_id>/files/<int:file_id>/", "file"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = self.get_object(request, unquote(object_id))
        if complaint is not None and self.has_view_or_change_permission(request, complaint):
            if request.method == "GET":
                services.log_complaint_view(complaint, request.user, ComplaintView.What.RECORD)
            extra_context = {
                **(extra_context or {}),
                "can_act": self.has_change_permission(request, complaint),
                "moves": services.allowed_moves(complaint.stage),
                "letter_kinds": Letter.Kind.choices,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        complaint = self.get_object(request, unquote(object_id))
        if complaint is not None and self.has_view_or_change_permission(request, complaint):
            services.log_complaint_view(complaint, request.user, ComplaintView.What.HISTORY)
        return super().history_view(request, object_id, extra_context)

    def complaint_for(self, request, object_id, *, change):
        if not str(object_id).isdigit():
            raise Http404
        complaints = Complaint.objects.select_related("holder__office")
        complaint = get_object_or_404(complaints, pk=object_id)
        allowed = (
            self.has_change_permission(request, complaint)
            if change
            else self.has_view_or_change_permission(request, complaint)
        )
        if not allowed:
            raise PermissionDenied
        return complaint

    def back_to(self, complaint, anchor=""):
        return redirect(reverse("admin:complaints_complaint_change", args=[complaint.pk]) + anchor)

    def action_page(self, request, complaint, title, form, submit, intro=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": complaint,
            "title": title,
            "form": form,
            "submit": submit,
            "intro": intro,
        }
        return TemplateResponse(request, "admin/complaints/complaint/action.html", context)

    def move_view(self, request, object_id, stage):
        complaint = self.complaint_for(request, object_id, change=True)
        if stage not in Complaint.Stage.values:
            self.message_user(request, "There is no such stage.", messages.ERROR)
            return self.back_to(complaint)
        to_stage = Complaint.Stage(stage)
        form = StageMoveForm(
            request.POST or None,
            needs_ground=to_stage == Complaint.Stage.DISAPPLIED,
            needs_note=to_stage == Complaint.Stage.NOT_RECORDED,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.move_complaint(
                    complaint,
                    to_stage,
                    request.user,
                    note=form.cleaned_data["note"],
                    ground=form.cleaned_data.get("ground") or None,
                )
            except services.StageMoveRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return self.back_to(complaint)
            self.message_user(
                request, f"{complaint.reference} is now: {to_stage.label}.", messages.SUCCESS
            )
            return self.back_to(complaint)
        refusal = services.move_refusal(complaint, to_stage)
        if refusal:
            # Said at once rather than after the officer has written a note.
            self.message_user(request, refusal, messages.ERROR)
            return self.back_to(complaint)
        return self.action_page(
            request,
            complaint,
            f"Move {complaint.reference} to: {to_stage.label}",
            form,
            f"Move to: {to_stage.label}",
            intro=STAGE_MOVE_HELP.get(to_stage, ""),
        )

    def draft_view(self, request, object_id, kind):
        complaint = self.complaint_for(request, object_id, change=True)
        if kind not in Letter.Kind.values:
            self.message_user(request, "There is no such letter.", messages.ERROR)
            return self.back_to(complaint)
        label = Letter.Kind(kind).label
        if request.method == "POST":
            services.letter_draft(complaint=complaint, kind=kind, by=request.user)
            self.message_user(
                request,
                f"{label} drafted below, under Letters: check and edit it, save, then send it.",
                messages.SUCCESS,
            )
            return self.back_to(complaint, "#letters-group")
        return self.action_page(
            request,
            complaint,
            f"Draft: {label}",
            None,
            "Draft it",
            intro="A draft is made from the template with this complaint's details; you edit it "
            "before it is sent.",
        )

    def send_view(self, request, object_id, letter_id):
        complaint = self.complaint_for(request, object_id, change=True)
        letter = get_object_or_404(Letter, pk=letter_id, complaint=complaint)
        form = LetterSendForm(request.POST or None, can_email=bool(complaint.email))
        if request.method == "POST" and form.is_valid():
            try:
                services.letter_send(letter=letter, how=form.cleaned_data["how"], by=request.user)
            except services.LetterRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return self.back_to(complaint, "#letters-group")
            how = form.cleaned_data["how"]
            self.message_user(
                request,
                f"{letter.get_kind_display()} recorded as sent "
                + ("and emailed to the complainant." if how == "email" else "by post."),
                messages.SUCCESS,
            )
            return self.back_to(complaint, "#letters-group")
        intro = ""
        if letter.kind == Letter.Kind.OUTCOME:
            intro = "The record of outcome goes to both sides: send the office holder their copy "
            intro += (
                "too."
                if complaint.consent_to_share
                else (
                    "too, without the complainant's details (they did not consent to sharing them)."
                )
            )
        return self.letter_page(request, complaint, letter, form, intro)

    def letter_page(self, request, complaint, letter, form, intro):
        response = self.action_page(
            request, complaint, f"Send: {letter.get_kind_display()}", form, "Record as sent", intro
        )
        response.context_data["letter"] = letter
        return response

    def anonymised_view(self, request, object_id):
        complaint = self.complaint_for(request, object_id, change=False)
        services.log_complaint_view(complaint, request.user, ComplaintView.What.ANONYMISED)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": complaint,
            "title": f"Anonymised copy of {complaint.reference}",
            "what_happened": complaint.anonymised_text(complaint.what_happened),
            "outcome_wanted": complaint.anonymised_text(complaint.outcome_wanted),
            "late_reason": complaint.anonymised_text(complaint.late_reason),
        }
        return TemplateResponse(request, "admin/complaints/complaint/anonymised.html", context)

    def file_view(self, request, object_id, file_id):
        complaint = self.complaint_for(request, object_id, change=False)
        if not request.user.has_perm("complaints.view_complaintfile"):
            raise PermissionDenied
        record = get_object_or_404(ComplaintFile, pk=file_id, complaint=complaint)
        try:
            handle = record.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing from the storage.") from None
        services.log_complaint_view(complaint, request.user, ComplaintView.What.FILE)
        extension = EVIDENCE_TYPES[record.file_type]["extensions"][0]
        # Always a download, under a name that says nothing about the complainant.
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{complaint.reference}-{record.kind}-{record.pk}.{extension}",
            content_type=record.mime_type,
        )
        response["Cache-Control"] = "no-store"
        return response


STAGE_MOVE_HELP = {
    Complaint.Stage.RECORDED: "Record the complaint: it is about the conduct of the office "
    "holder or deputy. Then draft and send the acknowledgement if it has not gone.",
    Complaint.Stage.NOT_RECORDED: "Give the reason: the complainant must be told it, in the "
    "notice that the complaint is not recorded (draft it afterwards).",
    Complaint.Stage.REFERRED: "A serious complaint (an alleged criminal offence) or a conduct "
    "matter goes to the IOPC. Send the complainant the notice of referral.",
    Complaint.Stage.RETURNED: "The IOPC has sent the complaint back for the panel to deal with.",
    Complaint.Stage.DISAPPLIED: "Take no action, on one of the regulation 15 grounds.",
    Complaint.Stage.INFORMAL: "Resolve the complaint informally; the record of outcome ends it.",
    Complaint.Stage.OUTCOME_SENT: "Only once the record of outcome has been sent.",
    Complaint.Stage.CLOSED: "Close the case.",
    Complaint.Stage.WITHDRAWN: "The complainant has withdrawn the complaint.",
}


class LetterSendForm(forms.Form):
    how = forms.ChoiceField(label="How was it sent", widget=forms.RadioSelect)

    def __init__(self, *args, can_email, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(Letter.SentHow.POST, "I have posted it (or will today)")]
        if can_email:
            choices.insert(0, (Letter.SentHow.EMAIL, "Email it to the complainant now"))
        self.fields["how"].choices = choices


@admin.register(ComplaintView)
class ComplaintViewAdmin(admin.ModelAdmin):
    """The log of who looked at which complaint: read only, for complaints officers."""

    list_display = ["viewed_at", "complaint", "username", "what"]
    list_filter = ["what"]
    list_select_related = ["complaint"]
    search_fields = ["complaint__reference", "username"]
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
