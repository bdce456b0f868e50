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

# The labels under the bars: the sizes they may shrink to, how many lines each may take (three
# lines of the largest size fill the space under the chart), the spacing of those lines, and the
# clear space kept between neighbouring labels.
LABEL_SIZES = (16, 14, 12, 10)
LABEL_LINES = 3
LINE_HEIGHT = 1.2
LABEL_GAP = 8
# How wide Arial draws each character, in thousandths of the font size (the same as Helvetica's and
# Liberation Sans's), so that a label can be wrapped to the room under its bar before anyone draws
# it. A character not listed counts as wide as "M".
ARIAL_WIDTHS = {
    **dict.fromkeys("ijl", 222),
    **dict.fromkeys(" !,./:;[]\\'|Ift", 278),
    **dict.fromkeys("()-`r", 333),
    **dict.fromkeys("Jckszvxy", 500),
    **dict.fromkeys("0123456789abdeghnopqu#$?_L", 556),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXY&", 667),
    **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("%", 889),
    **dict.fromkeys("W", 944),
}
# Room for a font a little wider than Arial, where a computer has no Arial (DejaVu Sans on some
# Linux systems).
WIDER_FONTS = 1.1


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
    # The label's lines, each with the height it is drawn at: none where there is no room for it.
    label_lines: list


@dataclass
class BarChart:
    title: str
    width: int
    height: int
    baseline_y: float
    font_size: int
    label_font_size: int
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
    # Smaller text when there are many bars, so that the values over them do not run together.
    font_size = 16 if len(readings) <= 4 else 12 if len(readings) <= 8 else 10
    label_font_size, label_lines = fit_labels(
        [label_of(reading) for reading in readings], slot, largest=font_size
    )
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
                label_lines=label_lines[index],
            )
        )
    return BarChart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        baseline_y=round(baseline_y, 1),
        font_size=font_size,
        label_font_size=label_font_size,
        bars=bars,
    )


def fit_labels(labels, slot, largest):
    """The size of the labels under the bars, and the lines of each with the height each is drawn
    at, so that no label runs into its neighbour or out of the chart.

    A long label ("January to December 2013") is wrapped over up to three lines, in smaller type
    if it must; where even that leaves no room, only every second (third...) bar is labelled,
    counting back from the newest, and each label shown has the room of the bars between. The
    table beside the chart names every bar."""
    sizes = [size for size in LABEL_SIZES if size <= largest] or [min(LABEL_SIZES)]
    for every in range(1, len(labels) + 1):
        shown = [(len(labels) - 1 - index) % every == 0 for index in range(len(labels))]
        for size in sizes:
            lines = [
                wrap(label, label_room(index, slot, every), size) if shown[index] else []
                for index, label in enumerate(labels)
            ]
            if all(line is not None for line in lines):
                return size, [place_lines(label_lines, size) for label_lines in lines]
    return sizes[-1], [[] for _ in labels]


def label_room(index, slot, every):
    """How wide the label of a bar may be: the width of the bars it stands for, less a gap, and
    never past the edge of the chart."""
    centre = LEFT + slot * index + slot / 2
    return min(slot * every - LABEL_GAP, 2 * min(centre, WIDTH - centre))


def text_width(text, size):
    return sum(ARIAL_WIDTHS.get(character, 833) for character in text) * size / 1000 * WIDER_FONTS


def wrap(label, room, size):
    """The label's words in lines no wider than `room`, or None if it needs more than three lines
    or one of its words is wider than that on its own."""
    lines = []
    for word in label.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        elif text_width(word, size) <= room:
            lines.append(word)
        else:
            return None
    return lines if len(lines) <= LABEL_LINES else None


def place_lines(lines, size):
    """Each line with the height of its baseline, the lines together centred under the chart."""
    line_height = size * LINE_HEIGHT
    middle = HEIGHT - BOTTOM / 2
    # An Arial line's letters sit about a third of the font size above the middle of its line.
    first = middle - line_height * (len(lines) - 1) / 2 + size * 0.35
    return [(round(first + line_height * number, 1), line) for number, line in enumerate(lines)]


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
