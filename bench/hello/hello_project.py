"""A bare Django hello-world, the yardstick for bench/load_bench.py: one view, no database, no
middleware. It lives in its own folder so that `make bench` (which runs bench/*.py) leaves it be.

    gunicorn --chdir bench/hello --workers 5 hello_project:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-hello-world",  # noqa: S106 - serves one static string on loopback
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
