import datetime

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from complaints import ratelimit, services
from complaints.forms import QuestionForm
from complaints.models import Question, meetings_open_for_questions

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
    response["Retry-After"] = str(max(1, int((retry_at - timezone.now()).total_seconds())))
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
