from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from complaints import services
from complaints.forms import QuestionAnswerForm, QuestionRejectForm
from complaints.models import OutgoingEmail, Question

# Who may read which emails in the outbox: each officer only the emails of their own work.
OUTBOX_TOPIC_PERMISSIONS = {OutgoingEmail.Topic.QUESTION: "complaints.view_question"}


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
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
    list_filter = ["status", "meeting", "in_south_yorkshire", "answer_published", "addressed_to"]
    list_select_related = ["meeting__committee"]
    search_fields = ["reference", "text"]
    date_hierarchy = "submitted_at"
    actions = ["accept", "reject"]
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
            self.message_user(request, f"{question.reference} accepted.", messages.SUCCESS)
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
            services.question_answer(question=question, **form.cleaned_data)
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
        message = f"{accepted} accepted."
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
