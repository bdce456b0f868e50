"""Writes to the plan that have side effects: importing a file of measure readings, and starting
a new version of a plan."""

import contextlib
import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from changes import services as changes
from changes.models import Change
from plans.models import Commitment, Measure, MeasureReading, Outcome, Plan, Priority

MAX_IMPORT_BYTES = 1024 * 1024
IMPORT_COLUMNS = ["measure", "area", "period", "period_end", "value"]
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Plain digits only: Decimal() would also take "1_000", "NaN", "1e3" and digits of other scripts.
NUMBER_PATTERN = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
# MeasureReading.value is DecimalField(max_digits=14, decimal_places=2).
MAX_WHOLE_DIGITS = 12


@dataclass(frozen=True)
class ReadingRow:
    """One good row of an import file, ready to be written."""

    row: int
    measure: str
    area: str
    period: str
    period_end: datetime.date
    value: Decimal


@dataclass(frozen=True)
class ImportProblem:
    """Why a file, or a row or cell of it, cannot be imported; `row` is None for the whole file."""

    row: int | None
    column: str | None
    message: str


@dataclass
class PreviewLine:
    row: ReadingRow
    measure_name: str
    area_label: str
    action: str  # "create", "update" or "unchanged"
    old_value: Decimal | None


def decode_readings_file(upload):
    """The text of an uploaded file, or a problem with the file as a whole."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".csv"):
        return None, ImportProblem(None, None, "The file must be a CSV file (ending .csv).")
    if upload.size > MAX_IMPORT_BYTES:
        return None, ImportProblem(None, None, "The file is larger than 1 MB. Split it in two.")
    content = upload.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        return None, ImportProblem(None, None, "The file is larger than 1 MB. Split it in two.")
    if b"\x00" in content:
        return None, ImportProblem(None, None, "The file is not a CSV file: it holds binary data.")
    try:
        # "utf-8-sig" also reads the byte-order mark that spreadsheet programs write.
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, ImportProblem(
            None, None, 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.'
        )


def parse_area(text):
    wanted = text.strip().lower()
    for value, label in MeasureReading.Area.choices:
        if wanted in {value, label.lower()}:
            return value
    return None


def parse_value(text):
    text = text.strip()
    if not text:
        return None, "Enter a value."
    if not NUMBER_PATTERN.match(text):
        return None, f'"{text}" is not a number. Use digits, e.g. 3040 or -2.5 or 10.05.'
    value = Decimal(text)
    if value.as_tuple().exponent < -2:
        return None, f'"{text}" has more than two decimal places.'
    if abs(value) >= Decimal(10) ** MAX_WHOLE_DIGITS:
        return None, f'"{text}" is too large.'
    return value, None


def validate_readings_csv(text):
    """
    Check every row of an import file's text.

    Returns (rows, problems): the good rows when there are no problems, else [] and every problem
    found, each with its row number as a spreadsheet shows it (the header is row 1).
    """
    if not text.strip():
        return [], [ImportProblem(None, None, "The file is empty.")]
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return [], [ImportProblem(None, None, f"The file is not a readable CSV file: {error}.")]

    # Blank lines before the header are skipped, keeping the row numbers a spreadsheet shows.
    start = next((i for i, record in enumerate(records) if any(cell.strip() for cell in record)), 0)
    header_row = start + 1
    header = [name.strip().lower() for name in records[start]]
    missing = [name for name in IMPORT_COLUMNS if name not in header]
    unexpected = [name for name in header if name not in IMPORT_COLUMNS]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    problems = []
    if missing:
        problems.append(
            ImportProblem(header_row, None, f"Missing column(s): {', '.join(missing)}.")
        )
    if unexpected:
        shown = ", ".join(f'"{name}"' if name else "a column with no name" for name in unexpected)
        problems.append(ImportProblem(header_row, None, f"Unexpected column(s): {shown}."))
    if repeated:
        problems.append(
            ImportProblem(header_row, None, f"Repeated column(s): {', '.join(repeated)}.")
        )
    if problems:
        expected = ", ".join(IMPORT_COLUMNS)
        problems.append(
            ImportProblem(header_row, None, f"The header row must name the columns {expected}.")
        )
        return [], problems

    position = {name: header.index(name) for name in IMPORT_COLUMNS}
    measure_slugs = set(Measure.objects.values_list("slug", flat=True))
    rows, seen = [], {}
    for number, record in enumerate(records[start + 1 :], start=header_row + 1):
        if not any(cell.strip() for cell in record):
            continue  # A blank line, often at the end of a file.
        if len(record) != len(header):
            problems.append(
                ImportProblem(number, None, f"Expected {len(header)} values, found {len(record)}.")
            )
            continue
        cell = {name: record[position[name]].strip() for name in IMPORT_COLUMNS}
        row_problems = []

        if not cell["measure"]:
            row_problems.append(ImportProblem(number, "measure", "Enter the measure's slug."))
        elif cell["measure"] not in measure_slugs:
            row_problems.append(
                ImportProblem(number, "measure", f'There is no measure "{cell["measure"]}".')
            )

        area = parse_area(cell["area"])
        if area is None:
            names = ", ".join(MeasureReading.Area.values)
            row_problems.append(
                ImportProblem(
                    number, "area", f'"{cell["area"]}" is not an area. Use one of: {names}.'
                )
            )

        if not cell["period"]:
            row_problems.append(ImportProblem(number, "period", 'Name the period, e.g. "2014/15".'))
        elif len(cell["period"]) > MeasureReading._meta.get_field("period").max_length:
            row_problems.append(ImportProblem(number, "period", "The period name is too long."))

        period_end = None
        if DATE_PATTERN.match(cell["period_end"]):
            with contextlib.suppress(ValueError):
                period_end = datetime.date.fromisoformat(cell["period_end"])
        if period_end is None:
            row_problems.append(
                ImportProblem(
                    number,
                    "period_end",
                    f'"{cell["period_end"]}" is not a date as YYYY-MM-DD, e.g. 2015-03-31.',
                )
            )

        value, value_problem = parse_value(cell["value"])
        if value_problem:
            row_problems.append(ImportProblem(number, "value", value_problem))

        if not row_problems:
            key = (cell["measure"], period_end, area)
            if key in seen:
                row_problems.append(
                    ImportProblem(
                        number,
                        None,
                        f"The same measure, period end and area as row {seen[key]}.",
                    )
                )
            else:
                seen[key] = number
        if row_problems:
            problems.extend(row_problems)
        else:
            rows.append(
                ReadingRow(number, cell["measure"], area, cell["period"], period_end, value)
            )

    if not rows and not problems:
        problems.append(ImportProblem(None, None, "The file has a header row but no readings."))
    return ([], problems) if problems else (rows, [])


def preview_measure_readings(rows):
    """What importing the rows would do to each reading: create it, update it or leave it."""
    measures = {m.slug: m for m in Measure.objects.filter(slug__in={row.measure for row in rows})}
    existing = {
        (reading.measure.slug, reading.period_end, reading.area): reading
        for reading in MeasureReading.objects.filter(
            measure__in=measures.values(), period_end__in={row.period_end for row in rows}
        ).select_related("measure")
    }
    lines = []
    for row in rows:
        reading = existing.get((row.measure, row.period_end, row.area))
        if reading is None:
            action = "create"
        elif reading.value == row.value and reading.period == row.period:
            action = "unchanged"
        else:
            action = "update"
        lines.append(
            PreviewLine(
                row=row,
                measure_name=measures[row.measure].name,
                area_label=MeasureReading.Area(row.area).label,
                action=action,
                old_value=reading.value if reading else None,
            )
        )
    return lines


@transaction.atomic
def import_measure_readings(rows, *, user):
    """
    Write validated rows as readings, all or none, recording `user` in each reading's history.

    A reading for the same measure, period end and area is updated; otherwise one is created.
    Returns the number of readings created, updated and left unchanged.
    """
    measures = {m.slug: m for m in Measure.objects.filter(slug__in={row.measure for row in rows})}
    missing = {row.measure for row in rows} - measures.keys()
    if missing:
        raise ValueError(f"Unknown measure(s): {', '.join(sorted(missing))}")
    existing = {
        (reading.measure_id, reading.period_end, reading.area): reading
        for reading in MeasureReading.objects.select_for_update().filter(
            measure__in=measures.values(), period_end__in={row.period_end for row in rows}
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    changed = set()
    for row in rows:
        measure = measures[row.measure]
        reading = existing.get((measure.pk, row.period_end, row.area))
        if reading is None:
            reading = MeasureReading(measure=measure, period_end=row.period_end, area=row.area)
            counts["created"] += 1
        elif reading.value == row.value and reading.period == row.period:
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
        reading.period = row.period
        reading.value = row.value
        reading._history_user = user
        reading._change_reason = "Imported from a CSV file"
        reading.save()
        changed.add(measure.pk)
    public = Measure.objects.published().filter(pk__in=changed).order_by("pk")
    for measure in public:
        changes.record(measure, Change.What.REVISED, summary=f"New readings: {measure}")
    return counts


@transaction.atomic
def plan_start_new_version(plan):
    """A draft that refreshes `plan`, with a copy of its priorities, outcomes and commitments for
    officers to edit into the new version. Tables, glossary and measures are not copied: measures
    keep their readings where they are, and the new figures are entered with the new version."""
    slug, number = f"{plan.slug}-new-version", 1
    while Plan.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{plan.slug}-new-version-{number}"
    draft = Plan.objects.create(
        title=plan.title,
        slug=slug,
        period=plan.period,
        office_holder=plan.office_holder,
        status=Plan.Status.DRAFT,
        vision=plan.vision,
        mission=plan.mission,
        summary=plan.summary,
        refreshes=plan,
    )
    for priority in plan.priorities.prefetch_related("outcomes", "commitments"):
        copy = Priority.objects.create(
            plan=draft,
            order=priority.order,
            title=priority.title,
            slug=priority.slug,
            summary=priority.summary,
            where_we_are_now=priority.where_we_are_now,
        )
        for outcome in priority.outcomes.all():
            Outcome.objects.create(priority=copy, order=outcome.order, text=outcome.text)
        for commitment in priority.commitments.all():
            Commitment.objects.create(
                priority=copy,
                order=commitment.order,
                text=commitment.text,
                progress=commitment.progress,
            )
    return draft
