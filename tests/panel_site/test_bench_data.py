"""The benchmark data generator (panel_site/bench_data.py) at a thousandth of its size: what it
makes, that the pages show it, and that it keeps off databases that hold anything else. Timings
belong to bench/, never here."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from complaints.models import Question
from meetings.models import AgendaItem, Committee, Meeting, Minute, Paper
from panel_site import bench_data
from plans.models import Plan, Priority
from search import index
from search.models import SearchEntry, SearchWord

pytestmark = pytest.mark.django_db
SCALE = 0.001
ENTRY_FIELDS = ["kind", "object_id", "title", "summary", "body", "url", "committee", "year", "date"]


@pytest.fixture
def bench(capsys):
    call_command("generate_bench_data", "--scale", str(SCALE))
    return capsys.readouterr().out


def test_it_makes_the_scaled_counts(bench):
    sizes = bench_data.counts(SCALE)
    assert Meeting.objects.count() == sizes["meetings"] == 10
    assert AgendaItem.objects.count() == 10 * bench_data.ITEMS_PER_MEETING
    assert Paper.objects.count() == AgendaItem.objects.count()
    assert 0 < Minute.objects.count() <= AgendaItem.objects.count()
    assert Question.objects.count() == sizes["questions"] == 50
    assert Plan.objects.count() == sizes["plans"]
    assert Plan.objects.current().count() == 1
    assert Priority.objects.count() == sizes["plans"] * bench_data.PRIORITIES_PER_PLAN
    assert Question.objects.published().exists()
    assert SearchEntry.objects.count() > AgendaItem.objects.count()
    assert "made in" in bench


def test_it_scales_linearly():
    assert bench_data.counts(1)["meetings"] == 10_000
    assert bench_data.counts(2)["meetings"] == 20_000
    assert bench_data.counts(0.5)["committees"] == 50


def test_the_pages_of_the_generated_data_render(bench, client):
    meeting = Meeting.objects.published().filter(items__minute__isnull=False).first()
    priority = Priority.objects.filter(plan__status=Plan.Status.CURRENT).first()
    item = meeting.items.first()
    for url in [
        "/meetings/",
        meeting.get_absolute_url(),
        item.get_absolute_url(),
        "/plan/",
        priority.get_absolute_url(),
        "/search/?q=domestic+abuse",
        "/action-log/",
        "/members/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert meeting.committee.name in client.get("/meetings/").content.decode()


def test_the_search_index_is_the_one_search_rebuild_makes(bench):
    """On PostgreSQL the generator fills the index in SQL: it must hold exactly what the site's
    own rebuild would (on SQLite it is the site's rebuild)."""
    fields = ENTRY_FIELDS + (["search_vector"] if connection.vendor == "postgresql" else [])
    made = list(SearchEntry.objects.order_by("kind", "object_id").values(*fields))
    words = set(SearchWord.objects.values_list("word", flat=True))
    # The words of the index, which abbreviations are looked up in, are kept on PostgreSQL only.
    assert bool(words) == (connection.vendor == "postgresql")
    index.rebuild()
    assert list(SearchEntry.objects.order_by("kind", "object_id").values(*fields)) == made
    assert set(SearchWord.objects.values_list("word", flat=True)) == words


def test_running_it_again_replaces_the_bench_data(bench):
    call_command("generate_bench_data", "--scale", str(SCALE))
    assert Meeting.objects.count() == 10


def test_it_refuses_a_database_with_other_data_unless_forced():
    Committee.objects.create(name="The real panel", slug="the-real-panel")
    with pytest.raises(CommandError, match="bench databases only"):
        call_command("generate_bench_data", "--scale", str(SCALE))
    assert Meeting.objects.count() == 0

    call_command("generate_bench_data", "--scale", str(SCALE), "--force")
    assert Meeting.objects.count() == 10
    assert Committee.objects.filter(slug="the-real-panel").exists()
    with pytest.raises(CommandError, match="next to other data"):
        call_command("generate_bench_data", "--scale", str(SCALE), "--force")


def test_the_bench_hello_page_is_not_served_without_bench_hello(client):
    # It is added to the URLs only when BENCH_HELLO=1 is set as the server starts.
    assert client.get("/bench/hello/").status_code == 404
