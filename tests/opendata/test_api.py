import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse

from complaints.models import Question
from meetings.models import Attendance, Meeting, Minute, Paper
from opendata.pagination import MAX_PAGE_SIZE
from opendata.views import LISTS
from plans.models import Measure, MeasureReading, Plan
from tests.complaints.factories import build_complaint, build_question
from tests.meetings.factories import build_action, build_meeting, build_member
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
DAY = datetime.timedelta(days=1)
LIST_URLS = [reverse(f"api:{name}-list") for name in LISTS]


def fields(name):
    """The fields a list's records have, in order, as its serializer gives them."""
    return list(LISTS[name].serializer_class().fields)


CSV_URLS = [reverse("api:attendance-csv"), reverse("api:readings-csv")]


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def results(client, name, query=""):
    return get_json(client, reverse(f"api:{name}-list") + query)["results"]


def ids(client, name, query=""):
    return [record["id"] for record in results(client, name, query)]


def csv_text(response):
    """A CSV file's text: it is streamed, not held whole in the response."""
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def text(response):
    """Any response's text, streamed (the CSV files) or not."""
    return csv_text(response) if response.streaming else response.content.decode("utf-8")


def read_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return list(csv.DictReader(io.StringIO(csv_text(response))))


@pytest.fixture
def data():
    """Some of everything the API publishes, and some of what it must not."""
    plan = build_plan(priorities=2, measures=1, readings=2)
    meeting = build_meeting(items=2, exempt_items=1, attachments=True)
    public_item, exempt_item = meeting.items.get(number=1), meeting.items.get(number=3)
    public_item.priorities.set(plan.priorities.all())
    action = build_action(public_item)
    action.priorities.set(plan.priorities.all())
    action.resolution = public_item.minute.resolutions.get()
    action.save()
    member = build_member(slug="j-akhtar")
    co_opted = build_member(slug="a-carter", council_name=None)
    Attendance.objects.create(meeting=meeting, member=member, note="Chair")
    Attendance.objects.create(meeting=meeting, member=co_opted, status="apologies")
    return {
        "plan": plan,
        "meeting": meeting,
        "public_item": public_item,
        "exempt_item": exempt_item,
        "action": action,
        "member": member,
    }


@pytest.mark.parametrize("name", LISTS)
def test_every_record_has_its_documented_fields_and_links(client, data, name):
    records = results(client, name)

    assert records, f"no {name} in the test data"
    documented = fields(name)
    for record in records:
        assert list(record) == documented
        assert record["api_url"].startswith(f"{SITE}/api/{name}/")
        assert record["url"].startswith(f"{SITE}/")
        # The record on its own says the same as in the list, and its page on the site is there.
        assert get_json(client, record["api_url"].removeprefix(SITE)) == record
        assert client.get(record["url"].removeprefix(SITE)).status_code == 200


def test_meeting_record(client, data):
    meeting = data["meeting"]
    build_meeting(slug="draft-meeting", is_published=False)

    page = get_json(client, reverse("api:meetings-list"))

    assert page["count"] == 1
    assert page["licence"]["name"] == "Open Government Licence v3.0"
    record = page["results"][0]
    assert record["id"] == meeting.pk
    assert record["title"] == "Police and Crime Panel, 2 May 2014"
    assert record["date"] == "2014-05-02"
    assert record["start"] == "2014-05-02T13:30:00+01:00"
    # A past meeting nobody marked as held: the page claims nothing, nor does the API.
    assert record["status"] is None
    assert record["organization_id"] == f"committee-{meeting.committee_id}"
    assert record["url"] == f"{SITE}/meetings/test-meeting/"
    assert record["api_url"] == f"{SITE}/api/meetings/{meeting.pk}/"
    assert [(item["number"], item["is_exempt"]) for item in record["agenda_items"]] == [
        (1, False),
        (2, False),
        (3, True),
    ]
    assert record["attendance_url"] == f"{SITE}/api/attendance/?meeting={meeting.pk}"


