import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Meeting, Minute, Paper
from staff.groups import SCRUTINY_OFFICERS
from tests.meetings.factories import build_meeting, build_member
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_meetings_page_lists_upcoming_first_then_past_by_year(client):
    now = timezone.now()
    build_meeting(slug="next", start=now + 10 * DAY)
    build_meeting(slug="later", start=now + 40 * DAY)
    build_meeting(slug="old")
    build_meeting(slug="draft", start=now + 5 * DAY, is_published=False)

    response = client.get(reverse("meetings:index"))

    assert response.status_code == 200
    assert "<title>Meetings – South Yorkshire Police and Crime Panel</title>" in response.text
    text = response.text
    assert text.index("Upcoming meetings") < text.index("/meetings/next/")
    assert text.index("/meetings/next/") < text.index("/meetings/later/")
    assert text.index("/meetings/later/") < text.index(">2014</h2>") < text.index("/meetings/old/")
    assert "/meetings/draft/" not in text
    assert 'aria-label="Breadcrumb"' in text


def test_meetings_page_filters_by_year_and_committee_and_paginates(client):
    for day in range(1, 26):
        build_meeting(slug=f"m-{day}", start=timezone.now() - 400 * DAY + day * DAY, items=0)
    build_meeting(slug="old", items=0)

    response = client.get(reverse("meetings:index"), {"year": "2014"})
    assert "/meetings/old/" in response.text
    assert "/meetings/m-1/" not in response.text
    response = client.get(reverse("meetings:index"), {"committee": "no-such-committee"})
    assert "No meetings match." in response.text

    first = client.get(reverse("meetings:index"))
    assert first.text.count('class="govuk-link govuk-!-font-weight-bold"') == 20
    second = client.get(reverse("meetings:index"), {"page": 2})
    assert "/meetings/old/" in second.text
    assert 'aria-current="page">2</a>' in second.text


# A NUL byte gets the styled 400 before any page sees it (tests/panel_site/test_bad_input.py).
@pytest.mark.parametrize("year", ["0000", "99999", "20x4", "-2014"])
def test_meetings_page_ignores_a_year_that_is_no_year(client, year):
    build_meeting(slug="old", items=0)

    response = client.get(reverse("meetings:index"), {"year": year})

    assert response.status_code == 200
    assert "/meetings/old/" in response.text


def test_meeting_page_shows_agenda_papers_minutes_and_neighbours(client):
    meeting = build_meeting(items=2, attachments=True)
    build_meeting(slug="earlier", start=meeting.start - 30 * DAY)

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == 200
    assert "Friday 2 May 2014" in response.text
    assert "1.30 p.m." in response.text
    assert "Moorgate Street, Rotherham S60 2TH" in response.text
    assert 'href="/meetings/test-meeting/items/2/">Item 2</a>' in response.text
    assert "Minute J1" in response.text and "Resolution 2" in response.text
    assert "(PDF, 28\xa0bytes)" in response.text
    assert 'href="/meetings/earlier/" rel="prev"' in response.text


def test_meeting_page_shows_a_venue_without_an_address_as_given(client):
    meeting = build_meeting(items=0)
    Meeting.objects.filter(pk=meeting.pk).update(venue_address="")

    response = client.get(meeting.get_absolute_url())

    assert '<dd class="govuk-summary-list__value">Town Hall</dd>' in response.text
    Meeting.objects.filter(pk=meeting.pk).update(venue_name="")
    response = client.get(meeting.get_absolute_url())
    assert '<dd class="govuk-summary-list__value">Not published</dd>' in response.text


def test_an_unknown_time_reads_not_recorded_when_past_and_to_be_confirmed_when_ahead(client):
    past = build_meeting(items=0)
    ahead = build_meeting(slug="ahead", items=0, start=timezone.now() + datetime.timedelta(days=30))
    Meeting.objects.update(start_time_known=False)

    past_text = client.get(past.get_absolute_url()).text
    ahead_text = client.get(ahead.get_absolute_url()).text

    assert '<dd class="govuk-summary-list__value">Not recorded</dd>' in past_text
    assert '<dd class="govuk-summary-list__value">To be confirmed</dd>' in ahead_text


def test_cancelled_meeting_has_a_status_banner(client):
    meeting = build_meeting()
    meeting.status = meeting.Status.CANCELLED
    meeting.save()

    assert "This meeting has been cancelled." in client.get(meeting.get_absolute_url()).text


