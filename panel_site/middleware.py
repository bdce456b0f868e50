from urllib.parse import unquote

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import DatabaseError, connection
from django.http import HttpResponse

from panel_site import views


class HealthCheckMiddleware:
    """Answers /healthz before host checks and HTTPS redirects: probes reach it on any address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses (Django has no setting for this header)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    The strict policy everywhere, except that the back office may use inline styles: Django's admin
    sets a few `style` attributes of its own. Scripts stay strict on every page.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        if match and match.namespace == "admin":
            parts.update = {**(parts.update or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts


class RequestLimitsMiddleware:
    """
    Refuses, before anything reads it, a request no page of the site can use: a body larger than
    the largest form with all its files (413, judged from Content-Length so that nothing is read or
    stored; Django's own limits count form fields and files, never the size of files), or a NUL
    byte in the address (400: never in a real link, and PostgreSQL refuses to compare one).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return views.request_too_large(request)
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            raise BadRequest("A NUL byte in the address.")
        return self.get_response(request)


class MethodNotAllowedMiddleware:
    """
    A method the page does not take gets the styled 405 page, with an Allow header naming the ones
    it does. Checked before the CSRF check, which would otherwise answer a PUT or a DELETE as a
    form sent from another site. Class-based views say which methods they take; every other view
    only reads (one that takes a form checks the method itself). The back office answers for
    itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A bare HttpResponseNotAllowed, from require_POST and the like: the same answer, styled.
        if response.status_code == 405 and not response.streaming and not response.content:
            return views.method_not_allowed(request, response["Allow"].split(", "))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.namespace == "admin":
            return None
        view_class = getattr(view_func, "view_class", None)
        if view_class is None:
            allowed = ["GET", "HEAD"]
            if request.method == "POST":
                return None
        else:
            allowed = [
                name.upper() for name in view_class.http_method_names if hasattr(view_class, name)
            ]
            # View.setup() answers HEAD with get() when the class has no head().
            if "GET" in allowed and "HEAD" not in allowed:
                allowed.insert(allowed.index("GET") + 1, "HEAD")
        if request.method in allowed:
            return None
        return views.method_not_allowed(request, allowed)
