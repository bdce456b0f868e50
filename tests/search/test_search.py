import importlib
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

import search.index
import search.query
from complaints.models import Complaint, Question
from meetings.models import AgendaItem, Attachment, Meeting, Member, Membership, Paper
from plans.models import Plan, Priority
from search.models import SearchEntry, SearchWord
from tests.complaints.factories import build_question
from tests.meetings.factories import build_action, build_meeting, build_member
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:index")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_bytes(text):
    """A one-page PDF whose page shows `text`, built by hand with its cross-reference table."""
    stream = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def docx_bytes(text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="x"><w:body><w:p><w:r><w:t xml:space="preserve">'
            f"{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def attach(paper, name, data):
    attachment = Attachment(paper=paper, title="Appendix")
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.size = len(data)
    attachment.save()
    return attachment


def titles(query, **filters):
    entries, _, _ = search.query.search(query, **filters)
    return [entry.title for entry in entries]


def page(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response


def test_demo_searches_find_the_right_items_first(client):
    call_command("load_demo", verbosity=0)

    expected = {
        "website": "Website",
        "HMIC": "HMIC",
        "reoffending": "reoffending",
        "PCSO": "PCSOs",
    }
    for query, word in expected.items():
        response = page(client, q=query)
        first = response.context["results"][0]
        assert word.lower() in first.title.lower(), (query, first.title)
        assert first.url in response.content.decode()


def test_members_are_found_by_name_and_by_role_in_the_demo(client):
    call_command("load_demo", verbosity=0)
    akhtar = Member.objects.get(slug="j-akhtar")
    link = f'<a class="govuk-link" href="{akhtar.get_absolute_url()}">{akhtar}</a>'

    response = page(client, q="Akhtar")
    first = response.context["results"][0]
    assert (first.title, first.url) == ("Councillor J. Akhtar", akhtar.get_absolute_url())
    html = response.content.decode()
    assert link in html
    assert "Chair, Police and Crime Panel" in html
    assert "Rotherham Metropolitan Borough Council" in html

    response = page(client, q="Chair")
    assert link in response.content.decode()
    co_opted = page(client, q="co-opted").context["results"]
    assert {"Mr. A. Carter", "Mr. K. Walayat"} <= {entry.title for entry in co_opted}


def test_every_example_in_the_search_hint_finds_something_in_the_demo(client):
    call_command("load_demo", verbosity=0)

    html = page(client).content.decode()
    hint = re.search(r'id="search-page-query-hint">For example: ([^.]+)\.', html)
    examples = hint.group(1).split(", ")
    assert len(examples) >= 3
    for example in examples:
        assert page(client, q=example).context["results"], example


def test_a_title_hit_ranks_above_a_body_hit():
    meeting = build_meeting(items=2, minutes=False)
    body_item, title_item = meeting.items.order_by("number")
    Paper.objects.filter(agenda_item=body_item).update(body_markdown="Notes on the quokka.")
    AgendaItem.objects.filter(pk=title_item.pk).update(title="Quokka survey")
    search.index.rebuild()

    # The second item's paper names the item as its summary, between the two.
    assert titles("quokka") == ["Quokka survey", "Report 2", "Report 1"]


def test_phrases_negation_or_and_stemming():
    meeting = build_meeting(items=3)
    first, second, third = meeting.items.order_by("number")
    AgendaItem.objects.filter(pk=first.pk).update(title="Domestic abuse services")
    AgendaItem.objects.filter(pk=second.pk).update(title="Abuse of the domestic budget")
    AgendaItem.objects.filter(pk=third.pk).update(title="Neighbourhood police teams")
    search.index.rebuild()

    def items(query):
        return titles(query, kind=SearchEntry.Kind.AGENDA_ITEM)

    assert items('"domestic abuse"') == ["Domestic abuse services"]
    assert items("abuse -services") == ["Abuse of the domestic budget"]
    assert set(items("services or budget")) == {
        "Domestic abuse services",
        "Abuse of the domestic budget",
    }
    assert items("policing") == ["Neighbourhood police teams"]


def test_pdf_and_docx_text_is_found_and_a_broken_file_is_skipped(caplog):
    meeting = build_meeting(items=3)
    papers = list(Paper.objects.filter(agenda_item__meeting=meeting).order_by("pk"))
    attach(papers[0], "appendix.pdf", pdf_bytes("Wombat crossing figures"))
    attach(papers[1], "appendix.docx", docx_bytes("Numbat &amp; echidna counts"))
    broken = attach(papers[2], "broken.pdf", b"%PDF-1.4 not really")
    search.index.rebuild()

    assert titles("wombat") == ["Report 1"]
    assert titles("echidna") == ["Report 2"]
    assert "Report 3" in titles("report")
    assert f"attachment {broken.pk}" in caplog.text
    assert "broken.pdf" not in caplog.text


def test_drafts_exempt_items_and_complaints_are_never_found():
    build_meeting(slug="draft-meeting", is_published=False, items=1)
    exempt = build_meeting(slug="exempt-meeting", items=0, exempt_items=1)
    AgendaItem.objects.filter(meeting=exempt).update(title="Covert operation zebra")
    public = build_meeting(slug="public-meeting", items=1)
    Paper.objects.filter(agenda_item__meeting=public).update(
        is_published=False, title="Unpublished paper giraffe"
    )
    build_plan(slug="draft-plan", status=Plan.Status.DRAFT)
    Priority.objects.filter(plan__slug="draft-plan").update(title="Draft priority okapi")
    build_question(text="An unanswered question about tapirs?", status=Question.Status.ACCEPTED)
    answered = build_question(text="Do you count lemurs?", status=Question.Status.ANSWERED)
    Complaint.objects.all().delete()
    search.index.rebuild()

    # The draft meeting's items are called "Item 1", as are the public meeting's: one is found.
    assert (
        SearchEntry.objects.filter(
            kind=SearchEntry.Kind.MEETING, object_id=Meeting.objects.get(slug="draft-meeting").pk
        ).count()
        == 0
    )
    assert titles("zebra") == []
    assert titles("Secret") == []
    assert titles("giraffe") == []
    assert titles("okapi") == []
    assert titles("tapirs") == []
    assert titles("lemurs") == [f"Question to {answered.addressed_to_text}"]
    # Nothing of the asker is in the index.
    for value in ("Hidden Asker", "hidden.asker@example.com", "S1 2HH"):
        assert titles(value) == []


def test_complaints_are_never_indexed():
    assert not [kind for kind, _ in SearchEntry.Kind.choices if "complaint" in kind]
    assert Complaint not in search.index.MODEL_KINDS


def test_filters_and_counts_combine_with_the_query(client):
    build_meeting(slug="meeting-2014", items=2)
    meeting = build_meeting(slug="meeting-2015", items=1)
    Meeting.objects.filter(pk=meeting.pk).update(start=meeting.start.replace(year=2015))
    search.index.rebuild()

    response = page(client, q="report", year="2015")
    assert [entry.title for entry in response.context["results"]] == ["Report 1"]
    response = page(client, q="item", kind="agenda_item")
    assert {entry.kind for entry in response.context["results"]} == {"agenda_item"}
    counts = {value: count for value, _, count in response.context["counts"]}
    assert counts["agenda_item"] == 3
    assert counts["paper"] == 3
    response = page(client, q="item", committee="No such committee")
    assert "No results for" in response.content.decode()


def test_pagination_keeps_the_query_and_filters(client):
    build_meeting(items=25)
    search.index.rebuild()

    response = page(client, q="report", kind="paper")
    html = response.content.decode()
    assert response.context["page_obj"].paginator.count == 25
    assert "?q=report&amp;kind=paper&amp;page=2" in html
    response = page(client, q="report", kind="paper", page="2")
    assert len(response.context["results"]) == 5


@pytest.mark.parametrize("rows", [1, 30])
def test_a_results_page_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    build_meeting(items=rows)
    search.index.rebuild()

    # On PostgreSQL: the walk of the newest entries (its planner settings in a savepoint rolled
    # back after), the most recent matches, the page and its snippets, the filters' lists, and
    # when the site last changed.
    with django_assert_max_num_queries(11):
        response = page(client, q="report")
    assert response.context["results"]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "back\\slash\\",
        "& | ! : * ( ) <->",
        "x" * 10_000,
        "nul\x00byte",
        "'; DROP TABLE panel_site_searchentry; --",
        "-",
        '""',
        "or",
        "the",
    ],
)
def test_hostile_queries_give_a_clear_page(client, query):
    build_meeting()
    search.index.rebuild()

    if "\x00" in query:  # never in a real address: the styled 400 (panel_site/middleware.py)
        assert client.get(SEARCH, {"q": query}).status_code == 400
        return
    response = page(client, q=query)
    assert "Search" in response.content.decode()
    assert len(response.context["query"]) <= search.query.QUERY_MAX_CHARS
    assert "\x00" not in response.context["query"]


