"""The open data's views: each list and record, the CSV files, the OpenAPI description and the
/api/ page that documents them.

Each list starts from the apps' own published() querysets: never drafts, never the papers,
minutes or resolutions of an exempt item, never questions or complaints. Each loads what its
serializer reads in a fixed number of queries, however many records there are.
"""

import csv
import functools
import re

from django.conf import settings
from django.db.models import Prefetch
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from changes.models import Change
from meetings.models import (
    Action,
    ActionResponse,
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    Council,
    Meeting,
    Member,
    Membership,
    Minute,
    Paper,
    Resolution,
)
from opendata import filters, serializers
from opendata.pagination import DEFAULT_PAGE_SIZE, LICENCE, MAX_PAGE_SIZE, NumberedPages
from opendata.responses import error, open_data_response
from plans.models import Commitment, Measure, MeasureReading, Outcome, Plan, Priority


class OpenDataMixin:
    """Read-only, public, the same for everyone: no sign-in, no forms, no throttling."""

    http_method_names = ["get", "head"]
    authentication_classes = []
    permission_classes = []
    filter_backends = [filters.OpenDataFilterBackend]

    @property
    def default_response_headers(self):
        # No Allow header on every answer, as before DRF: the 405s name the methods.
        return {}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return open_data_response(response)


# The lists and their records -------------------------------------------------------------------


class OpenDataViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """/api/<list>/ gives a page of the list, /api/<list>/<id>/ one record of it."""

    title = ""
    about = ""
    pagination_class = NumberedPages
    filterset_class = None
    # Any id is looked up, and answered with a 404 in JSON if it is no public record.
    lookup_value_regex = "[^/]+"

    def find(self, raw_id):
        """The public record of this id, or None."""
        if not filters.is_record_id(raw_id):
            return None
        return self.get_queryset().filter(pk=int(raw_id)).first()

    def get_object(self):
        raw_id = self.kwargs["pk"]
        record = self.find(raw_id)
        if record is None:
            raise NotFound(f"There is no public record {raw_id!r} in {self.basename}.")
        return record


def documented(viewset):
    """The list's title and description, and its error answers, in the OpenAPI description."""
    title = viewset.title
    serializer = viewset.serializer_class
    problem = serializers.ErrorSerializer
    return extend_schema_view(
        list=extend_schema(
            summary=title,
            description=viewset.about,
            responses={200: serializer, 400: problem, 404: problem},
        ),
        retrieve=extend_schema(
            summary=f"One of the {title.lower()}", responses={200: serializer, 404: problem}
        ),
    )(viewset)


@documented
class MeetingViewSet(OpenDataViewSet):
    title = "Meetings"
    about = "Published meetings of the panel and its committees, newest first."
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter

    def get_queryset(self):
        return (
            Meeting.objects.published()
            .select_related("committee")
            .prefetch_related(
                Prefetch(
                    "items", queryset=AgendaItem.objects.published().order_by("order", "number")
                )
            )
            .order_by("-start", "pk")
        )


@documented
class AgendaItemViewSet(OpenDataViewSet):
    title = "Agenda items"
    about = (
        "The items on published meetings' agendas. An item taken in private (exempt) is listed "
        "with its Schedule 12A paragraph and reason only."
    )
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter

    def get_queryset(self):
        papers = Paper.objects.published().order_by("order", "pk")
        return (
            AgendaItem.objects.published()
            .select_related("meeting")
            .prefetch_related(
                Prefetch("papers", queryset=papers, to_attr="public_papers"),
                Prefetch("minute", queryset=Minute.objects.published(), to_attr="public_minute"),
                Prefetch(
                    "priorities", queryset=Priority.objects.published().order_by("order", "pk")
                ),
            )
            .order_by("-meeting__start", "meeting_id", "order", "number")
        )


@documented
class PaperViewSet(OpenDataViewSet):
    title = "Papers"
    about = (
        "Reports and other papers published for agenda items, with their attachments. The "
        "report itself is on its agenda item's page, as HTML."
    )
    serializer_class = serializers.PaperSerializer
    filterset_class = filters.PaperFilter

    def get_queryset(self):
        return (
            Paper.objects.published()
            .select_related("agenda_item__meeting")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.published()))
            .order_by(
                "-agenda_item__meeting__start",
                "agenda_item__meeting_id",
                "agenda_item__order",
                "agenda_item__number",
                "order",
                "pk",
            )
        )


