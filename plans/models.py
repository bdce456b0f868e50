from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Office(models.Model):
    """An office that holds police and crime commissioner powers in South Yorkshire."""

    name = models.CharField(
        max_length=200,
        unique=True,
        help_text='The office as the public knows it, e.g. "Mayor of South Yorkshire".',
    )
    deputy_title = models.CharField(
        "deputy's title",
        max_length=200,
        blank=True,
        help_text='What its deputy is called, e.g. "Deputy Mayor for Policing and Crime". Leave '
        'blank for "Deputy" and the office\'s name.',
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:current")


class OfficeHolder(models.Model):
    """A person who held an office, or was its deputy, for a term."""

    class Role(models.TextChoices):
        HOLDER = "holder", "Office holder"
        DEPUTY = "deputy", "Deputy"

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="holders")
    name = models.CharField(
        max_length=200, help_text='As the person is known, e.g. "Dr Jo Bloggs".'
    )
    role = models.CharField(max_length=10, choices=Role, default=Role.HOLDER)
    start_date = models.DateField(
        null=True, blank=True, help_text="The first day in office. Leave blank if not known."
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="The last day in office. Leave blank while in office."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="plans_officeholder_ends_after_start",
                violation_error_message="The last day in office cannot be before the first.",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.title}"

    def get_absolute_url(self):
        return reverse("plans:current")

    @property
    def title(self):
        """The person's title in office, e.g. "Mayor of South Yorkshire"."""
        if self.role == self.Role.HOLDER:
            return self.office.name
        return self.office.deputy_title or f"Deputy {self.office.name}"


# Addresses under /plans/ that are pages of their own, not plans.
RESERVED_PLAN_SLUGS = {"compare"}


class PlanQuerySet(models.QuerySet):
    def published(self):
        """Plans the public may read: current and superseded, never drafts."""
        return self.exclude(status=Plan.Status.DRAFT)

    def current(self):
        return self.filter(status=Plan.Status.CURRENT)


