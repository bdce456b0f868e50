"""Server-drawn bar charts for measures: plain geometry that a template turns into SVG."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 480
HEIGHT = 300
LEFT = 16
RIGHT = 16
TOP = 40
BOTTOM = 64


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    label_x: float
    value_y: float


@dataclass
class BarChart:
    width: int
    height: int
    baseline_y: float
    label_y: float
    font_size: int
    bars: list


def bar_chart(measure, readings):
    """A bar for each reading, scaled so that zero is a visible baseline."""
    values = [reading.value for reading in readings]
    top = max([Decimal("0"), *values])
    bottom = min([Decimal("0"), *values])
    span = (top - bottom) or Decimal("1")
    plot_height = HEIGHT - TOP - BOTTOM
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
                label=reading.period,
                value_text=measure.format_number(reading.value),
                label_x=round(centre, 1),
                # Above a bar that rises, below one that falls.
                value_y=round(y - 8 if reading.value >= 0 else y + 20, 1),
            )
        )
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        baseline_y=round(baseline_y, 1),
        label_y=HEIGHT - BOTTOM / 2 + 6,
        # Smaller text when there are many bars, so that labels do not run into each other.
        font_size=16 if len(readings) <= 4 else 12 if len(readings) <= 8 else 10,
        bars=bars,
    )