def test_agenda_item_record_with_papers_minute_and_priorities(client, data):
    item = data["public_item"]

    record = get_json(client, reverse("api:agenda-items-detail", args=[item.pk]))

    assert record["title"] == "Item 1"
    assert record["summary"] == "What item 1 is about."
    assert record["exempt_paragraph"] is None
    assert record["priority_ids"] == sorted(data["plan"].priorities.values_list("pk", flat=True))
    assert [paper["title"] for paper in record["papers"]] == ["Report 1"]
    assert record["minute"] == {
        "number": "J1",
        "title": "",
        "status": "approved",
        "text": "Minute text 1",
    }
    assert record["url"] == f"{SITE}/meetings/test-meeting/items/1/"


def test_exempt_item_is_listed_with_its_paragraph_and_nothing_more(client, data):
    item = data["exempt_item"]

    record = get_json(client, reverse("api:agenda-items-detail", args=[item.pk]))

    assert record["is_exempt"] is True
    assert record["exempt_paragraph"] == "7"
    assert record["exempt_paragraph_text"].startswith("Paragraph 7")
    assert record["exempt_reason"] == "It would prejudice an investigation."
    assert record["summary"] is None
    assert record["papers"] == []
    assert record["minute"] is None
    assert record["priority_ids"] == []


def test_exempt_items_papers_minutes_and_resolutions_are_never_published(client, data):
    item = data["exempt_item"]
    paper = item.papers.get()
    resolution = item.minute.resolutions.get()

    assert paper.pk not in ids(client, "papers")
    get_json(client, reverse("api:papers-detail", args=[paper.pk]), status=404)
    assert resolution.pk not in ids(client, "resolutions")
    get_json(client, reverse("api:resolutions-detail", args=[resolution.pk]), status=404)
    everything = "".join(text(client.get(url)) for url in LIST_URLS + CSV_URLS)
    assert "Secret paper" not in everything
    assert "Secret minute" not in everything
    assert "Appendix 3" not in everything


def test_an_exempt_items_actions_are_never_published(client, data):
    action = build_action(data["exempt_item"], reference="Secret recommendation")

    assert action.pk not in ids(client, "actions")
    get_json(client, reverse("api:actions-detail", args=[action.pk]), status=404)


def test_draft_meetings_and_everything_in_them_are_never_published(client, data):
    draft = build_meeting(slug="draft-meeting", is_published=False, attachments=True)
    draft_item = draft.items.get()
    action = build_action(draft_item, reference="Draft recommendation")
    Attendance.objects.create(meeting=draft, member=data["member"])

    assert draft.pk not in ids(client, "meetings")
    get_json(client, reverse("api:meetings-detail", args=[draft.pk]), status=404)
    assert draft_item.pk not in ids(client, "agenda-items")
    assert draft_item.papers.get().pk not in ids(client, "papers")
    assert draft_item.minute.resolutions.get().pk not in ids(client, "resolutions")
    assert action.pk not in ids(client, "actions")
    assert [r["meeting_id"] for r in results(client, "attendance")] == [data["meeting"].pk] * 2
    assert {row["meeting_id"] for row in read_csv(client, reverse("api:attendance-csv"))} == {
        str(data["meeting"].pk)
    }


def test_unpublished_papers_and_minutes_are_never_published(client, data):
    item = data["public_item"]
    Paper.objects.filter(agenda_item=item).update(is_published=False)
    Minute.objects.filter(agenda_item=item).update(is_published=False)
    resolution = item.minute.resolutions.get()

    record = get_json(client, reverse("api:agenda-items-detail", args=[item.pk]))

    assert record["papers"] == []
    assert record["minute"] is None
    assert item.papers.get().pk not in ids(client, "papers")
    assert resolution.pk not in ids(client, "resolutions")
    # The action log still lists the action, as its page does, without naming the resolution.
    action = get_json(client, reverse("api:actions-detail", args=[data["action"].pk]))
    assert action["resolution_id"] is None


