import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Council, Member, Membership
from tests.meetings.factories import committee

pytestmark = pytest.mark.django_db

BARNSLEY = "Barnsley Metropolitan Borough Council"
SHEFFIELD = "Sheffield City Council"


def member(slug, *, council=BARNSLEY, party="", start=None, end=None, role="member"):
    council = Council.objects.get_or_create(name=council)[0] if council else None
    person = Member.objects.create(
        name=slug.replace("-", " ").title(),
        slug=slug,
        title="Councillor",
        council=council,
        party=party,
    )
    Membership.objects.create(member=person, committee=committee(), role=role, start=start, end=end)
    return person


def panel():
    """The panel over time: two members leave in April 2014, one joins in June 2014."""
    Council.objects.create(name=SHEFFIELD, order=2)
    Council.objects.create(name=BARNSLEY, order=1)
    member("a-labour", party="Labour", role="chair")
    member("b-labour", council=SHEFFIELD, party="Labour")
    member(
        "c-liberal", council=SHEFFIELD, party="Liberal Democrats", end=datetime.date(2014, 4, 30)
    )
    member("d-nobody", council=SHEFFIELD)
    member("e-conservative", party="Conservative", start=datetime.date(2014, 6, 1))
    member("f-independent", council=None, role="co_opted", end=datetime.date(2014, 4, 30))
    member("g-independent", council=None, role="co_opted", start=datetime.date(2012, 11, 1))


def balance(text):
    table = text[text.index("Political balance</h2>") :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">(.*?)</th>\s*<td[^>]*>(\d+)</td>', table
    )
    return [(party, int(count)) for party, count in rows]


def names(text):
    return re.findall(r'href="/members/([a-z0-9-]+)/"', text)


def test_members_today_by_council_then_co_opted_with_the_political_balance(client):
    panel()

    response = client.get(reverse("meetings:members"))

    assert response.status_code == 200
    text = response.text
    assert names(text) == ["a-labour", "e-conservative", "b-labour", "d-nobody", "g-independent"]
    assert text.index(BARNSLEY) < text.index(SHEFFIELD) < text.index("Co-opted independent members")
    assert "Chair of the Police and Crime Panel" in text
    assert balance(text) == [
        ("Labour", 2),
        ("Conservative", 1),
        ("No party recorded", 1),
        ("Co-opted independent members", 1),
        ("All members", 5),
    ]
    assert "Members by political party today." in text
    assert "The members as they were on" not in text


@pytest.mark.parametrize(
    "query",
    [
        {"date-day": "31", "date-month": "3", "date-year": "2014"},
        {"date-day": " 31 ", "date-month": "03", "date-year": "2014"},
        {"date": "2014-03-31"},
    ],
)
def test_members_on_a_date(client, query):
    panel()

    response = client.get(reverse("meetings:members"), query)

    text = response.text
    assert (
        "<title>Members on 31 March 2014 – South Yorkshire Police and Crime Panel</title>" in text
    )
    assert names(text) == [
        "a-labour",
        "b-labour",
        "c-liberal",
        "d-nobody",
        "f-independent",
        "g-independent",
    ]
    assert balance(text) == [
        ("Labour", 2),
        ("Liberal Democrats", 1),
        ("No party recorded", 1),
        ("Co-opted independent members", 2),
        ("All members", 6),
    ]
    assert "The members as they were on <strong>31 March 2014</strong>." in text
    assert "Where a role's start date is not recorded" in text
    assert 'name="date-day" type="text" inputmode="numeric" value="31">' in text
    assert 'name="date-year" type="text" inputmode="numeric" value="2014">' in text


