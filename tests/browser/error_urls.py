"""The site's URLs plus views that fail on purpose, so that every error page can be opened."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from panel_site.urls import handler400, handler403, handler404, urlpatterns  # noqa: F401


def fail_with(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    path("test-errors/400/", fail_with(SuspiciousOperation("test"))),
    path("test-errors/403/", fail_with(PermissionDenied())),
    path("test-errors/500/", fail_with(RuntimeError("test"))),
    *urlpatterns,
]
