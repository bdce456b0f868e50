import logging
import sys
from urllib.parse import unquote

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import BadRequest
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from changes.jobs import queue_health
from panel_site import views


class HealthCheckMiddleware:
    """Answers /healthz before host checks and HTTPS redirects: probes reach it on any address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            queue = queue_health()
        except DatabaseError:
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        else:
            # The web site is up whatever the queue's state (a stuck worker costs freshness, not
            # pages); the figures are for whoever watches it (docs/operations.md, "Jobs").
            response = HttpResponse(
                "ok\n"
                f"jobs waiting: {queue['waiting']}\n"
                f"oldest waiting job: {queue['oldest_waiting_seconds']} s\n"
                f"failed jobs: {queue['failed']}\n",
                content_type="text/plain",
            )
        response["Cache-Control"] = "no-store"
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """
    Django's, except that a session that cannot be saved because the database has just gone
    away gets the styled 503 (DatabaseUnavailableMiddleware's), not the 400 "bad request" page
    Django gives an interrupted session: seen at the instant PostgreSQL was stopped under load.
    """

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionInterrupted as interrupted:
            error = interrupted.__context__  # Django's UpdateError, raised for a DatabaseError
            while error is not None and not isinstance(error, (OperationalError, InterfaceError)):
                error = error.__context__
            if error is None:
                raise
            DatabaseUnavailableMiddleware.log(request, error)
            return DatabaseUnavailableMiddleware.unavailable()


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


class NulCookieMiddleware:
    """
    Takes a cookie whose value holds a NUL character as no cookie at all. Browsers never send one,
    but a script can (`sessionid="\\000..."` is read as NULs): the session key would reach the
    database on every page, since the session is saved on the way out, and PostgreSQL refuses a
    NUL in a query, a 500 everywhere. Before sessions, which read the cookie on the way in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if "\x00" in value:
                del request.COOKIES[name]
        return self.get_response(request)


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
            # A function view that takes a form checks the method itself, so a POST goes on to
            # it; open data never takes one, and is answered here, in JSON: after this, the CSRF
            # check would answer a POST without a token with its HTML page.
            if request.method == "POST" and request.resolver_match.namespace != "api":
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


class DatabaseUnavailableMiddleware:
    """
    While the database is down (or restarting) a page gets the styled 503 with Retry-After, not
    the 500 page: the visitor learns to try again in a minute, and a form sent meanwhile is not
    taken for sent. Only lost connections count: OperationalError and InterfaceError. A bad
    query (ProgrammingError, IntegrityError...) is a bug and stays a 500.

    No restart is needed afterwards: with conn_health_checks each request checks its persistent
    connection and opens a new one when the old one is dead.
    """

    logger = logging.getLogger("panel_site.database")

    def __init__(self, get_response):
        self.get_response = get_response
        # A failure in a middleware (saving the session on the way out, say) never reaches
        # process_exception: Django turns it into its 500 at once. Its signal still marks it.
        got_request_exception.connect(
            self.mark_request, weak=False, dispatch_uid="database_unavailable"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "database_unavailable", False):
            return self.unavailable()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        self.log(request, exception)
        return self.unavailable()

    @classmethod
    def mark_request(cls, sender, request=None, **kwargs):
        exception = sys.exc_info()[1]
        if request is not None and isinstance(exception, (OperationalError, InterfaceError)):
            cls.log(request, exception)

    @classmethod
    def log(cls, request, exception):
        # Once a request, and only the kind of error and the view: the address may hold a status
        # link's secret, and the error's text may quote the query.
        if getattr(request, "database_unavailable", False):
            return
        request.database_unavailable = True
        # The session is in the database too: saving it on the way out would fail again, and
        # Django would log that second failure with the address. The visitor keeps the cookie.
        request.__dict__.pop("session", None)
        match = getattr(request, "resolver_match", None)
        cls.logger.error(
            "Database unavailable (%s): answered %s %s with 503",
            type(exception).__name__,
            request.method,
            match.view_name if match else "-",
        )

    @staticmethod
    def unavailable():
        # Rendered with no request, so that no context processor runs (the messages and the
        # user would read the session from the database), as Django renders its 500 page.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        # Logged above already: Django would log it again, with the address.
        response._has_been_logged = True
        return response
