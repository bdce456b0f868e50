"""Lists come a page at a time, in an envelope that says how many records there are in all and
links to the pages either side, with the licence the data is published under."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.http import urlencode
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from opendata.filters import LARGEST_ID, MAX_ID_DIGITS, BadParameter

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


def page_number(params, name, default):
    value = params.get(name, str(default))
    # A length cap first: Python refuses to read an integer of thousands of digits.
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_ID_DIGITS or int(value) < 1:
        raise BadParameter(f"{name} must be a whole number from 1, e.g. {name}={default}.")
    return int(value)


class NumberedPages(BasePagination):
    """?page=2&page_size=20: Django's paginator, with the parameters read strictly."""

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        number = page_number(params, "page", 1)
        size = min(page_number(params, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
        paginator = Paginator(queryset, size)
        if number > paginator.num_pages:
            raise NotFound(f"There is no page {number}: the last page is {paginator.num_pages}.")
        self.request = request
        self.page = paginator.page(number)
        return list(self.page.object_list)

    def link(self, number):
        query = {**self.request.query_params.dict(), "page": number}
        return settings.SITE_URL + self.request.path + "?" + urlencode(query)

    def get_paginated_response(self, data):
        page = self.page
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "page_size": page.paginator.per_page,
                "num_pages": page.paginator.num_pages,
                "next": self.link(page.number + 1) if page.has_next() else None,
                "previous": self.link(page.number - 1) if page.has_previous() else None,
                "licence": LICENCE,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": [
                "count",
                "page",
                "page_size",
                "num_pages",
                "next",
                "previous",
                "licence",
                "results",
            ],
            "properties": {
                "count": {"type": "integer"},
                "page": {"type": "integer"},
                "page_size": {"type": "integer"},
                "num_pages": {"type": "integer"},
                "next": link,
                "previous": link,
                "licence": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "The page, from 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Records per page: {DEFAULT_PAGE_SIZE} unless given, at most "
                f"{MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
            },
        ]
