import datetime
import time

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from complaints import ratelimit, services
from complaints.forms import ComplaintForm, ComplaintTriageForm, QuestionForm
from complaints.models import (
    STATISTICS_SMALLEST_SHOWN,
    Complaint,
    Question,
    meetings_open_for_questions,
)

SUBMITTED_KEY = "question_submitted"


class QuestionListView(ListView):
    """How to ask, the rules, the meetings open for questions, and published answers."""

    template_name = "complaints/questions.html"
    context_object_name = "questions"
    paginate_by = 20

    def get_queryset(self):
        return (
            Question.objects.published()
            .select_related("meeting__committee")
            .order_by("-meeting__start", "submitted_at", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(open_meetings=meetings_open_for_questions(), **kwargs)


def too_many_requests(request, limit):
    retry_at = timezone.localtime(datetime.datetime.fromtimestamp(limit.retry_at, tz=datetime.UTC))
    context = {"retry_at": retry_at, "retry_today": retry_at.date() == timezone.localdate()}
    response = render(request, "429.html", context, status=429)
    # On the limiter's own clock, seconds since the epoch.
    response["Retry-After"] = str(max(1, round(limit.retry_at - time.time())))
    return response


@method_decorator(never_cache, name="dispatch")
class AskQuestionView(View):
    """The question form, then (if any) similar questions answered lately, then the service.

    The answers travel between the two steps as hidden fields of a POST, and are checked again
    when sent: nothing the asker wrote goes into a URL.
    """

    def get(self, request):
        return self.form_page(QuestionForm())

    def post(self, request):
        form = QuestionForm(request.POST)
        action = request.POST.get("action", "")
        if form.is_spam:
            # Never stored; a person who filled in the hidden field is told what to do.
            limit = ratelimit.hit(request, "questions")
            if not limit.allowed:
                return too_many_requests(request, limit)
            return render(request, "complaints/question_refused.html", status=400)
        if action == "change" or not form.is_valid():
            return self.form_page(form)
        if action != "send":
            similar = Question.objects.similar_to(form.cleaned_data["text"])
            if similar:
                return render(
                    request, "complaints/question_similar.html", {"form": form, "similar": similar}
                )
        limit = ratelimit.hit(request, "questions")
        if not limit.allowed:
            return too_many_requests(request, limit)
        question = services.question_submit(**form.submission())
        request.session[SUBMITTED_KEY] = question.pk
        return redirect("complaints:question-submitted")

    def form_page(self, form):
        return render(self.request, "complaints/ask.html", {"form": form})


@never_cache
def question_submitted(request):
    """The confirmation, for the browser that sent the question (the session says which)."""
    pk = request.session.get(SUBMITTED_KEY)
    question = (
        Question.objects.select_related("meeting__committee").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if question is None:
        return redirect("complaints:question-ask")
    return render(request, "complaints/question_submitted.html", {"question": question})


@never_cache
def question_status(request, token):
    """The asker's own page, found by the secret in its address: no login needed."""
    question = get_object_or_404(
        Question.objects.select_related("meeting__committee"), status_token=token
    )
    response = render(request, "complaints/question_status.html", {"question": question})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Complaints about the office holder ----------------------------------------------------------

COMPLAINT_SUBMITTED_KEY = "complaint_submitted"

# The triage: two questions, each answer leading to the next question, the form or the body that
# can deal with it. (value, label, hint, where it leads)
TRIAGE = {
    "who": {
        "legend": "Who do you want to complain about?",
        "error": "Choose who you want to complain about",
        "options": [
            (
                "office_holder",
                "The Mayor or the Deputy Mayor for Policing and Crime",
                "In their role overseeing policing and crime in South Yorkshire.",
                "complaints:triage-what",
            ),
            (
                "police",
                "A police officer or member of police staff",
                "Including police community support officers and call handlers.",
                "police-officer",
            ),
            ("chief_constable", "The Chief Constable", "", "chief-constable"),
            ("councillor", "A councillor", "Including a councillor on the panel.", "councillor"),
            ("crime", "I want to report a crime", "", "crime"),
            ("other", "Someone or something else", "", "other"),
        ],
    },
    "what": {
        "legend": "What is your complaint about?",
        "error": "Choose what your complaint is about",
        "options": [
            (
                "conduct",
                "Something they did or said, or how they behaved",
                "For example, how they treated you, or something they said in public.",
                "complaints:complaint-make",
            ),
            (
                "offence",
                "Something they did that you think is a crime",
                "",
                "serious",
            ),
            (
                "decision",
                "A decision or policy you disagree with",
                "For example, the police and crime plan, the budget or the police part of "
                "council tax.",
                "decision",
            ),
            (
                "police",
                "How the police dealt with something",
                "For example, a crime you reported.",
                "police-officer",
            ),
        ],
    },
}
TRIAGE_RESULTS = {
    "police-officer": "Complaints about the police",
    "chief-constable": "Complaints about the Chief Constable",
    "councillor": "Complaints about a councillor",
    "crime": "Report a crime",
    "decision": "Disagreeing with a decision or policy",
    "serious": "A complaint that they committed a crime",
    "other": "Other complaints",
}


class ComplaintTriageView(View):
    """One triage question: radios, then a redirect to where the answer leads. A POST, so the
    answers never sit in an address bar or a log."""

    step = "who"

    def get(self, request):
        return self.page(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.page(form)
        for value, _label, _hint, target in TRIAGE[self.step]["options"]:
            if value == form.cleaned_data["answer"]:
                if target.startswith("complaints:"):
                    return redirect(target)
                return redirect("complaints:triage-result", slug=target)
        raise Http404  # not reached: the form accepts only the values above

    def form(self, data=None):
        spec = TRIAGE[self.step]
        return ComplaintTriageForm(
            data,
            legend=spec["legend"],
            error=spec["error"],
            options=[(value, label, hint) for value, label, hint, _ in spec["options"]],
        )

    def page(self, form):
        back = "complaints:complaints" if self.step == "who" else "complaints:triage-who"
        return render(
            self.request, "complaints/triage.html", {"form": form, "step": self.step, "back": back}
        )


def triage_result(request, slug):
    """Where to go with a complaint the panel cannot deal with (or a serious one it can)."""
    if slug not in TRIAGE_RESULTS:
        raise Http404
    return render(
        request,
        f"complaints/triage/{slug.replace('-', '_')}.html",
        {"title": TRIAGE_RESULTS[slug]},
    )


@method_decorator(never_cache, name="dispatch")
class MakeComplaintView(View):
    """The complaint form, then the service; its pages are never stored by a browser or a cache
    (`never_cache` sends no-store)."""

    def get(self, request):
        return self.form_page(ComplaintForm())

    def post(self, request):
        form = ComplaintForm(request.POST, request.FILES)
        if form.is_spam:
            # Never stored; a person who filled in the hidden field is told what to do.
            limit = ratelimit.hit(request, "complaints")
            if not limit.allowed:
                return too_many_requests(request, limit)
            return render(request, "complaints/complaint_refused.html", status=400)
        if not form.is_valid():
            return self.form_page(form)
        limit = ratelimit.hit(request, "complaints")
        if not limit.allowed:
            return too_many_requests(request, limit)
        complaint = services.complaint_submit(**form.submission())
        request.session[COMPLAINT_SUBMITTED_KEY] = complaint.pk
        return redirect("complaints:complaint-submitted")

    def form_page(self, form):
        files_lost = bool(self.request.FILES) and form.is_bound
        return render(
            self.request, "complaints/make.html", {"form": form, "files_lost": files_lost}
        )


@never_cache
def complaint_submitted(request):
    """The confirmation, for the browser that sent the complaint (the session says which)."""
    pk = request.session.get(COMPLAINT_SUBMITTED_KEY)
    complaint = (
        Complaint.objects.select_related("holder").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if complaint is None:
        return redirect("complaints:complaint-make")
    return render(request, "complaints/complaint_submitted.html", {"complaint": complaint})


def complaint_statistics(request):
    """Complaints received and their outcomes by year: counts only, small ones withheld."""
    return render(
        request,
        "complaints/statistics.html",
        {"years": Complaint.objects.statistics(), "smallest": STATISTICS_SMALLEST_SHOWN},
    )