@documented
class PersonViewSet(OpenDataViewSet):
    title = "Persons"
    about = (
        "Members of the panel, past and present, in Popolo's Person format, with what their "
        "pages on this website show."
    )
    serializer_class = serializers.PersonSerializer

    def get_queryset(self):
        memberships = (
            Membership.objects.published().select_related("member").order_by("-start", "pk")
        )
        return (
            Member.objects.published()
            .select_related("council")
            .prefetch_related(Prefetch("memberships", queryset=memberships))
            .order_by("name", "pk")
        )


@documented
@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter("id", str, OpenApiParameter.PATH, description='e.g. "committee-1".')
        ]
    )
)
class OrganizationViewSet(OpenDataViewSet):
    title = "Organizations"
    about = (
        "The panel and its committees, and the councils that appoint members, in Popolo's "
        "Organization format."
    )
    serializer_class = serializers.OrganizationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # drf-spectacular reads the model from this while describing the list.
            return Committee.objects.none()
        return [*Committee.objects.order_by("name", "pk"), *Council.objects.order_by("order", "pk")]

    def find(self, raw_id):
        kind, _, number = raw_id.partition("-")
        if kind not in ("committee", "council") or not filters.is_record_id(number):
            return None
        model = Committee if kind == "committee" else Council
        return model.objects.filter(pk=int(number)).first()


@documented
class MembershipViewSet(OpenDataViewSet):
    title = "Memberships"
    about = (
        "Who sits, or sat, on which committee, in which role and when, in Popolo's Membership "
        "format."
    )
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter

    def get_queryset(self):
        return Membership.objects.published().select_related("member").order_by("pk")


def public_attendance():
    return (
        Attendance.objects.published()
        .select_related("meeting", "member__council")
        .order_by("-meeting__start", "meeting_id", "member__name", "pk")
    )


@documented
class AttendanceViewSet(OpenDataViewSet):
    title = "Attendance"
    about = "Who attended each published meeting, sent apologies or was absent."
    serializer_class = serializers.AttendanceSerializer
    filterset_class = filters.AttendanceFilter

    def get_queryset(self):
        return public_attendance()


@documented
class ResolutionViewSet(OpenDataViewSet):
    title = "Resolutions"
    about = "What the panel resolved, from published minutes."
    serializer_class = serializers.ResolutionSerializer
    filterset_class = filters.ResolutionFilter

    def get_queryset(self):
        return (
            Resolution.objects.published()
            .select_related("minute__agenda_item__meeting")
            .order_by(
                "-minute__agenda_item__meeting__start",
                "minute__agenda_item__meeting_id",
                "minute__agenda_item__order",
                "minute__agenda_item__number",
                "number",
                "pk",
            )
        )


@documented
class ActionViewSet(OpenDataViewSet):
    title = "Action log"
    about = (
        "What the panel resolved or recommended, and inspections' recommendations, followed up "
        "until done."
    )
    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter

    def get_queryset(self):
        return (
            Action.objects.published()
            .select_related("agenda_item__meeting", "resolution__minute")
            .prefetch_related(
                Prefetch(
                    "priorities", queryset=Priority.objects.published().order_by("order", "pk")
                ),
                Prefetch("responses", queryset=ActionResponse.objects.published()),
            )
            .order_by("pk")
        )


@documented
class PlanViewSet(OpenDataViewSet):
    title = "Police and Crime Plans"
    about = "The current Police and Crime Plan and earlier versions. Drafts are never included."
    serializer_class = serializers.PlanSerializer

    def get_queryset(self):
        priorities = Priority.objects.published().order_by("order", "pk")
        return (
            Plan.objects.published()
            .select_related("office_holder__office", "refreshes")
            .prefetch_related(Prefetch("priorities", queryset=priorities))
            .order_by("-published_on", "pk")
        )


@documented
class PriorityViewSet(OpenDataViewSet):
    title = "Plan priorities"
    about = "The priorities of published plans, with their outcomes, commitments and measures."
    serializer_class = serializers.PrioritySerializer
    filterset_class = filters.PriorityFilter

    def get_queryset(self):
        return (
            Priority.objects.published()
            .select_related("plan")
            .prefetch_related(
                Prefetch("outcomes", queryset=Outcome.objects.published()),
                Prefetch(
                    "commitments", queryset=Commitment.objects.published().order_by("order", "pk")
                ),
                Prefetch("measures", queryset=Measure.objects.published().order_by("name", "pk")),
            )
            .order_by("-plan__published_on", "plan_id", "order", "pk")
        )


def public_measures():
    return Measure.objects.published().select_related("priority__plan").order_by("name", "pk")


@documented
class MeasureViewSet(OpenDataViewSet):
    title = "Measures"
    about = "What is measured to show progress on the plan's priorities."
    serializer_class = serializers.MeasureSerializer
    filterset_class = filters.MeasureFilter

    def get_queryset(self):
        return public_measures()