def test_invalid_utf8_and_bad_filters_give_a_clear_page(client):
    response = client.get(SEARCH + "?q=%ff%fe%80report&year=abcd&kind=nope&page=-1")
    assert response.status_code == 200


def test_the_query_is_echoed_escaped(client):
    build_meeting()
    search.index.rebuild()

    response = page(client, q="<script>alert(1)</script> report")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_snippets_mark_the_words_and_escape_the_text(client):
    meeting = build_meeting()
    Paper.objects.filter(agenda_item__meeting=meeting).update(
        body_markdown="<b>Bold</b> claims & counts about the kangaroo."
    )
    search.index.rebuild()

    response = page(client, q="kangaroo")
    snippet = response.context["results"][0].snippet
    assert "<mark>kangaroo</mark>" in snippet
    assert "Bold" in snippet
    assert "&amp; counts" in snippet
    assert "<b>" not in snippet
    assert snippet in response.content.decode()


def test_the_empty_state_helps(client):
    response = page(client, q="nothingmatchesthis")
    assert "No results for ‘nothingmatchesthis’" in response.content.decode()
    assert reverse("meetings:index") in response.content.decode()
    members = reverse("meetings:members")
    assert f'<a class="govuk-link" href="{members}">members</a>' in response.content.decode()


def test_saving_and_deleting_keeps_the_index_current(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = build_meeting(is_published=False)
    assert titles("report") == []

    with django_capture_on_commit_callbacks(execute=True):
        meeting.is_published = True
        meeting.save()
    assert titles("report") == ["Report 1"]

    with django_capture_on_commit_callbacks(execute=True):
        action = build_action(meeting.items.get(), reference="Recommendation 7")
    assert "Recommendation 7: Item 1" in titles("recommendation")

    with django_capture_on_commit_callbacks(execute=True):
        AgendaItem.objects.get(meeting=meeting).papers.get().delete()
        action.responses.all().delete()
        action.delete()
    assert titles("report") == []
    assert titles("recommendation") == []

    with django_capture_on_commit_callbacks(execute=True):
        plan = build_plan()
    assert titles(Priority.objects.get(plan=plan).title)

    with django_capture_on_commit_callbacks(execute=True):
        plan.status = Plan.Status.DRAFT
        plan.published_on = None
        plan.save()
    assert not SearchEntry.objects.filter(kind=SearchEntry.Kind.PRIORITY).exists()


def test_saving_a_member_their_role_or_council_keeps_the_index_current(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        member = build_member(slug="p-quigley")
    assert titles("Quigley") == ["Councillor P Quigley"]
    assert titles("Rotherham") == ["Councillor P Quigley"]

    with django_capture_on_commit_callbacks(execute=True):
        membership = member.memberships.get()
        membership.role = Membership.Role.VICE_CHAIR
        membership.save()
    assert titles("vice-chair") == ["Councillor P Quigley"]

    with django_capture_on_commit_callbacks(execute=True):
        council = member.council
        council.name = "Sheffield City Council"
        council.save()
    assert titles("Sheffield") == ["Councillor P Quigley"]
    assert titles("Rotherham") == []

    with django_capture_on_commit_callbacks(execute=True):
        member.delete()
    assert titles("Quigley") == []
    assert not SearchEntry.objects.filter(kind=SearchEntry.Kind.MEMBER).exists()


def test_rebuild_search_index_command(capsys):
    build_meeting()

    call_command("rebuild_search_index")

    assert "Indexed" in capsys.readouterr().out
    assert SearchEntry.objects.filter(kind=SearchEntry.Kind.PAPER).count() == 1


def test_a_rebuild_a_few_at_a_time_makes_the_same_index(monkeypatch):
    """The rebuild reads and writes a batch at a time, so that memory stays flat however big the
    site: batches smaller than what there is to index must make the index one batch makes."""
    for number in range(3):
        build_meeting(slug=f"meeting-{number}", items=2)
    build_question(status=Question.Status.ANSWERED)
    fields = ["kind", "object_id", "title", "summary", "body", "url", "committee", "year", "date"]
    if connection.vendor == "postgresql":
        fields.append("search_vector")

    def index():
        entries = SearchEntry.objects.order_by("kind", "object_id").values(*fields)
        return list(entries), set(SearchWord.objects.values_list("word", flat=True))

    search.index.rebuild()
    in_one_batch = index()
    monkeypatch.setattr(search.index, "BATCH_SIZE", 2)
    search.index.rebuild()
    assert index() == in_one_batch
    assert len(in_one_batch[0]) > 2 * 5


def test_a_broad_search_lists_its_most_recent_matches_and_says_there_are_more(client, monkeypatch):
    monkeypatch.setattr(search.query, "RESULTS_CAP", 2)
    monkeypatch.setattr(search.query, "KIND_COUNT_CAP", 1)
    build_meeting(slug="meeting-2014", items=2)
    newer = build_meeting(slug="meeting-2015", items=2)
    Meeting.objects.filter(pk=newer.pk).update(start=newer.start.replace(year=2015))
    search.index.rebuild()

    response = page(client, q="report", kind="paper")
    assert [entry.date.year for entry in response.context["results"]] == [2015, 2015]
    assert response.context["page_obj"].paginator.count == 2
    html = response.content.decode()
    assert "More than 2 results for ‘report’" in html
    assert "Paper (more than 1)" in html
    # Under the cap, counts and the list are exact, whatever the counts' own cap.
    response = page(client, q="report", kind="paper", year="2015")
    assert "2 results for ‘report’" in response.content.decode()
    assert "Paper (2)" in response.content.decode()


@pytest.mark.parametrize("walked", [1, 2000])
def test_past_the_cap_each_kind_is_counted_up_to_a_cap_of_its_own(monkeypatch, walked):
    # Walking one entry of each kind finds too few: the count goes to the kind's whole index.
    monkeypatch.setattr(search.query, "KIND_WALKED", walked)
    monkeypatch.setattr(search.query, "RESULTS_CAP", 2)
    monkeypatch.setattr(search.query, "KIND_COUNT_CAP", 2)
    meeting = build_meeting(items=5)
    build_action(meeting.items.get(number=1), reference="Recommendation 7")
    search.index.rebuild()

    _, counts, total = search.query.search("item")

    # Five agenda items, papers and minutes match, and one action: more than the cap in all.
    assert total == 3
    assert {value: count for value, _, count in counts} == {
        "agenda_item": None,
        "paper": None,
        "minute": None,
        "action": 1,
    }


def test_pagination_links_the_pages_near_this_one_and_the_ends(client, monkeypatch):
    from search.views import SearchView

    monkeypatch.setattr(SearchView, "paginate_by", 1)
    build_meeting(items=10)
    search.index.rebuild()

    html = page(client, q="report", kind="paper", page="5").content.decode()
    for number in (1, 4, 5, 6, 10):
        assert f'aria-label="Page {number}"' in html
    for number in (2, 3, 7, 8, 9):
        assert f'aria-label="Page {number}"' not in html
    assert "govuk-pagination__item--ellipses" in html


def test_the_year_and_committee_filters_follow_the_index(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build_meeting(slug="meeting-2014")
    committees, years = search.query.filter_options()
    assert years == [2014]
    assert len(committees) == 1

    with django_capture_on_commit_callbacks(execute=True):
        later = build_meeting(slug="meeting-2016")
        later.start = later.start.replace(year=2016)
        later.save()
    assert search.query.filter_options()[1] == [2016, 2014]

    with django_capture_on_commit_callbacks(execute=True):
        later.delete()
    assert search.query.filter_options()[1] == [2014]


def test_every_kind_has_its_own_index_to_count_with():
    # Migration 0005 makes one PostgreSQL GIN index per kind, and 0007 the members'; a kind added
    # without one would be counted through the shared index, several times slower at scale.
    first = importlib.import_module("panel_site.migrations.0005_search_kind_indexes")
    members = importlib.import_module("panel_site.migrations.0007_search_members")

    assert sorted([*first.KINDS, members.KIND]) == sorted(SearchEntry.Kind.values)


def test_an_abbreviation_in_capitals_finds_the_words_it_begins():
    meeting = build_meeting(items=1, minutes=False)
    AgendaItem.objects.filter(meeting=meeting).update(title="HMICFRS inspection of the force")
    search.index.rebuild()

    assert titles("HMIC")[0] == "HMICFRS inspection of the force"
    assert titles("HMIC inspection")[0] == "HMICFRS inspection of the force"


def test_an_abbreviation_finds_the_words_of_a_title_saved_later(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = build_meeting(items=1, minutes=False)
    assert titles("HMIC") == []

    with django_capture_on_commit_callbacks(execute=True):
        item = meeting.items.get()
        item.title = "HMICFRS inspection of the force"
        item.save()

    assert titles("HMIC")[0] == "HMICFRS inspection of the force"
    if connection.vendor == "postgresql":  # where the words are kept to look abbreviations up
        assert SearchWord.objects.filter(word="hmicfr").exists()
    # An abbreviation that begins no word finds nothing, without an error.
    assert titles("HMICX") == []
    assert titles("HMICX inspection") == []


def build_meetings_in(years, items=2):
    for year in years:
        meeting = build_meeting(slug=f"meeting-{year}", items=items, minutes=False)
        Meeting.objects.filter(pk=meeting.pk).update(start=meeting.start.replace(year=year))


def test_a_broad_search_finds_its_most_recent_matches_among_the_newest_entries_or_beyond(
    monkeypatch,
):
    # More than the cap match: on PostgreSQL the newest entries are walked first (here the four
    # newest), and when fewer than the cap match among them the search looks further back.
    monkeypatch.setattr(search.query, "RESULTS_CAP", 2)
    monkeypatch.setattr(search.query, "NEWEST_WALKED", 4)
    build_meetings_in([2013, 2014, 2015])
    Paper.objects.filter(agenda_item__meeting__slug="meeting-2013").update(
        body_markdown="The quokka census."
    )
    Paper.objects.filter(agenda_item__meeting__slug="meeting-2014", title="Report 1").update(
        body_markdown="A quokka was seen."
    )
    search.index.rebuild()

    def found(query, **filters):
        entries, _, _ = search.query.search(query, kind="paper", **filters)
        return [(entry.date.year, entry.title) for entry in entries]

    # "report": every paper matches, and the four newest entries hold the two newest papers.
    assert sorted(found("report")) == [(2015, "Report 1"), (2015, "Report 2")]
    # "quokka": three papers match, none of them among the four newest entries.
    assert sorted(found("quokka")) == [(2013, "Report 2"), (2014, "Report 1")]
    # A year's newest entries.
    assert sorted(found("report", year=2014)) == [(2014, "Report 1"), (2014, "Report 2")]
