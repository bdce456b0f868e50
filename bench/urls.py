"""The site's URLs, plus a hello page: a tiny response through all the site's middleware, the
yardstick bench/load_bench.py measures the real pages against."""

from django.http import HttpResponse
from django.urls import path

from panel_site.urls import handler400, handler403, handler404
from panel_site.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("bench/hello/", hello), *site_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "urlpatterns"]