def public_readings():
    return (
        MeasureReading.objects.published()
        .select_related("measure__priority__plan")
        .order_by("measure__name", "measure_id", "period_end", "area", "pk")
    )


@documented
class ReadingViewSet(OpenDataViewSet):
    title = "Measure readings"
    about = "The value of each measure for each period and area."
    serializer_class = serializers.ReadingSerializer
    filterset_class = filters.ReadingFilter

    def get_queryset(self):
        return public_readings()


# In the order the /api/ page documents them; each is /api/<name>/.
LISTS = {
    "meetings": MeetingViewSet,
    "agenda-items": AgendaItemViewSet,
    "papers": PaperViewSet,
    "persons": PersonViewSet,
    "organizations": OrganizationViewSet,
    "memberships": MembershipViewSet,
    "attendance": AttendanceViewSet,
    "resolutions": ResolutionViewSet,
    "actions": ActionViewSet,
    "plans": PlanViewSet,
    "priorities": PriorityViewSet,
    "measures": MeasureViewSet,
    "readings": ReadingViewSet,
}


@require_safe
def no_such_list(request, name, pk=None):
    return error(
        404, f"There is no list called {name!r}: see {settings.SITE_URL}{reverse('open-data')}."
    )


# The CSV files -----------------------------------------------------------------------------

# Rows read from the database at a time, and written to the client at a time, by the CSV files.
CSV_CHUNK_SIZE = 2000


class Echo:
    """A file for csv.writer that hands back each line instead of keeping it."""

    def write(self, value):
        return value


def csv_lines(serializer, rows, columns):
    """The CSV file in pieces of CSV_CHUNK_SIZE lines: the rows are read a chunk at a time (on
    PostgreSQL through a server-side cursor), so a file of every row never sits in memory. One
    query, as the rows' relations are select_related()."""
    writer = csv.writer(Echo())
    lines = [writer.writerow(columns)]
    for row in rows.iterator(chunk_size=CSV_CHUNK_SIZE):
        record = serializer.to_representation(row)
        lines.append(
            writer.writerow(
                ["" if record[column] is None else record[column] for column in columns]
            )
        )
        if len(lines) >= CSV_CHUNK_SIZE:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


class CsvFile(OpenDataMixin, generics.GenericAPIView):
    """A list's every row (with its filters, never paginated) as a CSV file, streamed."""

    pagination_class = None
    list_name = ""
    columns = []

    def get(self, request):
        rows = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(
            csv_lines(self.get_serializer(), rows, self.columns),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.list_name}.csv"'
        return response


def documented_csv(view):
    """The file's columns and filters, and its error answer, in the OpenAPI description."""
    return extend_schema(
        summary=f"{LISTS[view.list_name].title} as CSV",
        description=f"Every row, with a header row: {', '.join(view.columns)}. UTF-8. Takes the "
        "same filters as the JSON list, and is never paginated.",
        responses={(200, "text/csv"): str, 400: serializers.ErrorSerializer},
    )(view)


@documented_csv
class AttendanceCsvFile(CsvFile):
    list_name = "attendance"
    columns = [
        "id",
        "meeting_id",
        "meeting_date",
        "person_id",
        "person_name",
        "council",
        "status",
        "note",
        "url",
    ]
    serializer_class = serializers.AttendanceSerializer
    filterset_class = filters.AttendanceFilter

    def get_queryset(self):
        return public_attendance()


@documented_csv
class ReadingsCsvFile(CsvFile):
    list_name = "readings"
    columns = [
        "id",
        "measure_id",
        "measure",
        "unit",
        "period",
        "period_end",
        "area",
        "value",
        "url",
    ]
    serializer_class = serializers.ReadingSerializer
    filterset_class = filters.ReadingFilter

    def get_queryset(self):
        return public_readings()


# The file of each list that has one, and its address's name, for the /api/ page.
CSV_FILES = {
    "attendance": (AttendanceCsvFile, "api:attendance-csv"),
    "readings": (ReadingsCsvFile, "api:readings-csv"),
}


# The OpenAPI description and the /api/ page ---------------------------------------------------


@functools.cache
def generated_schema():
    """The OpenAPI description drf-spectacular makes from the views: the same until a deploy."""
    return SchemaGenerator().get_schema(request=None, public=True)


def openapi_document():
    return {**generated_schema(), "servers": [{"url": settings.SITE_URL}]}


@require_safe
def openapi(request):
    return open_data_response(
        JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
    )