class Plan(models.Model):
    """A Police and Crime Plan, or a refresh or variation of one."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Superseded"

    title = models.CharField(max_length=200, help_text="The plan's title as published.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The plan's address: /plans/<slug>/. Never change it.",
    )
    period = models.CharField(max_length=20, help_text='The years the plan covers, e.g. "2013-17".')
    office_holder = models.ForeignKey(
        OfficeHolder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text="Who issued the plan.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Drafts are never shown to the public. Only one plan can be current.",
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="The date the plan was published. Needed unless a draft."
    )
    vision = models.TextField(blank=True)
    mission = models.TextField(blank=True)
    summary = models.TextField(blank=True, help_text="A short summary in plain English.")
    refreshes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="refreshed_by",
        help_text="The earlier plan this one refreshes or varies, if any.",
    )
    funding_previous_year = models.CharField(
        max_length=20,
        blank=True,
        help_text='Heading of the earlier funding column, e.g. "2013/14".',
    )
    funding_current_year = models.CharField(
        max_length=20, blank=True, help_text='Heading of the later funding column, e.g. "2014/15".'
    )
    funding_note = models.TextField(blank=True, help_text="Any footnote to the funding table.")
    workforce_note = models.TextField(blank=True, help_text="Any footnote to the workforce table.")

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="current"),
                name="plans_plan_one_current",
                violation_error_message="Only one plan can be current.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="plans_plan_published_has_date",
                violation_error_message="A plan that is not a draft needs its published date.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period})"

    def get_absolute_url(self):
        return reverse("plans:plan-detail", args=[self.slug])

    def followed_through(self):
        """What it is part of, and what one may follow through it (changes.services.record)."""
        return "", [f"priority:{pk}" for pk in self.priorities.values_list("pk", flat=True)]

    def clean(self):
        if self.slug in RESERVED_PLAN_SLUGS:
            raise ValidationError(
                {"slug": f'"{self.slug}" is kept for another page: choose another.'}
            )

    def funding_totals(self):
        """Totals of the funding lines; uses the prefetched lines, so no extra query."""
        lines = list(self.funding_lines.all())
        previous = sum((line.amount_previous for line in lines), Decimal("0"))
        current = sum((line.amount_current for line in lines), Decimal("0"))
        return {"previous": previous, "current": current, "variation": current - previous}

    def workforce_table(self):
        """The workforce figures as (dates, rows); each row is a staff group and its figures."""
        figures = list(self.workforce_figures.all())
        dates = sorted({(figure.as_at, figure.projected) for figure in figures})
        rows = {}
        for figure in figures:
            rows.setdefault(figure.staff_group, {})[(figure.as_at, figure.projected)] = figure
        return dates, [
            (group, [by_date.get(date) for date in dates]) for group, by_date in rows.items()
        ]


class PlanVariationStep(models.Model):
    """A dated step in making or varying a plan, from the draft sent to the panel to publication."""

    class Step(models.TextChoices):
        DRAFT_SENT = "draft_sent", "Draft sent to the panel"
        PANEL_REVIEW = "panel_review", "Panel review"
        PANEL_REPORT = "panel_report", "Panel report and recommendations"
        RESPONSE = "response", "Office holder's response"
        PUBLICATION = "publication", "Publication"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="variation_steps")
    step = models.CharField(max_length=20, choices=Step)
    date = models.DateField(help_text="The day the step happened, e.g. the date of the meeting.")
    summary = models.TextField(
        blank=True, help_text="What happened at this step, in plain English."
    )
    document_url = models.URLField(
        blank=True, help_text="The address of the step's document, if it is published elsewhere."
    )
    document = models.FileField(
        upload_to="plans/variation/",
        blank=True,
        # Never HTML or SVG: uploads are served from the site's own address.
        validators=[FileExtensionValidator(["pdf", "doc", "docx", "odt"])],
        help_text="Or upload the document itself (PDF, Word or OpenDocument).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "variation step"

    def __str__(self):
        return f"{self.get_step_display()}, {self.date.day} {self.date:%B %Y}"

    @property
    def document_link(self):
        """The address of the step's document, uploaded or elsewhere, or ""."""
        return self.document.url if self.document else self.document_url


class PriorityQuerySet(models.QuerySet):
    def published(self):
        """Priorities the public may read: those of a published plan."""
        return self.filter(plan__in=Plan.objects.published())


class Priority(models.Model):
    """One of a plan's strategic priorities."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    order = models.PositiveSmallIntegerField(default=0, help_text="Priorities are listed by this.")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, help_text="The priority's address within the plan.")
    summary = models.TextField(blank=True)
    where_we_are_now = models.TextField(
        blank=True,
        help_text='The plan\'s "where are we now" narrative. Separate paragraphs by a blank line.',
    )

    objects = PriorityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="plans_priority_unique_slug"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:priority-detail", args=[self.plan.slug, self.slug])

    def followed_through(self):
        return str(self.plan), [f"priority:{self.pk}"]


class OutcomeQuerySet(models.QuerySet):
    def published(self):
        """Outcomes the public may read: of a published priority."""
        return self.filter(priority__in=Priority.objects.published())


class Outcome(models.Model):
    """Where the plan wants to be: one outcome of a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    objects = OutcomeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        """Commitments the public may read: of a published priority."""
        return self.filter(priority__in=Priority.objects.published())


class Commitment(models.Model):
    """How the plan will get there: one commitment under a priority, with its progress."""

    class Progress(models.TextChoices):
        NOT_ASSESSED = "not_assessed", "Not yet assessed"
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        DONE = "done", "Done"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="commitments")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    progress = models.CharField(
        max_length=20,
        choices=Progress,
        default=Progress.NOT_ASSESSED,
        help_text="Set this when the office holder or the panel reports on progress.",
    )

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.priority.get_absolute_url()

    def followed_through(self):
        return self.priority.title, [f"priority:{self.priority_id}"]


class CommitmentUpdateQuerySet(models.QuerySet):
    def published(self):
        """Progress reports the public may read: on a published commitment."""
        return self.filter(commitment__in=Commitment.objects.published())


