from django.core.exceptions import RequestDataTooBig
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from meetings.models import Meeting, Minute, Paper
from opendata.responses import error as open_data_error
from plans.models import Plan

LATEST_PAPERS = 5


class HomeView(TemplateView):
    template_name = "panel_site/home.html"

    def get_context_data(self, **kwargs):
        plan = Plan.objects.published().current().prefetch_related("priorities").first()
        next_meeting = Meeting.objects.published().upcoming().select_related("committee").first()
        latest_minutes = (
            Meeting.objects.published()
            # EXISTS, not a join with DISTINCT: the newest meetings are read from the start index
            # until three have minutes, where the join read all 150,000 minutes at scale.
            .filter(Exists(Minute.objects.published().filter(agenda_item__meeting=OuterRef("pk"))))
            .select_related("committee")
            .order_by("-start")[:3]
        )
        # The papers of the newest meetings that have any, found as the minutes are: a sort of
        # every public paper by its meeting's date would read them all.
        meetings_with_papers = (
            Meeting.objects.published()
            .filter(Exists(Paper.objects.published().filter(agenda_item__meeting=OuterRef("pk"))))
            .order_by("-start")
            .values("pk")[:LATEST_PAPERS]
        )
        latest_papers = (
            Paper.objects.published()
            .filter(agenda_item__meeting__in=meetings_with_papers)
            .select_related("agenda_item__meeting__committee")
            .order_by(
                "-agenda_item__meeting__start",
                "agenda_item__order",
                "agenda_item__number",
                "order",
                "pk",
            )[:LATEST_PAPERS]
        )
        return super().get_context_data(
            current_plan=plan,
            next_meeting=next_meeting,
            latest_papers=latest_papers,
            latest_minutes=latest_minutes,
            **kwargs,
        )


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; send them to the hashed file.
    return redirect(static("images/favicon.svg"), permanent=True)


# An error page is no page's canonical address, and must not echo a mistyped or hostile one.
ERROR_CONTEXT = {"canonical_url": None}


def bad_request(request, exception):
    # Django answers a body over DATA_UPLOAD_MAX_MEMORY_SIZE with a 400: it is a 413 to the reader.
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return render(request, "400.html", ERROR_CONTEXT, status=400)


def method_not_allowed(request, allowed):
    """The styled 405, or open data's own JSON error; Allow names the methods the page takes."""
    match = request.resolver_match
    if match and match.namespace == "api":
        response = open_data_error(405, f"This address answers {', '.join(allowed)} only.")
    else:
        response = render(request, "405.html", ERROR_CONTEXT, status=405)
    response["Allow"] = ", ".join(allowed)
    return response


def request_too_large(request):
    return render(request, "413.html", ERROR_CONTEXT, status=413)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", ERROR_CONTEXT, status=404)


@never_cache
def csrf_failure(request, reason=""):
    # The reason is for developers; residents get a plain explanation and a way back.
    return render(request, "403_csrf.html", status=403)