def test_last_day_of_a_membership_counts_and_a_date_before_anyone_is_empty(client):
    panel()

    text = client.get(reverse("meetings:members"), {"date": "2014-04-30"}).text
    assert "c-liberal" in names(text)
    text = client.get(reverse("meetings:members"), {"date": "2014-05-01"}).text
    assert "c-liberal" not in names(text)
    Membership.objects.filter(start__isnull=True).update(start=datetime.date(2012, 11, 1))
    text = client.get(reverse("meetings:members"), {"date": "2012-10-31"}).text
    assert names(text) == []
    assert "No members are recorded on the panel on 31 October 2012." in text
    assert "Political balance" not in text


@pytest.mark.parametrize(
    ("query", "message", "marked"),
    [
        ({"date-day": "31", "date-year": "2014"}, "The date must include a month", ["month"]),
        ({"date-month": "3"}, "The date must include a day and a year", ["day", "year"]),
        (
            {"date-day": "x", "date-month": "3", "date-year": "2014"},
            "Enter the date as numbers, for example 31 3 2014",
            ["day"],
        ),
        (
            {"date-day": "31", "date-month": "2", "date-year": "2014"},
            "The date must be a real date",
            ["day", "month", "year"],
        ),
        (
            {"date-day": "1", "date-month": "13", "date-year": "2014"},
            "The date must be a real date",
            ["day", "month", "year"],
        ),
        (
            {"date-day": "1", "date-month": "3", "date-year": "14"},
            "The year must include 4 numbers",
            ["year"],
        ),
        (
            {"date-day": "1", "date-month": "3", "date-year": "0000"},
            "The date must be a real date",
            ["day", "month", "year"],
        ),
        (
            {"date-day": "1", "date-month": "3", "date-year": "2O14"},
            "Enter the date as numbers, for example 31 3 2014",
            ["year"],
        ),
        (
            {"date-day": "99999999999999999999", "date-month": "3", "date-year": "2014"},
            "The date must be a real date",
            ["day", "month", "year"],
        ),
        (
            {"date": "31/03/2014"},
            "Enter the date as a day, month and year, for example 31 3 2014",
            ["day", "month", "year"],
        ),
        ({"date": "2014-02-30"}, "The date must be a real date", ["day", "month", "year"]),
    ],
)
def test_a_bad_date_gives_a_polite_error_and_today_s_members(client, query, message, marked):
    panel()

    response = client.get(reverse("meetings:members"), query)

    assert response.status_code == 200
    text = response.text
    assert text.startswith("<!DOCTYPE html>")
    assert "<title>Error: Members – South Yorkshire Police and Crime Panel</title>" in text
    assert f'<li><a href="#date-{marked[0]}">{message}</a></li>' in text
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in text
    assert 'aria-describedby="date-hint date-error"' in text
    for part in ["day", "month", "year"]:
        field = re.search(rf'<input class="([^"]*)" id="date-{part}"', text).group(1)
        assert ("govuk-input--error" in field) == (part in marked)
    # What the reader typed is kept, and today's members are shown meanwhile.
    if "date-day" in query:
        day = re.search(r'<input [^>]*id="date-day"[^>]*>', text).group(0)
        assert f'value="{query["date-day"]}"' in day
    assert names(text) == ["a-labour", "e-conservative", "b-labour", "d-nobody", "g-independent"]


@pytest.mark.parametrize("size", [1, 50])
def test_members_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    for number in range(size):
        member(f"m-{number}", council=None if number % 3 else BARNSLEY, party=f"Party {number % 4}")
        member(f"old-{number}", end=datetime.date(2014, 1, 1))

    # The members, and when the list last changed.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("meetings:members"))
    assert len(names(response.text)) == size
    with django_assert_max_num_queries(3):
        response = client.get(reverse("meetings:members"), {"date": "2013-12-31"})
    assert len(names(response.text)) == 2 * size
    with django_assert_max_num_queries(3):
        assert client.get(reverse("meetings:members"), {"date": "nonsense"}).status_code == 200


def test_a_future_membership_is_not_current(client):
    member("later", start=timezone.localdate() + datetime.timedelta(days=1))

    text = client.get(reverse("meetings:members")).text

    assert names(text) == []
    assert "No members have been published yet." in text