def test_draft_plans_priorities_measures_and_readings_are_never_published(client, data):
    draft = build_plan(slug="draft-plan", status=Plan.Status.DRAFT)
    draft_measure = Measure.objects.get(priority__plan=draft)
    data["public_item"].priorities.add(*draft.priorities.all())

    assert ids(client, "plans") == [data["plan"].pk]
    get_json(client, reverse("api:plans-detail", args=[draft.pk]), status=404)
    assert not set(draft.priorities.values_list("pk", flat=True)) & set(ids(client, "priorities"))
    assert draft_measure.pk not in ids(client, "measures")
    assert not {r["measure_id"] for r in results(client, "readings")} & {draft_measure.pk}
    assert "draft-plan" not in csv_text(client.get(reverse("api:readings-csv")))
    item = get_json(client, reverse("api:agenda-items-detail", args=[data["public_item"].pk]))
    assert not set(item["priority_ids"]) & set(draft.priorities.values_list("pk", flat=True))


def test_no_personal_data_of_askers_or_complainants(client, data):
    build_question(data["meeting"], status=Question.Status.ANSWERED)
    build_question(data["meeting"], status=Question.Status.RECEIVED, asker_name="Other Asker")
    build_complaint()

    everything = "".join(
        text(client.get(url))
        for url in [*LIST_URLS, *CSV_URLS, reverse("api:openapi"), reverse("open-data")]
    )

    for secret in [
        "Hidden Asker",
        "hidden.asker@example.com",
        "s1 2hh",
        "Other Asker",
        "Zebedee",
        "zebedee.secret",
        "Wilhelmina",
    ]:
        assert secret not in everything


def test_persons_organizations_and_memberships_follow_popolo(client, data):
    member = data["member"]
    membership = member.memberships.get()

    person = get_json(client, reverse("api:persons-detail", args=[member.pk]))
    council_id = f"council-{member.council_id}"
    committee_id = f"committee-{membership.committee_id}"

    assert person["name"] == "J Akhtar"
    assert person["honorific_prefix"] == "Councillor"
    assert person["image"] is None
    assert person["on_behalf_of_id"] == council_id
    assert person["url"] == f"{SITE}/members/j-akhtar/"
    assert person["memberships"] == [
        get_json(client, reverse("api:memberships-detail", args=[membership.pk]))
    ]
    assert person["memberships"][0]["organization_id"] == committee_id
    assert person["memberships"][0]["on_behalf_of_id"] == council_id
    assert person["memberships"][0]["role"] == "Member"
    organizations = {org["id"]: org for org in results(client, "organizations")}
    assert organizations[committee_id]["classification"] == "committee"
    assert organizations[council_id]["classification"] == "council"
    assert organizations[council_id]["name"] == "Rotherham Metropolitan Borough Council"
    assert ids(client, "memberships", f"?organization={council_id}") == [membership.pk]
    assert ids(client, "memberships", f"?person={member.pk}") == [membership.pk]
    get_json(client, reverse("api:organizations-detail", args=["council-99"]), status=404)


def test_attendance_csv_has_a_header_and_the_right_rows(client, data):
    rows = read_csv(client, reverse("api:attendance-csv"))

    assert [(row["person_name"], row["status"], row["note"], row["council"]) for row in rows] == [
        ("Councillor A Carter", "apologies", "", ""),
        ("Councillor J Akhtar", "present", "Chair", "Rotherham Metropolitan Borough Council"),
    ]
    assert rows[0]["meeting_date"] == "2014-05-02"
    assert rows[0]["url"] == f"{SITE}/meetings/test-meeting/"
    assert read_csv(client, reverse("api:attendance-csv") + "?meeting=999") == []