class CommitmentUpdate(models.Model):
    """A dated report of progress on a commitment."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    text = models.TextField(help_text="What was reported, and by whom.")

    objects = CommitmentUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.text[:60]}"


class MeasureQuerySet(models.QuerySet):
    def published(self):
        """Measures the public may read: those of a published priority (one with no priority
        has no page)."""
        return self.filter(priority__in=Priority.objects.published())


class Measure(models.Model):
    """Something measured to show progress on the plan, such as recorded crime."""

    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        help_text="The priority this measure shows progress on.",
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    unit = models.CharField(
        max_length=40, help_text='What a value counts: "%" or a word such as "crimes".'
    )
    higher_is_better = models.BooleanField(default=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the figures come from.")
    description = models.TextField(blank=True, help_text="What the measure shows, in plain words.")

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.priority.get_absolute_url()

    def followed_through(self):
        return (
            (self.priority.title, [f"priority:{self.priority_id}"]) if self.priority else ("", [])
        )

    def format_number(self, value):
        """The value as a chart or table shows it: "3,040", "10.05%"."""
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{number}%" if self.unit == "%" else number

    def format_value(self, value):
        """The value in words, with its unit: "3,040 crimes", "10.05%"."""
        number = self.format_number(value)
        return number if self.unit == "%" else f"{number} {self.unit}"


class MeasureReadingQuerySet(models.QuerySet):
    def published(self):
        """Readings the public may read: of a published measure."""
        return self.filter(measure__in=Measure.objects.published())


class MeasureReading(models.Model):
    """The value of a measure for one period and one area."""

    class Area(models.TextChoices):
        SOUTH_YORKSHIRE = "south_yorkshire", "South Yorkshire"
        BARNSLEY = "barnsley", "Barnsley"
        DONCASTER = "doncaster", "Doncaster"
        ROTHERHAM = "rotherham", "Rotherham"
        SHEFFIELD = "sheffield", "Sheffield"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="readings")
    period = models.CharField(max_length=60, help_text='How the period is named, e.g. "2013/14".')
    period_end = models.DateField(help_text="The last day of the period.")
    area = models.CharField(max_length=20, choices=Area, default=Area.SOUTH_YORKSHIRE)
    value = models.DecimalField(max_digits=14, decimal_places=2)

    objects = MeasureReadingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_end", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_end", "area"],
                name="plans_measurereading_unique_period_area",
                violation_error_message="There is already a reading for that period and area.",
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.period}, {self.get_area_display()}"

    @property
    def display_number(self):
        return self.measure.format_number(self.value)

    @property
    def display_value(self):
        return self.measure.format_value(self.value)


class FundingLine(models.Model):
    """One source of funding in a plan's comparison of two years, in £ millions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_lines")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=200)
    amount_previous = models.DecimalField(
        max_digits=10, decimal_places=1, help_text="£ millions in the earlier year."
    )
    amount_current = models.DecimalField(
        max_digits=10, decimal_places=1, help_text="£ millions in the later year."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def variation(self):
        return self.amount_current - self.amount_previous


class WorkforceFigure(models.Model):
    """The size of one staff group of the force at a date, full-time equivalent."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="workforce_figures")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Staff groups are listed by this."
    )
    staff_group = models.CharField(max_length=100, help_text='e.g. "Police officers".')
    as_at = models.DateField()
    value = models.PositiveIntegerField(help_text="Full-time equivalent.")
    projected = models.BooleanField(default=False, help_text="Tick if this is a projection.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "as_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "staff_group", "as_at"], name="plans_workforcefigure_unique"
            ),
        ]

    def __str__(self):
        return f"{self.staff_group} at {self.as_at:%d %B %Y}"


class GlossaryTerm(models.Model):
    """A term or abbreviation used in a plan, and what it means."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="glossary_terms")
    term = models.CharField(max_length=100)
    definition = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "term"], name="plans_glossaryterm_unique"),
        ]

    def __str__(self):
        return self.term
