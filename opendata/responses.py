"""What every open-data answer has: CORS, JSON whatever the Accept header, and one error shape.

Apart from the views because DRF's settings name these, and import them while the views'
classes are being made.
"""

from django.http import Http404, JsonResponse
from rest_framework.exceptions import APIException, NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response


def open_data_response(response):
    # Public open data: any website may fetch it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status, message):
    """An error in open data's JSON shape, for answers made outside a view (the 405s)."""
    body = {"status": status, "error": message}
    return open_data_response(
        JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    )


def error_response(exception, context):
    """DRF's exception handler: every error is {"status": ..., "error": "..."}."""
    if isinstance(exception, Http404):
        exception = NotFound()
    if not isinstance(exception, APIException):
        return None
    status = exception.status_code
    return Response({"status": status, "error": str(exception.detail)}, status=status)


class JsonWhateverIsAccepted(BaseContentNegotiation):
    """Open data answers JSON whatever the Accept header asks (the CSV files have their own
    addresses), as a plain view would, rather than 406 Not Acceptable."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