def test_the_csv_files_are_streamed_with_every_row(client, monkeypatch):
    # Chunks of 7 rows, so that 30 rows take several reads and several pieces of the file.
    monkeypatch.setattr("opendata.views.CSV_CHUNK_SIZE", 7)
    meeting = build_meeting(items=0)
    for number in range(30):
        Attendance.objects.create(meeting=meeting, member=build_member(slug=f"member-{number}"))

    response = client.get(reverse("api:attendance-csv"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="attendance.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    pieces = [piece.decode("utf-8") for piece in response.streaming_content]
    assert len(pieces) == 5
    assert pieces[0].startswith("id,meeting_id,meeting_date,person_id,person_name,")
    rows = list(csv.DictReader(io.StringIO("".join(pieces))))
    assert sorted(int(row["id"]) for row in rows) == sorted(
        Attendance.objects.values_list("pk", flat=True)
    )
    assert len(rows) == 30


def test_readings_csv_holds_every_reading_and_takes_filters(client, data):
    measure = Measure.objects.filter(priority__plan=data["plan"]).order_by("pk").first()

    rows = read_csv(client, reverse("api:readings-csv"))
    filtered = read_csv(client, reverse("api:readings-csv") + f"?measure={measure.pk}")

    assert len(rows) == MeasureReading.objects.count() == 4
    assert [(row["period"], row["period_end"], row["value"]) for row in filtered] == [
        ("2010/11", "2011-03-31", "1000.0"),
        ("2011/12", "2012-03-31", "1010.0"),
    ]
    assert filtered[0]["area"] == "south_yorkshire"
    assert filtered[0]["unit"] == "crimes"
    assert [r["value"] for r in results(client, "readings", f"?measure={measure.pk}")] == [
        1000.0,
        1010.0,
    ]


def test_filters_narrow_the_lists(client, data):
    meeting = data["meeting"]
    other = build_meeting(slug="other", start=meeting.start - 400 * DAY, items=1)

    assert ids(client, "meetings", "?year=2014") == [meeting.pk]
    assert ids(client, "meetings", "?year=2013") == [other.pk]
    assert {r["meeting_id"] for r in results(client, "agenda-items", f"?meeting={other.pk}")} == {
        other.pk
    }
    assert {r["meeting_id"] for r in results(client, "papers", f"?meeting={other.pk}")} == {
        other.pk
    }
    assert {r["meeting_id"] for r in results(client, "resolutions", f"?meeting={other.pk}")} == {
        other.pk
    }
    assert ids(client, "actions", "?status=open") == [data["action"].pk]
    assert ids(client, "actions", "?status=completed") == []
    assert ids(client, "actions", f"?meeting={other.pk}") == []
    assert ids(client, "agenda-items", "?meeting=999") == []


def test_pagination_links_and_counts(client, data):
    for number in range(1, 5):
        build_meeting(slug=f"earlier-{number}", start=data["meeting"].start - number * DAY, items=0)
    url = reverse("api:meetings-list")

    first = get_json(client, url + "?page_size=2&year=2014")
    second = get_json(client, first["next"].removeprefix(SITE))
    last = get_json(client, second["next"].removeprefix(SITE))

    assert (first["count"], first["num_pages"], first["page_size"]) == (5, 3, 2)
    assert first["previous"] is None
    assert first["next"] == f"{SITE}/api/meetings/?page_size=2&year=2014&page=2"
    assert second["previous"] == f"{SITE}/api/meetings/?page_size=2&year=2014&page=1"
    assert last["next"] is None
    assert len(last["results"]) == 1
    seen = [r["id"] for page in (first, second, last) for r in page["results"]]
    assert sorted(seen) == sorted(Meeting.objects.values_list("pk", flat=True))
    assert get_json(client, url + "?page_size=100000")["page_size"] == MAX_PAGE_SIZE
    huge = get_json(client, url + "?page=99999999999", status=404)
    assert "no page 99999999999" in huge["error"]
    # An empty list still has its first page.
    assert get_json(client, reverse("api:actions-list") + "?kind=resolution")["results"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("meetings/?page=0", "page must be a whole number"),
        ("meetings/?page=-1", "page must be a whole number"),
        ("meetings/?page=abc", "page must be a whole number"),
        ("meetings/?page=" + "9" * 5000, "page must be a whole number"),
        ("meetings/?page_size=0", "page_size must be a whole number"),
        ("meetings/?page_size=-5", "page_size must be a whole number"),
        ("meetings/?page_size=1.5", "page_size must be a whole number"),
        ("meetings/?year=0000", "year must be a year"),
        ("meetings/?year=12345", "year must be a year"),
        ("meetings/?meeting=1", "Unknown parameter 'meeting'"),
        ("agenda-items/?meeting=abc", "meeting must be a record's id"),
        ("agenda-items/?meeting=%C2%B2", "meeting must be a record's id"),
        ("agenda-items/?meeting=" + "9" * 30, "meeting must be a record's id"),
        ("actions/?status=closed", "status must be one of"),
        ("readings/?area=yorkshire", "area must be one of"),
        ("memberships/?organization=party-1", "organization must be an organization id"),
        ("memberships/?organization=committee-x", "organization must be a record's id"),
        ("attendance.csv?page=2", "Unknown parameter 'page'"),
        ("readings.csv?measure=x", "measure must be a record's id"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, query, message):
    body = get_json(client, "/api/" + query, status=400)

    assert body["status"] == 400
    assert message in body["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/nothing/",
        "/api/meetings/999/",
        "/api/meetings/abc/",
        "/api/meetings/" + "9" * 40 + "/",
    ],
)
def test_unknown_lists_and_records_get_a_json_404(client, path):
    assert get_json(client, path, status=404)["status"] == 404


def test_the_api_only_reads(client, data):
    assert client.post(reverse("api:meetings-list")).status_code == 405
    assert client.delete(reverse("api:meetings-detail", args=[1])).status_code == 405


def test_openapi_description_covers_every_path_and_each_answers(client, data):
    document = get_json(client, reverse("api:openapi"))

    assert document["openapi"].startswith("3.")
    assert document["info"]["license"]["name"] == "Open Government Licence v3.0"
    paths = document["paths"]
    assert set(LIST_URLS) | set(CSV_URLS) <= set(paths)
    assert {url + "{id}/" for url in LIST_URLS} <= set(paths)
    for path in paths:
        name = path.split("/")[2]
        if "{id}" in path:
            first = results(client, name)[0]["id"]
            path = path.replace("{id}", str(first))
        assert client.get(path).status_code == 200, path
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(document)))
    assert refs <= set(document["components"]["schemas"])
    # A schema's fields are those the records have.
    for name, viewset in LISTS.items():
        component = viewset.serializer_class.__name__.removesuffix("Serializer")
        assert list(document["components"]["schemas"][component]["properties"]) == fields(name)


