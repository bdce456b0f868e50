"""Measures by district: a second chart for the latest period that has district readings."""

import datetime
import re
from decimal import Decimal

import pytest

from plans.models import Measure, MeasureReading
from tests.plans.factories import build_plan

pytestmark = pytest.mark.django_db

Area = MeasureReading.Area


def add_readings(measure, period, period_end, values):
    for area, value in values.items():
        MeasureReading.objects.create(
            measure=measure, period=period, period_end=period_end, area=area, value=Decimal(value)
        )


def svgs(html):
    return re.findall(r"<svg .*?</svg>", html, re.S)


def numbers_in(fragment):
    return re.findall(r'govuk-table__cell--numeric">([^<]*)<', fragment)


def table_named(html, caption):
    start = html.index(f">{caption}</caption>")
    return html[start : html.index("</table>", start)]


@pytest.fixture
def measure(db):
    # South Yorkshire: 2010/11 1,000 and 2011/12 1,010 (from the factory).
    plan = build_plan(readings=2)
    measure = Measure.objects.get(priority__plan=plan)
    add_readings(
        measure,
        "2010/11",
        datetime.date(2011, 3, 31),
        {Area.BARNSLEY: "150", Area.DONCASTER: "210", Area.ROTHERHAM: "180", Area.SHEFFIELD: "460"},
    )
    # The latest period with district figures has three of the four districts.
    add_readings(
        measure,
        "2011/12",
        datetime.date(2012, 3, 31),
        {Area.SHEFFIELD: "470.5", Area.BARNSLEY: "140", Area.ROTHERHAM: "175"},
    )
    return measure


def test_district_chart_compares_the_districts_in_their_latest_period(client, measure):
    html = client.get(measure.priority.get_absolute_url()).text

    trend, districts = svgs(html)
    title = f"{measure.name} by district, 2011/12"
    assert f">{title}</title>" in districts
    assert 'role="img"' in districts
    assert re.search(r'aria-labelledby="(\S+)-title \1-desc"', districts)
    assert districts.count("<rect ") == 3
    labels = re.findall(r"<tspan [^>]*>([^<]*)</tspan>", districts)
    assert labels == ["Barnsley", "Rotherham", "Sheffield"]
    chart_values = re.findall(r'font-weight="bold">([^<]*)<', districts)
    table = table_named(html, title)
    assert chart_values == numbers_in(table) == ["140", "175", "470.5"]
    assert re.findall(r'<th scope="row" class="govuk-table__header">([^<]*)<', table) == [
        "Barnsley",
        "Rotherham",
        "Sheffield",
    ]
    desc = re.search(r"<desc .*?</desc>", districts, re.S).group(0)
    assert "Barnsley: 140 crimes; Rotherham: 175 crimes; Sheffield: 470.5 crimes" in desc
    # The trend stays South Yorkshire's.
    assert f">{measure.name}, South Yorkshire</title>" in trend
    assert re.findall(r'font-weight="bold">([^<]*)<', trend) == ["1,000", "1,010"]
    assert numbers_in(table_named(html, f"{measure.name}, South Yorkshire")) == ["1,000", "1,010"]


def test_the_data_table_has_every_area_by_period(client, measure):
    html = client.get(measure.priority.get_absolute_url()).text

    heading = re.search(r'<h4 class="govuk-heading-s" id="readings-[^"]+">(.*?)</h4>', html)
    assert re.sub(r"<[^>]+>", "", heading.group(1)) == (
        f"{measure.name}: Every reading, South Yorkshire and its districts (crimes)"
    )
    table = html[heading.end() : html.index("</table>", heading.end())]
    assert f'aria-labelledby="readings-{measure.slug}"' in table
    headers = re.findall(r'<th scope="col" [^>]*>([^<]*)<', table)
    assert headers == ["Period", *Area.labels]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]
    assert [numbers_in(row) for row in rows] == [
        ["1,000", "150", "210", "180", "460"],
        ["1,010", "140", "", "175", "470.5"],
    ]
    assert '<span class="govuk-visually-hidden">No reading</span>' in rows[1]


def test_a_measure_without_district_readings_has_no_district_chart(client, db):
    plan = build_plan(readings=2)

    html = client.get(plan.priorities.get().get_absolute_url()).text

    assert len(svgs(html)) == 1
    assert "by district" not in html
    assert "Every reading" not in html
    assert ">Value (crimes)</th>" in html


def test_a_measure_with_district_readings_only_has_no_empty_trend_chart(client, db):
    plan = build_plan(readings=0)
    measure = Measure.objects.get(priority__plan=plan)
    add_readings(measure, "2013/14", datetime.date(2014, 3, 31), {Area.DONCASTER: "-12"})

    html = client.get(plan.priorities.get().get_absolute_url()).text

    (chart,) = svgs(html)
    assert f">{measure.name} by district, 2013/14</title>" in chart
    assert numbers_in(table_named(html, f"{measure.name} by district, 2013/14")) == ["-12"]
    assert "No readings have been entered for this measure yet." not in html


@pytest.mark.parametrize("size", [1, 8])
def test_district_charts_make_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries, size
):
    plan = build_plan(measures=size, readings=size)
    for measure in Measure.objects.filter(priority__plan=plan):
        for year in range(size):
            add_readings(
                measure,
                f"{2010 + year}/{11 + year}",
                datetime.date(2011 + year, 3, 31),
                {area: str(10 * year + index) for index, area in enumerate(Area) if index},
            )

    with django_assert_max_num_queries(9):
        response = client.get(plan.priorities.get().get_absolute_url())

    assert len(svgs(response.text)) == 2 * size
    assert response.text.count(f"by district, {2010 + size - 1}/{11 + size - 1}</title>") == size
