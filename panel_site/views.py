from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from meetings.models import Meeting, Minute
from plans.models import Plan


class HomeView(TemplateView):
    template_name = "panel_site/home.html"

    def get_context_data(self, **kwargs):
        plan = Plan.objects.published().current().prefetch_related("priorities").first()
        next_meeting = Meeting.objects.published().upcoming().select_related("committee").first()
        latest_minutes = (
            Meeting.objects.published()
            .filter(items__minute__in=Minute.objects.published())
            .select_related("committee")
            .distinct()
            .order_by("-start")[:3]
        )
        return super().get_context_data(
            current_plan=plan,
            next_meeting=next_meeting,
            latest_minutes=latest_minutes,
            **kwargs,
        )


class SearchView(TemplateView):
    """Search across what the panel publishes. Each app adds its content as its issue lands."""

    template_name = "panel_site/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        return super().get_context_data(query=query, results=[], **kwargs)


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; send them to the hashed file.
    return redirect(static("images/favicon.svg"), permanent=True)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@never_cache
def csrf_failure(request, reason=""):
    # The reason is for developers; residents get a plain explanation and a way back.
    return render(request, "403_csrf.html", status=403)