def field_type(schema):
    """A field's type as the /api/ page names it: integer, string, date, uri, array... with "?"
    on the end if it may be null."""
    if "$ref" in schema or "allOf" in schema:
        kind = "object"
    else:
        formats = {"date": "date", "date-time": "datetime", "uri": "uri"}
        kind = formats.get(schema.get("format"), schema["type"])
    return kind + ("?" if schema.get("nullable") else "")


def documented_fields(serializer_class):
    """(name, type, description) of each field, as the OpenAPI description gives them."""
    component = serializer_class.__name__.removesuffix("Serializer")
    properties = generated_schema()["components"]["schemas"][component]["properties"]
    return [
        (name, field_type(schema), schema.get("description", ""))
        for name, schema in properties.items()
    ]


@require_safe
def documentation(request):
    """The /api/ page: every list, its fields, filters, formats and licence, for people."""
    resources = []
    for name, viewset in LISTS.items():
        list_path = reverse(f"api:{name}-list")
        filterset = viewset.filterset_class
        list_filters = [
            {"name": filter_name, "description": f.extra["help_text"], "example": f.example}
            for filter_name, f in (filterset.base_filters.items() if filterset else [])
        ]
        examples = [list_path, *(f"{list_path}?{f['name']}={f['example']}" for f in list_filters)]
        csv_file, csv_url_name = CSV_FILES.get(name, (None, None))
        if csv_file:
            examples.append(reverse(csv_url_name))
        resources.append(
            {
                "resource": {
                    "name": name,
                    "title": viewset.title,
                    "description": viewset.about,
                    "filters": list_filters,
                    "fields": documented_fields(viewset.serializer_class),
                },
                "list_path": list_path,
                "detail_path": list_path + ("committee-1/" if name == "organizations" else "1/"),
                "examples": examples,
                "csv_path": reverse(csv_url_name) if csv_file else None,
                "csv_columns": csv_file.columns if csv_file else None,
            }
        )
    return render(
        request,
        "opendata/documentation.html",
        {
            "resources": resources,
            "licence": LICENCE,
            "default_page_size": DEFAULT_PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "changes_page_size": CHANGES_PAGE_SIZE,
            "site_url": settings.SITE_URL,
        },
    )


# The change log ---------------------------------------------------------------------------------

CHANGES_PAGE_SIZE = 100


CURSOR = re.compile(r"^c[0-9a-z]{1,12}$")


def change_cursor(change_id):
    """The token for "after change `change_id`": consumers keep it, never read or make one."""
    digits = ""
    while True:
        change_id, digit = divmod(change_id, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not change_id:
            return "c" + digits


def change_id_after(cursor):
    """The change id a cursor stands for; BadParameter if it is no cursor of ours."""
    if not CURSOR.fullmatch(cursor):
        raise filters.BadParameter(
            "since must be a cursor this API gave you (the end of a next link), or left out to "
            "start from the first change."
        )
    return int(cursor[1:], 36)


@extend_schema(
    summary="Changes",
    description="Everything that became public, changed or was withdrawn on this website, oldest "
    "first, a page at a time: follow next to the end, keep the last next, and ask it again later "
    "for what has happened since. Answers 304 Not Modified to If-None-Match or "
    "If-Modified-Since when nothing has changed.",
    parameters=[
        OpenApiParameter(
            "since",
            str,
            description="A cursor from a next link: the changes after it. Leave it out to start "
            "from the first change.",
            pattern=CURSOR.pattern,
        )
    ],
    responses={200: serializers.ChangePageSerializer, 400: serializers.ErrorSerializer},
)
class ChangeLogView(OpenDataMixin, generics.GenericAPIView):
    """/api/changes/?since=<cursor>: the public change log, for mirrors and alerts."""

    serializer_class = serializers.ChangePageSerializer
    filter_backends = []
    pagination_class = None

    def get(self, request):
        since = request.query_params.get("since")
        after = change_id_after(since) if since is not None else 0
        changes = list(Change.objects.after(after)[: CHANGES_PAGE_SIZE + 1])
        more_to_come = len(changes) > CHANGES_PAGE_SIZE
        changes = changes[:CHANGES_PAGE_SIZE]
        last = changes[-1].pk if changes else after
        next_url = f"{settings.SITE_URL}{request.path}?since={change_cursor(last)}"
        response = Response(
            {
                "results": serializers.ChangeSerializer(changes, many=True).data,
                "next": next_url,
                "more_to_come": more_to_come,
                "licence": LICENCE,
            }
        )
        # The time of the newest change this answer holds, or of the one it starts after.
        newest = (
            changes[-1].at
            if changes
            else Change.objects.filter(pk=after).values_list("at", flat=True).first()
        )
        if newest:
            response["Last-Modified"] = http_date(newest.timestamp())
        return response
