"""The benchmark data generator (bench/benchdata/) at a thousandth of its size: what it makes,
that the pages and the search show it, and that it keeps off databases that hold anything else.
Timings belong to bench/RESULTS.md, never here."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bench.benchdata import generator
from complaints.models import Question
from meetings.models import AgendaItem, Committee, Meeting, Minute, Paper
from plans.models import Plan, Priority
from search.models import SearchEntry, SearchWord

pytestmark = pytest.mark.django_db
SCALE = 0.001


@pytest.fixture
def bench(capsys):
    call_command("generate_bench_data", "--scale", str(SCALE))
    return capsys.readouterr().out


def test_it_makes_the_scaled_counts(bench):
    sizes = generator.counts(SCALE)
    assert Meeting.objects.count() == sizes["meetings"] == 10
    assert AgendaItem.objects.count() == 10 * generator.ITEMS_PER_MEETING
    assert Paper.objects.count() == AgendaItem.objects.count()
    assert 0 < Minute.objects.count() <= AgendaItem.objects.count()
    assert Question.objects.count() == sizes["questions"] == 50
    assert Plan.objects.count() == sizes["plans"]
    assert Plan.objects.current().count() == 1
    assert Priority.objects.count() == sizes["plans"] * generator.PRIORITIES_PER_PLAN
    assert Question.objects.published().exists()
    assert SearchEntry.objects.count() > AgendaItem.objects.count()
    assert "made in" in bench


def test_it_scales_linearly():
    assert generator.counts(1)["meetings"] == 10_000
    assert generator.counts(2)["meetings"] == 20_000
    assert generator.counts(0.5)["committees"] == 50


def test_the_pages_of_the_generated_data_render(bench, client):
    meeting = Meeting.objects.published().filter(items__minute__isnull=False).first()
    priority = Priority.objects.published().filter(plan__in=Plan.objects.current()).first()
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


def test_the_search_finds_what_is_public_and_nothing_else(bench, client):
    public_papers = Paper.objects.published()
    assert SearchEntry.objects.filter(kind="paper").count() == public_papers.count() > 0
    assert (
        SearchEntry.objects.filter(kind="question").count() == Question.objects.published().count()
    )
    public_meetings = Meeting.objects.published().values_list("pk", flat=True)
    meeting_entries = SearchEntry.objects.filter(kind="meeting").values_list("object_id", flat=True)
    assert set(meeting_entries) == set(public_meetings)

    # The words of papers' titles find them on the search page.
    topic = public_papers.filter(title__startswith="Report on").first().title.split(":")[0]
    page = client.get("/search/", {"q": f'"{topic}"', "kind": "paper"}).content.decode()
    found = public_papers.filter(title__startswith=f"{topic}:")
    assert any(paper.agenda_item.get_absolute_url() in page for paper in found)

    # The askers of questions are never in the index.
    indexed = " ".join(
        " ".join(texts) for texts in SearchEntry.objects.values_list("title", "summary", "body")
    )
    for asker, email in Question.objects.values_list("asker_name", "email"):
        assert asker not in indexed
        assert email not in indexed
    # On PostgreSQL every entry has its vector, and abbreviations have the words to look up.
    if connection.vendor == "postgresql":
        assert not SearchEntry.objects.filter(search_vector=None).exists()
        assert SearchWord.objects.filter(word="hmicfr").exists()


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