def test_item_page_shows_report_minute_and_plan_priorities(client):
    meeting = build_meeting()
    item = meeting.items.get()
    priority = build_plan().priorities.get()
    item.priorities.add(priority)
    paper = item.papers.get()
    paper.body_markdown = "### Findings\n\nSee <script>alert(1)</script> **this**."
    paper.save()

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert f"<title>1. Item 1 – {meeting.title} – South Yorkshire" in response.text
    assert '<h3 class="govuk-heading-m">Findings</h3>' in response.text
    assert "<strong>this</strong>" in response.text
    assert "<script>alert" not in response.text
    assert f'href="{priority.get_absolute_url()}"' in response.text
    assert "Resolution 1" in response.text


def test_exempt_item_shows_only_a_placeholder_everywhere(client):
    meeting = build_meeting(items=1, exempt_items=1, attachments=True)
    exempt = meeting.items.get(is_exempt=True)

    for url in [meeting.get_absolute_url(), exempt.get_absolute_url(), reverse("home")]:
        text = client.get(url).text
        assert "Secret paper" not in text
        assert "Secret minute" not in text
        assert "appendix-2" not in text
        assert f"/meetings/documents/{exempt.papers.get().attachments.get().pk}/" not in text
    text = client.get(exempt.get_absolute_url()).text
    assert "This item is exempt" in text
    assert "Paragraph 7: prevention, investigation or prosecution of crime" in text
    assert "It would prejudice an investigation." in text


def test_drafts_are_not_found(client):
    meeting = build_meeting(is_published=False)

    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(meeting.items.get().get_absolute_url()).status_code == 404
    assert client.get("/meetings/test-meeting/items/9/").status_code == 404


def test_unpublished_papers_and_minutes_are_not_shown(client):
    meeting = build_meeting()
    item = meeting.items.get()
    item.papers.update(is_published=False)
    Minute.objects.update(is_published=False)

    text = client.get(item.get_absolute_url()).text
    assert "Report 1" not in text
    assert "Minute text 1" not in text
    assert "No report has been published for this item." in text


@pytest.mark.parametrize("size", [1, 50])
def test_query_counts_do_not_grow_with_the_data(client, django_assert_max_num_queries, size):
    plan = build_plan(priorities=2)
    meeting = build_meeting(items=size, attachments=True)
    for number in range(2, size + 1):
        build_meeting(slug=f"other-{number}", start=meeting.start - number * DAY, items=0)
    for item in AgendaItem.objects.all():
        item.priorities.set(plan.priorities.all())
    for number in range(size):
        member = build_member(
            slug=f"member-{number}", council_name=None if number % 2 else "Barnsley"
        )
        Attendance.objects.create(meeting=meeting, member=member)
        for other in Meeting.objects.exclude(pk=meeting.pk)[:5]:
            Attendance.objects.create(meeting=other, member=member, status="apologies")

    with django_assert_max_num_queries(5):
        assert client.get(reverse("meetings:index")).status_code == 200
    # The meeting and item pages each fetch the items' actions and the public's questions; the
    # item page the actions' responses too.
    with django_assert_max_num_queries(10):
        assert client.get(meeting.get_absolute_url()).status_code == 200
    item_url = meeting.items.get(number=1).get_absolute_url()
    with django_assert_max_num_queries(8):
        assert client.get(item_url).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("meetings:members")).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("meetings:member-detail", args=["member-0"])).status_code == 200
    with django_assert_max_num_queries(6):  # with when the site last changed
        assert client.get(reverse("home")).status_code == 200


def test_members_page_groups_by_council_with_co_opted_members(client):
    build_member(slug="r-sixsmith", council_name="Barnsley Metropolitan Borough Council")
    build_member(slug="a-carter", council_name=None)

    response = client.get(reverse("meetings:members"))

    assert response.status_code == 200
    text = response.text
    assert text.index("Barnsley Metropolitan Borough Council") < text.index("R Sixsmith")
    assert text.index("Co-opted independent members") < text.index("A Carter")
    member = client.get(reverse("meetings:member-detail", args=["a-carter"]))
    assert member.status_code == 200
    assert "Member, Police and Crime Panel" in member.text


def test_home_page_shows_the_next_meeting_and_latest_minutes(client):
    build_meeting(slug="coming", start=timezone.now() + 10 * DAY, minutes=False)
    build_meeting(slug="held")

    text = client.get(reverse("home")).text

    assert 'href="/meetings/coming/"' in text
    assert "Minutes of the latest meetings" in text
    assert 'href="/meetings/held/"' in text