def test_documentation_page_lists_every_endpoint(client):
    response = client.get(reverse("open-data"))

    assert response.status_code == 200
    text = response.text
    assert "<title>Open data – South Yorkshire Police and Crime Panel</title>" in text
    for url in LIST_URLS + CSV_URLS:
        assert f"<code>{url}</code>" in text
        assert f'href="{url}"' in text
    assert f'href="{reverse("api:openapi")}"' in text
    assert "Open Government Licence v3.0" in text
    for name in LISTS:
        assert f'id="{name}"' in text
        for field in fields(name):
            assert f"<code>{field}</code>" in text
    # Every example link on the page answers.
    for href in re.findall(r'href="(/api/[^"]*)"', text):
        assert client.get(href.replace("&amp;", "&")).status_code in (200, 404), href


@pytest.mark.parametrize("size", [1, 30])
def test_query_counts_do_not_grow_with_the_data(client, django_assert_max_num_queries, size):
    plan = build_plan(priorities=size, measures=1, readings=2)
    meeting = build_meeting(items=size, exempt_items=1, attachments=True)
    for number in range(2, size + 1):
        build_meeting(slug=f"other-{number}", start=meeting.start - number * DAY, items=1)
    for item in meeting.items.all():
        item.priorities.set(plan.priorities.all())
        build_action(item, reference=f"R{item.number}").priorities.set(plan.priorities.all())
    for number in range(size):
        member = build_member(
            slug=f"member-{number}", council_name=None if number % 2 else "Barnsley"
        )
        for other in Meeting.objects.all()[:5]:
            Attendance.objects.create(meeting=other, member=member)

    # A count, the page, and one query for each list of related records the records hold.
    for url in LIST_URLS:
        with django_assert_max_num_queries(5):
            page = client.get(url + f"?page_size={MAX_PAGE_SIZE}").json()
        assert page["count"] >= 1, url
        with django_assert_max_num_queries(4):
            assert client.get(page["results"][0]["api_url"].removeprefix(SITE)).status_code == 200
    for url in CSV_URLS:
        # Read as it streams: the query runs while the file is sent.
        with django_assert_max_num_queries(1):
            response = client.get(url)
            assert response.status_code == 200
            assert len(csv_text(response).splitlines()) > 1, url
    with django_assert_max_num_queries(0):
        assert client.get(reverse("api:openapi")).status_code == 200
        assert client.get(reverse("open-data")).status_code == 200
