"""The action log: its queryset, the public page, the item and meeting pages, and the admin."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from meetings.models import Action, Committee, Meeting
from staff.groups import COMPLAINTS_OFFICERS, SCRUTINY_OFFICERS
from tests.meetings.factories import build_action, build_meeting

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
LOG = reverse("meetings:actions")


def test_queryset_keeps_exempt_items_and_draft_meetings_out_and_splits_open_from_closed():
    meeting = build_meeting(items=1, exempt_items=1)
    draft = build_meeting(slug="draft", is_published=False)
    public = meeting.items.get(number=1)
    shown = [
        build_action(public, reference="Open", status=Action.Status.OPEN),
        build_action(public, reference="Going", status=Action.Status.IN_PROGRESS),
        build_action(
            public,
            reference="Done",
            status=Action.Status.COMPLETED,
            completed_on=datetime.date(2014, 6, 1),
        ),
        build_action(public, reference="Refused", status=Action.Status.NOT_ACCEPTED),
    ]
    build_action(meeting.items.get(number=2), reference="Exempt")
    build_action(draft.items.get(), reference="Draft")

    published = Action.objects.published()

    assert set(published) == set(shown)
    assert {action.reference for action in published.open()} == {"Open", "Going"}
    assert {action.reference for action in published.closed()} == {"Done", "Refused"}


def test_overdue_is_an_open_action_past_its_due_date():
    item = build_meeting().items.get()
    yesterday = timezone.localdate() - DAY

    assert build_action(item, reference="Late", due_date=yesterday).is_overdue
    assert not build_action(item, reference="Undated", due_date=None).is_overdue
    done = build_action(
        item,
        reference="Done late",
        due_date=yesterday,
        status=Action.Status.COMPLETED,
        completed_on=timezone.localdate(),
    )
    assert not done.is_overdue


def test_action_log_shows_each_action_with_its_details(client):
    meeting = build_meeting()
    item = meeting.items.get()
    action = build_action(
        item,
        reference="Recommendation 3",
        text="The force should review the sex offender management team.",
        source="HMIC, Child sexual exploitation, 2013",
        owner="South Yorkshire Police (the Chief Constable)",
        due_description="Immediate",
        due_date=datetime.date(2013, 11, 11),
        status=Action.Status.COMPLETED,
        completed_on=datetime.date(2014, 5, 2),
        responses=2,
        resolution=item.minute.resolutions.get(),
    )

    response = client.get(LOG)

    assert response.status_code == 200
    assert "<title>Action log – South Yorkshire Police and Crime Panel</title>" in response.text
    assert f'id="action-{action.pk}"' in response.text
    for text in [
        "Recommendation 3",
        "The force should review the sex offender management team.",
        "HMIC, Child sexual exploitation, 2013",
        "South Yorkshire Police (the Chief Constable)",
        "Immediate",
        "11 November 2013",
        "by 2 May 2014",
        "Minute J1, resolution 1",
        "1 May 2014, Police and Crime Commissioner:",
        "Response 2 to Recommendation 3.",
        "1 entry.",
    ]:
        assert text in response.text, text
    assert '<strong class="govuk-tag govuk-tag--green">Completed</strong>' in response.text
    assert "Overdue" not in response.text
    assert f'href="{meeting.get_absolute_url()}">Police and Crime Panel, 2 May 2014</a>' in (
        response.text
    )
    assert f'href="{item.get_absolute_url()}">item 1: Item 1</a>' in response.text
    assert action.get_absolute_url() == f"{item.get_absolute_url()}#action-{action.pk}"


def test_overdue_actions_are_highlighted_and_open_ones_come_first(client):
    item = build_meeting().items.get()
    build_action(
        item,
        reference="Done",
        due_date=datetime.date(2013, 1, 1),
        status=Action.Status.COMPLETED,
        completed_on=datetime.date(2013, 2, 1),
    )
    build_action(item, reference="Late", due_date=timezone.localdate() - DAY)

    text = client.get(LOG).text

    assert text.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 1
    assert text.index(">Late</h2>") < text.index(">Done</h2>")


def test_log_filters_by_status_kind_committee_and_year_and_combines_them(client):
    panel = build_meeting(slug="panel-2014").items.get()
    group = build_meeting(slug="group", start=timezone.now() - 400 * DAY).items.get()
    group.meeting.committee = Committee.objects.create(name="Task group", slug="task-group")
    group.meeting.save()
    build_action(panel, reference="Panel open", kind=Action.Kind.RESOLUTION)
    build_action(
        panel,
        reference="Panel done",
        status=Action.Status.COMPLETED,
        completed_on=datetime.date(2014, 6, 1),
    )
    build_action(group, reference="Group open", kind=Action.Kind.PANEL_RECOMMENDATION)

    def shown(**query):
        text = client.get(LOG, query).text
        return {name for name in ["Panel open", "Panel done", "Group open"] if f">{name}<" in text}

    assert shown() == {"Panel open", "Panel done", "Group open"}
    assert shown(status="open") == {"Panel open", "Group open"}
    assert shown(status="completed") == {"Panel done"}
    assert shown(kind="resolution") == {"Panel open"}
    assert shown(committee="task-group") == {"Group open"}
    assert shown(year="2014") == {"Panel open", "Panel done"}
    assert shown(status="open", year="2014") == {"Panel open"}
    assert shown(status="open", committee="police-and-crime-panel", kind="resolution") == {
        "Panel open"
    }
    response = client.get(LOG, {"status": "open", "year": "2014"})
    assert '<option value="open" selected>' in response.text
    assert '<option value="2014" selected>' in response.text
    assert "Clear the filters" in response.text
    assert "No actions match." in client.get(LOG, {"committee": "nobody"}).text


@pytest.mark.parametrize(
    "query",
    [
        {"status": "nonsense"},
        {"kind": "<script>"},
        {"year": "99999999999"},
        {"year": "²"},
        {"year": "0"},
        {"committee": "'; drop table"},
        {"status": ["open", "completed"]},
    ],
)
def test_bad_filter_values_are_ignored_not_an_error(client, query):
    build_action(build_meeting().items.get())

    response = client.get(LOG, query)

    assert response.status_code == 200
    assert "<script>" not in response.text


def test_bad_values_show_everything_with_nothing_selected(client):
    build_action(build_meeting().items.get(), reference="Shown")

    response = client.get(LOG, {"status": "nonsense", "kind": "x", "year": "1066"})

    assert ">Shown<" in response.text
    assert " selected>" not in response.text
    assert "Clear the filters" not in response.text


def test_pagination_keeps_the_filters(client):
    item = build_meeting().items.get()
    for number in range(1, 26):
        build_action(item, reference=f"Open {number}", responses=0)
    build_action(
        item,
        reference="Closed",
        status=Action.Status.COMPLETED,
        completed_on=datetime.date(2014, 6, 1),
    )

    first = client.get(LOG, {"status": "open"})
    assert first.text.count('class="govuk-summary-card"') == 20
    assert "25 entries match, page 1 of 2." in first.text
    assert 'href="?status=open&amp;page=2"' in first.text
    second = client.get(LOG, {"status": "open", "page": 2})
    assert second.text.count('class="govuk-summary-card"') == 5
    assert ">Closed<" not in second.text
    assert client.get(LOG, {"page": 99}).status_code == 404


def test_exempt_items_and_draft_meetings_never_show_their_actions(client, login_staff, staff_user):
    meeting = build_meeting(items=1, exempt_items=1)
    exempt = meeting.items.get(number=2)
    draft = build_meeting(slug="draft", is_published=False)
    build_action(exempt, reference="Secret exempt", text="Secret exempt text")
    build_action(draft.items.get(), reference="Secret draft", text="Secret draft text")

    pages = [
        LOG,
        meeting.get_absolute_url(),
        exempt.get_absolute_url(),
    ]
    for url in pages:
        assert "Secret" not in client.get(url).text, url
    assert client.get(draft.items.get().get_absolute_url()).status_code == 404
    assert "No actions have been published yet." in client.get(LOG).text

    # An officer previewing the draft sees its actions; the exempt item's stay hidden.
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    assert "Secret draft text" in client.get(draft.items.get().get_absolute_url()).text
    assert "Secret exempt" not in client.get(exempt.get_absolute_url()).text
    assert "Secret" not in client.get(LOG).text


def test_item_and_meeting_pages_list_the_items_actions_with_their_status(client):
    meeting = build_meeting()
    item = meeting.items.get()
    late = build_action(item, reference="Recommendation 1", due_date=timezone.localdate() - DAY)
    build_action(
        item,
        reference="Recommendation 2",
        status=Action.Status.IN_PROGRESS,
        due_description="Within six months",
    )

    item_page = client.get(item.get_absolute_url()).text
    assert "Actions and recommendations" in item_page
    assert f'id="action-{late.pk}"' in item_page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in item_page
    assert '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>' in item_page
    assert "Within six months" in item_page
    assert "Response 1 to Recommendation 2." in item_page

    meeting_page = client.get(meeting.get_absolute_url()).text
    assert "Actions and recommendations from this item (2)" in meeting_page
    assert f'href="{item.get_absolute_url()}#action-{late.pk}">Recommendation 1</a>' in (
        meeting_page
    )
    assert '<strong class="govuk-tag govuk-tag--blue">Open</strong>' in meeting_page


def test_the_log_is_linked_from_the_meetings_page_and_the_footer(client):
    text = client.get(reverse("meetings:index")).text

    assert text.count(f'href="{LOG}"') == 2
    log = client.get(LOG).text
    assert 'aria-current="true"' in log  # the Meetings section of the navigation


@pytest.mark.parametrize("size", [1, 30])
def test_query_counts_do_not_grow_with_the_actions(client, django_assert_max_num_queries, size):
    meeting = build_meeting(items=2)
    item = meeting.items.get(number=1)
    for number in range(size):
        build_action(
            item,
            reference=f"Recommendation {number}",
            responses=2,
            resolution=item.minute.resolutions.get(),
        )
    for number in range(size):
        other = build_meeting(slug=f"other-{number}", start=meeting.start - (number + 1) * DAY)
        build_action(other.items.get(), reference=f"Other {number}")

    # With when the log last changed (the change log, one query).
    with django_assert_max_num_queries(6):
        assert client.get(LOG).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(LOG, {"status": "open", "year": "2014"}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(item.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(meeting.get_absolute_url()).status_code == 200


@pytest.fixture
def officer(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    return client


def test_scrutiny_officer_opens_the_action_admin(officer):
    item = build_meeting().items.get()
    action = build_action(item, reference="Late one", due_date=timezone.localdate() - DAY)
    build_action(
        item,
        reference="Done one",
        kind=Action.Kind.RESOLUTION,
        status=Action.Status.COMPLETED,
        completed_on=datetime.date(2014, 6, 1),
    )
    url = reverse("admin:meetings_action_changelist")

    def listed(**query):
        response = officer.get(url, query)
        assert response.status_code == 200
        return {name for name in ["Late one", "Done one"] if f"do {name}." in response.text}

    assert listed() == {"Late one", "Done one"}
    assert listed(overdue="yes") == {"Late one"}
    assert listed(overdue="nonsense") == {"Late one", "Done one"}
    assert listed(status__exact="completed") == {"Done one"}
    assert listed(kind__exact="resolution") == {"Done one"}
    assert listed(agenda_item__meeting__committee__id__exact=item.meeting.committee_id) == {
        "Late one",
        "Done one",
    }
    assert listed(q="Late") == {"Late one"}
    change = officer.get(reverse("admin:meetings_action_change", args=[action.pk]))
    assert change.status_code == 200
    assert "Response 1 to Late one." in change.text
    assert officer.get(reverse("admin:meetings_action_add")).status_code == 200
    item_page = officer.get(reverse("admin:meetings_agendaitem_change", args=[item.pk]))
    assert 'name="actions-0-reference"' in item_page.text
    autocomplete = officer.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "meetings",
            "model_name": "action",
            "field_name": "resolution",
            "term": "J1",
        },
    )
    assert autocomplete.json()["results"][0]["text"] == "J1 (1)"


def action_form(item, **fields):
    return {
        "agenda_item": item.pk,
        "resolution": "",
        "kind": "resolution",
        "reference": "J1 (1)",
        "source": "",
        "text": "That a protocol be drafted.",
        "owner": "Scrutiny Manager",
        "due_description": "",
        "due_date": "",
        "status": "open",
        "completed_on": "",
        "responses-TOTAL_FORMS": "0",
        "responses-INITIAL_FORMS": "0",
        **fields,
    }


def test_action_form_explains_its_mistakes_and_keeps_the_input(officer):
    meeting = build_meeting(items=2)
    item = meeting.items.get(number=1)
    other_resolution = meeting.items.get(number=2).minute.resolutions.get()
    url = reverse("admin:meetings_action_add")

    response = officer.post(url, action_form(item, status="completed"))
    assert response.status_code == 200
    assert "Give the date it was completed." in response.text
    assert "That a protocol be drafted." in response.text

    response = officer.post(url, action_form(item, resolution=other_resolution.pk))
    assert "The resolution must be one of this agenda item&#x27;s minute." in response.text

    response = officer.post(url, action_form(item, due_date="31/02/2014"))
    assert "Enter a valid date." in response.text
    assert not Action.objects.exists()

    response = officer.post(
        url,
        action_form(
            item,
            resolution=item.minute.resolutions.get().pk,
            **{
                "responses-TOTAL_FORMS": "1",
                "responses-0-date": "2014-06-01",
                "responses-0-given_by": "Scrutiny Manager",
                "responses-0-text": "A draft is with the committees.",
            },
        ),
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.responses.get().text == "A draft is with the committees."
    assert action.history.count() == 1


def test_agenda_item_inline_refuses_a_completed_action_without_a_date(officer):
    item = build_meeting().items.get()
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    page = officer.get(url)
    form = {
        "meeting": item.meeting.pk,
        "number": "1",
        "order": "1",
        "title": "Item 1",
        "summary": "",
        "presenter": "",
        "pages": "",
        "urgent_reason": "",
        "exempt_paragraph": "",
        "exempt_reason": "",
        "papers-TOTAL_FORMS": "0",
        "papers-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-reference": "J1 (1)",
        "actions-0-kind": "resolution",
        "actions-0-text": "Draft a protocol.",
        "actions-0-owner": "Scrutiny Manager",
        "actions-0-status": "completed",
        "actions-0-completed_on": "",
    }
    assert page.status_code == 200

    response = officer.post(url, form)

    assert response.status_code == 200
    assert "Give the date it was completed." in response.text
    assert not Action.objects.exists()


def test_complaints_officer_cannot_open_the_action_log_admin(client, login_staff, staff_user):
    staff_user.groups.add(Group.objects.get(name=COMPLAINTS_OFFICERS))
    login_staff(client, staff_user)
    action = build_action(build_meeting().items.get())

    assert client.get(reverse("admin:meetings_action_changelist")).status_code == 403
    assert client.get(reverse("admin:meetings_action_change", args=[action.pk])).status_code == 403


def test_deleting_a_meeting_with_actions_is_refused_not_an_error(officer):
    meeting = build_meeting()
    build_action(meeting.items.get())

    response = officer.post(
        reverse("admin:meetings_meeting_delete", args=[meeting.pk]), {"post": "yes"}
    )

    assert response.status_code in (200, 403)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