def latest_papers(text):
    """The papers the home page lists under "Latest papers and minutes", in order."""
    section = text[
        text.index("Latest papers and minutes") : text.index("The Police and Crime Plan")
    ]
    return re.findall(r'<li><a class="govuk-link" href="([^"]*)">([^<]*)</a><br>', section)


def test_home_page_lists_the_newest_public_papers(client):
    held = build_meeting(slug="held", items=2, exempt_items=1)
    coming = build_meeting(slug="coming", start=timezone.now() + 10 * DAY, minutes=False)
    Paper.objects.filter(agenda_item__meeting=coming).update(title="Budget report")
    draft = build_meeting(slug="draft", start=timezone.now() + 20 * DAY, is_published=False)
    Paper.objects.filter(agenda_item__meeting=draft).update(title="Draft meeting's report")
    Paper.objects.create(agenda_item=held.items.get(number=1), title="Unpublished report")

    text = client.get(reverse("home")).text

    # The next meeting's papers first; never a draft meeting's, an exempt item's or a draft paper.
    assert latest_papers(text) == [
        ("/meetings/coming/items/1/", "Budget report"),
        ("/meetings/held/items/1/", "Report 1"),
        ("/meetings/held/items/2/", "Report 2"),
    ]
    assert "Secret paper" not in text
    assert "Draft meeting" not in text
    assert "Unpublished report" not in text
    assert 'href="/meetings/held/"' in text  # its minutes


def test_home_page_lists_at_most_five_papers_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    for number in range(1, 31):
        build_meeting(slug=f"m-{number}", start=timezone.now() - number * DAY, items=2)

    with django_assert_max_num_queries(5):
        text = client.get(reverse("home")).text

    assert [title for _, title in latest_papers(text)] == ["Report 1", "Report 2"] * 2 + [
        "Report 1"
    ]
    assert latest_papers(text)[0][0] == "/meetings/m-1/items/1/"


def test_meeting_and_member_pages_show_attendance(client):
    meeting = build_meeting()
    present = build_member(slug="j-akhtar")
    away = build_member(slug="m-dyson", council_name="Barnsley Metropolitan Borough Council")
    Attendance.objects.create(meeting=meeting, member=present, note="Chairman")
    Attendance.objects.create(meeting=meeting, member=away, status=Attendance.Status.APOLOGIES)
    draft = build_meeting(slug="draft", is_published=False, items=0)
    Attendance.objects.create(meeting=draft, member=present)

    text = client.get(meeting.get_absolute_url()).text
    assert (
        text.index(">Present</h3>")
        < text.index("Councillor J Akhtar")
        < text.index("Apologies for absence")
    )
    assert text.index("Apologies for absence") < text.index("Councillor M Dyson")
    assert "(Chairman)" in text
    member_page = client.get(present.get_absolute_url()).text
    assert f"{meeting.title}</a>: Present" in member_page
    assert "/meetings/draft/" not in member_page


def test_officers_in_attendance_are_listed_under_attendance(client):
    meeting = build_meeting()
    meeting.officers_in_attendance = "Deborah Fellowes, Scrutiny Manager\n\n"
    meeting.save()

    text = client.get(meeting.get_absolute_url()).text

    assert (
        text.index(">Attendance</h2>")
        < text.index("Officers and others in attendance")
        < text.index("<li>Deborah Fellowes, Scrutiny Manager</li>")
    )
    assert "<li></li>" not in text


def test_attachments_are_served_only_while_their_paper_is_public(client):
    meeting = build_meeting(items=1, exempt_items=1, attachments=True)
    public = meeting.items.get(number=1).papers.get().attachments.get()
    exempt = meeting.items.get(number=2).papers.get().attachments.get()

    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert f'href="{public.get_absolute_url()}"' in client.get(meeting.get_absolute_url()).text
    assert client.get(exempt.get_absolute_url()).status_code == 404
    meeting.is_published = False
    meeting.save()
    assert client.get(public.get_absolute_url()).status_code == 404


def test_officers_preview_a_draft_meeting_as_the_public_will_see_it(
    client, login_staff, staff_user
):
    staff_user.groups.add(Group.objects.get(name=SCRUTINY_OFFICERS))
    login_staff(client, staff_user)
    meeting = build_meeting(is_published=False, items=1, exempt_items=1)

    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this meeting is a draft." in response.text
    assert "Minute text 1" in response.text
    assert "Secret minute" not in response.text
    item = client.get(meeting.items.get(number=1).get_absolute_url())
    assert "Preview: this meeting is a draft." in item.text
    assert "Report 1" in item.text
    assert "Secret paper" not in client.get(meeting.items.get(number=2).get_absolute_url()).text
