"""Server-drawn bar charts for measures: plain geometry that a template turns into SVG."""

from dataclasses import dataclass
from decimal import Decimal

from plans.models import MeasureReading

WIDTH = 480
HEIGHT = 300
LEFT = 16
RIGHT = 16
TOP = 40
BOTTOM = 64
# Areas in the order the site lists them: South Yorkshire, then the districts A to Z.
AREA_ORDER = {area: index for index, area in enumerate(MeasureReading.Area)}


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    value_words: str
    label_x: float
    value_y: float


@dataclass
class BarChart:
    title: str
    width: int
    height: int
    baseline_y: float
    label_y: float
    font_size: int
    bars: list


def bar_chart(measure, readings, title=None, label_of=None):
    """A bar for each reading, scaled so that zero is a visible baseline.

    Bars are labelled by period unless `label_of` names them otherwise; the title names the chart
    and the table that carries its numbers, so that the two read the same.
    """
    title = title or f"{measure.name}, South Yorkshire"
    label_of = label_of or (lambda reading: reading.period)
    values = [reading.value for reading in readings]
    top = max([Decimal("0"), *values])
    bottom = min([Decimal("0"), *values])
    span = (top - bottom) or Decimal("1")
    # Room under the lowest bar for its value when bars fall, clear of the labels below.
    plot_height = HEIGHT - TOP - BOTTOM - (24 if bottom < 0 else 0)
    slot = (WIDTH - LEFT - RIGHT) / max(len(readings), 1)
    bar_width = min(slot * 0.6, 120)

    def y_of(value):
        return TOP + float((top - value) / span) * plot_height

    baseline_y = y_of(Decimal("0"))
    bars = []
    for index, reading in enumerate(readings):
        y = y_of(reading.value)
        centre = LEFT + slot * index + slot / 2
        bars.append(
            Bar(
                x=round(centre - bar_width / 2, 1),
                y=round(min(y, baseline_y), 1),
                width=round(bar_width, 1),
                height=round(max(abs(baseline_y - y), 1), 1),
                label=label_of(reading),
                value_text=measure.format_number(reading.value),
                value_words=measure.format_value(reading.value),
                label_x=round(centre, 1),
                # Above a bar that rises, below one that falls.
                value_y=round(y - 8 if reading.value >= 0 else y + 20, 1),
            )
        )
    return BarChart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        baseline_y=round(baseline_y, 1),
        label_y=HEIGHT - BOTTOM / 2 + 6,
        # Smaller text when there are many bars, so that labels do not run into each other.
        font_size=16 if len(readings) <= 4 else 12 if len(readings) <= 8 else 10,
        bars=bars,
    )


@dataclass
class MeasureDisplay:
    """What the priority page shows of one measure: South Yorkshire's trend, the districts compared
    in their latest period, each with a table beside it, and, when there are districts, a table of
    every reading by period and area."""

    measure: object
    readings: list
    chart: BarChart
    district_readings: list
    district_chart: BarChart | None
    table_areas: list
    table_rows: list


def measure_display(measure):
    """The charts and table of a measure, from its prefetched readings (no query of its own)."""
    readings = list(measure.readings.all())
    county = MeasureReading.Area.SOUTH_YORKSHIRE
    trend = [reading for reading in readings if reading.area == county]
    districts = [reading for reading in readings if reading.area != county]
    latest = max((reading.period_end for reading in districts), default=None)
    latest_districts = sorted(
        (reading for reading in districts if reading.period_end == latest),
        key=lambda reading: AREA_ORDER[reading.area],
    )
    district_chart = None
    if latest_districts:
        district_chart = bar_chart(
            measure,
            latest_districts,
            title=f"{measure.name} by district, {latest_districts[0].period}",
            label_of=lambda reading: reading.get_area_display(),
        )

    # Once there are districts, a table of every reading: a row for each period that has any and
    # a column for each area that has any.
    areas, rows = [], {}
    if districts:
        areas = [area for area in MeasureReading.Area if any(r.area == area for r in readings)]
        for reading in readings:
            rows.setdefault(reading.period_end, {})[reading.area] = reading
    return MeasureDisplay(
        measure=measure,
        readings=trend,
        chart=bar_chart(measure, trend),
        district_readings=latest_districts,
        district_chart=district_chart,
        table_areas=[area.label for area in areas],
        table_rows=[
            (next(iter(by_area.values())).period, [by_area.get(area) for area in areas])
            for _, by_area in sorted(rows.items())
        ],
    )
