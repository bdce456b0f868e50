"""The site's URLs plus views that fail on purpose, so that every error page can be opened."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from panel_site.urls import handler400, handler403, handler404, urlpatterns  # noqa: F401


def fail_with(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    path("test-errors/400/", fail_with(SuspiciousOperation("test"))),
    path("test-errors/403/", fail_with(PermissionDenied())),
    # Opened with GET: the bare 405 of require_POST, styled by the middleware.
    path("test-errors/405/", require_POST(lambda request: HttpResponse())),
    path("test-errors/413/", fail_with(RequestDataTooBig("test"))),
    path("test-errors/500/", fail_with(RuntimeError("test"))),
    *urlpatterns,
]
