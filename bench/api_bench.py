"""Django REST Framework (with django-filter) against django-ninja, on the same two endpoints over
the same data: a list of 50 meetings with their agenda items, and one meeting (issue 15).

Both serve the same fields from the same queryset, through the test client with no middleware,
so that the difference is the library's own work. Run:
    .venv/bin/python bench/api_bench.py [ROUNDS]
It prints the median time per request of each round, and the median of the rounds.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Prefetch  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_filters import rest_framework as drf_filters  # noqa: E402
from ninja import FilterSchema, NinjaAPI, Query, Schema  # noqa: E402
from rest_framework import generics, pagination, renderers, serializers  # noqa: E402

from meetings.models import AgendaItem, Meeting  # noqa: E402

MEETINGS = 50
REQUESTS = 200


def meetings():
    return (
        Meeting.objects.published()
        .select_related("committee")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("order", "number"))
        )
        .order_by("-start", "pk")
    )


# Django REST Framework ------------------------------------------------------------------------


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    is_exempt = serializers.BooleanField()


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    committee = serializers.CharField(source="committee.name")
    start = serializers.DateTimeField()
    status = serializers.CharField()
    venue_name = serializers.CharField()
    venue_address = serializers.CharField()
    agenda_items = ItemSerializer(source="items", many=True)


class MeetingFilter(drf_filters.FilterSet):
    year = drf_filters.NumberFilter(field_name="start", lookup_expr="year")


class DrfOptions:
    renderer_classes = [renderers.JSONRenderer]
    authentication_classes = []
    permission_classes = []
    serializer_class = MeetingSerializer

    def get_queryset(self):
        return meetings()


class DrfList(DrfOptions, generics.ListAPIView):
    pagination_class = type("Pages", (pagination.PageNumberPagination,), {"page_size": MEETINGS})
    filter_backends = [drf_filters.DjangoFilterBackend]
    filterset_class = MeetingFilter


class DrfDetail(DrfOptions, generics.RetrieveAPIView):
    pass


# django-ninja ---------------------------------------------------------------------------------


class ItemSchema(Schema):
    id: int
    number: int
    title: str
    is_exempt: bool


class MeetingSchema(Schema):
    id: int
    slug: str
    title: str
    committee: str
    start: datetime.datetime
    status: str
    venue_name: str
    venue_address: str
    agenda_items: list[ItemSchema]

    @staticmethod
    def resolve_committee(meeting):
        return meeting.committee.name

    @staticmethod
    def resolve_agenda_items(meeting):
        return meeting.items.all()


class MeetingPage(Schema):
    count: int
    results: list[MeetingSchema]


class NinjaMeetingFilter(FilterSchema):
    year: int | None = None

    def filter_year(self, value):
        from django.db.models import Q

        return Q(start__year=value) if value else Q()


ninja_api = NinjaAPI(urls_namespace="bench-ninja")


@ninja_api.get("/meetings/", response=MeetingPage)
def ninja_list(request, filters: NinjaMeetingFilter = Query(...), page: int = 1):  # noqa: B008
    rows = filters.filter(meetings())
    start = (page - 1) * MEETINGS
    return {"count": rows.count(), "results": list(rows[start : start + MEETINGS])}


@ninja_api.get("/meetings/{pk}/", response=MeetingSchema)
def ninja_detail(request, pk: int):
    return meetings().get(pk=pk)


urlpatterns = [
    path("drf/meetings/", DrfList.as_view()),
    path("drf/meetings/<int:pk>/", DrfDetail.as_view()),
    path("ninja/", ninja_api.urls),
]


def make_data():
    call_command("migrate", verbosity=0)
    from tests.meetings.factories import build_meeting

    first = timezone.make_aware(datetime.datetime(2014, 5, 2, 13, 30))
    for number in range(MEETINGS):
        build_meeting(
            slug=f"meeting-{number}", start=first - datetime.timedelta(days=30 * number), items=6
        )
    return Meeting.objects.order_by("pk").first().pk


def median_ms(client, url):
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.content[:300])
    return statistics.median(times) * 1000


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    pk = make_data()
    endpoints = {
        "DRF list of 50": "/drf/meetings/",
        "ninja list of 50": "/ninja/meetings/",
        "DRF detail": f"/drf/meetings/{pk}/",
        "ninja detail": f"/ninja/meetings/{pk}/",
    }
    with override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[], DEBUG=False):
        client = Client()
        # Same records from both: the libraries are compared doing the same work.
        drf, ninja = client.get("/drf/meetings/").json(), client.get("/ninja/meetings/").json()
        assert drf["count"] == ninja["count"] == MEETINGS
        assert [m["id"] for m in drf["results"]] == [m["id"] for m in ninja["results"]]
        results = {name: [] for name in endpoints}
        for _ in range(rounds):
            for name, url in endpoints.items():
                results[name].append(median_ms(client, url))
    for name, medians in results.items():
        rounds_text = " ".join(f"{value:.2f}" for value in medians)
        print(f"{name:18} median {statistics.median(medians):6.2f} ms  (rounds: {rounds_text})")


if __name__ == "__main__":
    main()
