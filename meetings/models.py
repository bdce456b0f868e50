import datetime

import holidays
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from meetings.markdown import render_markdown
from plans.models import Priority

# The Local Government Act 1972 s.100B: papers are open to inspection five clear working days
# before the meeting.
CLEAR_WORKING_DAYS = 5
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
PUBLIC_QUESTIONS_ITEM = "Questions from members of the public"
PHOTO_MAX_BYTES = 2 * 1024 * 1024
# The first bytes of each file type we accept, and what readers are told it is.
ATTACHMENT_TYPES = {
    "pdf": (b"%PDF", "PDF"),
    "docx": (b"PK\x03\x04", "Word document"),
    "xlsx": (b"PK\x03\x04", "Excel spreadsheet"),
}


def is_working_day(day, bank_holidays):
    return day.weekday() < 5 and day not in bank_holidays


def agenda_due_date(meeting_date):
    """The last day the agenda can be published with 5 clear working days before the meeting.

    Neither the day of publication nor that of the meeting counts, nor weekends and England's
    bank holidays. The due date itself is the working day before the first clear day.
    """
    bank_holidays = holidays.UK(subdiv="ENG", years=[meeting_date.year - 1, meeting_date.year])
    day = meeting_date
    clear_days = 0
    while clear_days < CLEAR_WORKING_DAYS:
        day -= datetime.timedelta(days=1)
        if is_working_day(day, bank_holidays):
            clear_days += 1
    day -= datetime.timedelta(days=1)
    while not is_working_day(day, bank_holidays):
        day -= datetime.timedelta(days=1)
    return day


def validate_photo(file):
    if file.size > PHOTO_MAX_BYTES:
        raise ValidationError("The photo is larger than 2 MB. Make it smaller.")


class Committee(models.Model):
    """The Police and Crime Panel, or one of its sub-committees or task and finish groups."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="What the committee is for, in brief.")
    terms_of_reference = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('meetings:index')}?committee={self.slug}"

    def followed_through(self):
        """What it is part of, and what one may follow through it (changes.services.record)."""
        return "", [f"committee:{self.pk}"]


class Council(models.Model):
    """One of the four councils that appoint members to the panel."""

    name = models.CharField(max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Councils are listed by this.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:members")


class MemberQuerySet(models.QuerySet):
    def published(self):
        """Members the public may read about: all of them, former members too, whom the minutes
        name."""
        return self.all()


class Member(models.Model):
    """A councillor or co-opted independent member who sits, or sat, on the panel."""

    name = models.CharField(max_length=200, help_text='As the minutes give it, e.g. "J. Akhtar".')
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The member's address: /members/<slug>/."
    )
    title = models.CharField(max_length=40, blank=True, help_text='e.g. "Councillor", "Mr."')
    party = models.CharField(max_length=100, blank=True, help_text="Political party, if any.")
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The appointing council. Leave blank for a co-opted independent member.",
    )
    pen_portrait = models.TextField(blank=True, help_text="A short public biography.")
    photo = models.ImageField(
        upload_to="members/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[validate_photo],
        help_text="A head-and-shoulders photo: JPEG or PNG, up to 2 MB.",
    )
    # Kept on upload so that pages can give the image's size without opening the file.
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text='What the photo shows, for people who cannot see it, e.g. "Councillor Akhtar '
        'smiling, wearing a grey suit".',
    )

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.title} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("meetings:member-detail", args=[self.slug])

    def followed_through(self):
        return "", [f"member:{self.pk}"]

    def clean(self):
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Describe the photo for people who cannot see it."})


class MembershipQuerySet(models.QuerySet):
    def published(self):
        """Seats the public may read about: all of them, as every member's page is public."""
        return self.all()

    def on(self, date):
        """Memberships held on a date; one with no start date has been held since always."""
        return self.filter(
            Q(start__isnull=True) | Q(start__lte=date), Q(end__isnull=True) | Q(end__gte=date)
        )


class Membership(models.Model):
    """A member's seat on a committee, in a role, between two dates."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        CO_OPTED = "co_opted", "Co-opted independent member"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role, default=Role.MEMBER)
    start = models.DateField(null=True, blank=True, help_text="Leave blank if not known.")
    end = models.DateField(null=True, blank=True, help_text="Leave blank while still serving.")

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="meetings_membership_ends_after_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.member}, {self.get_role_display()}, {self.committee}"


class MeetingQuerySet(models.QuerySet):
    def published(self):
        """Meetings the public may see."""
        return self.filter(is_published=True)

    def upcoming(self):
        return self.filter(start__gte=timezone.now()).order_by("start")

    def past(self):
        return self.filter(start__lt=timezone.now()).order_by("-start")


class Meeting(models.Model):
    """A meeting of a committee, held in public unless an item is exempt."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    # A calendar entry needs an end: a meeting whose end time is not set is shown as this long.
    DEFAULT_LENGTH_HOURS = 2

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text='The address, e.g. "police-and-crime-panel-2014-05-02". Never change it.',
    )
    start = models.DateTimeField(help_text="When the meeting starts.")
    start_time_known = models.BooleanField(
        default=True, help_text="Untick if only the date is known: the time is then not shown."
    )
    end = models.DateTimeField(null=True, blank=True, help_text="When it is expected to end.")
    venue_name = models.CharField(max_length=200, blank=True, help_text='e.g. "Town Hall".')
    venue_address = models.TextField(blank=True, help_text="The full address, with postcode.")
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    postponed_to = models.DateTimeField(
        null=True, blank=True, help_text="For a postponed meeting: the new date, if known."
    )
    webcast_url = models.URLField(blank=True, help_text="Link to the live or recorded webcast.")
    officers_in_attendance = models.TextField(
        "officers and others in attendance",
        blank=True,
        help_text='One per line, as the minutes give them, e.g. "Deborah Fellowes, Scrutiny '
        'Manager".',
    )
    agenda_published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the agenda and public reports were published. It is due 5 clear working "
        "days before the meeting.",
    )
    is_published = models.BooleanField(
        default=False, help_text="Only published meetings are shown to the public."
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="meetings_meeting_ends_after_start",
                violation_error_message="A meeting must end after it starts.",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "start"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", args=[self.slug])

    def followed_through(self):
        return "", [f"meeting:{self.pk}", f"committee:{self.committee_id}"]

    @property
    def title(self):
        return f"{self.committee.name}, {timezone.localtime(self.start):%-d %B %Y}"

    @property
    def has_started(self):
        return self.start <= timezone.now()

    @property
    def public_status(self):
        """The status the public is told, or None for a past meeting nobody marked as held (nor
        cancelled or postponed): "Scheduled" would then claim what nobody knows."""
        if self.status == self.Status.SCHEDULED and self.has_started:
            return None
        return self.Status(self.status)

    def publish(self):
        """Show the meeting to the public, recording that its agenda is published from now.

        A time an officer has already given is kept. A meeting that has already taken place gets
        none: when its agenda went out is a fact of the past, which only the officer knows.
        The caller saves.
        """
        self.is_published = True
        if self.agenda_published_at is None and not self.has_started:
            self.agenda_published_at = timezone.now()

    def agenda_due_date(self):
        """The last day to publish the agenda: 5 clear working days before the meeting."""
        return agenda_due_date(timezone.localdate(self.start))

    def papers_were_late(self):
        """Whether the agenda was published after its due date, or is still unpublished past it.

        None when the meeting has started and nobody recorded when the agenda was published.
        """
        due = self.agenda_due_date()
        if self.agenda_published_at:
            return timezone.localdate(self.agenda_published_at) > due
        if self.has_started:
            return None
        return timezone.localdate() > due


class AgendaItemQuerySet(models.QuerySet):
    def published(self):
        """Items the public may see listed: those of published meetings. An exempt item is listed
        as a placeholder; its papers and minute stay private (see Paper and Minute)."""
        return self.filter(meeting__is_published=True)

    def scrutiny_trail(self, priority):
        """The items of published meetings that scrutinised a plan priority, or made
        recommendations on it, newest meeting first; each with its public papers
        (`trail_papers`) and its recommendations on the priority (`trail_actions`). Three
        queries however long the trail. The priority's page shows it through the `scrutiny_trail`
        tag (meetings/templatetags/meetings.py): plans knows nothing of meetings."""
        # In the order they were recorded, which is the order their source numbers them.
        actions = Action.objects.published().filter(priorities=priority).order_by("pk")
        about_priority = AgendaItem.objects.filter(priorities=priority).order_by().values("pk")
        return (
            self.published()
            # Subqueries, not joins, so that an item on several priorities is listed once; one IN
            # over their union, since an OR of two INs made PostgreSQL test every agenda item.
            .filter(pk__in=about_priority.union(actions.order_by().values("agenda_item")))
            .select_related("meeting__committee")
            .prefetch_related(
                models.Prefetch(
                    "papers", queryset=Paper.objects.published(), to_attr="trail_papers"
                ),
                models.Prefetch("actions", queryset=actions, to_attr="trail_actions"),
            )
            .order_by("-meeting__start", "meeting__pk", "order", "number")
        )


class AgendaItem(models.Model):
    """One numbered item on a meeting's agenda."""

    class ExemptParagraph(models.TextChoices):
        # Local Government Act 1972, Schedule 12A, Part 1.
        INDIVIDUAL = "1", "Paragraph 1: information relating to an individual"
        IDENTITY = "2", "Paragraph 2: information likely to reveal the identity of an individual"
        FINANCIAL = "3", "Paragraph 3: financial or business affairs of a person"
        LABOUR_RELATIONS = "4", "Paragraph 4: labour relations matters"
        LEGAL_PRIVILEGE = "5", "Paragraph 5: legal professional privilege"
        NOTICES = "6", "Paragraph 6: notices, orders or directions"
        CRIME = "7", "Paragraph 7: prevention, investigation or prosecution of crime"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(help_text="The item number on the agenda.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Items are listed by this.")
    title = models.CharField(max_length=300)
    summary = models.TextField(
        blank=True, help_text="What this item is about, in plain English, for residents."
    )
    presenter = models.CharField(max_length=200, blank=True, help_text="Who presents the item.")
    pages = models.CharField(
        max_length=20, blank=True, help_text='Pages in the agenda pack, e.g. "7 - 49".'
    )
    urgent_reason = models.TextField(
        blank=True, help_text="For an urgent item added late: why it could not wait."
    )
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="agenda_items",
        help_text="The Police and Crime Plan priorities this item scrutinises.",
    )
    is_exempt = models.BooleanField(
        default=False,
        help_text="Taken in private. Its papers and minute are never shown to the public.",
    )
    exempt_paragraph = models.CharField(
        max_length=1, choices=ExemptParagraph, blank=True, help_text="Needed for an exempt item."
    )
    exempt_reason = models.TextField(
        blank=True, help_text="Why the public interest in keeping it private outweighs disclosure."
    )

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="meetings_agendaitem_unique_number",
                violation_error_message="There is already an item with that number.",
            ),
            models.CheckConstraint(
                condition=Q(is_exempt=False) | ~Q(exempt_paragraph=""),
                name="meetings_agendaitem_exempt_has_paragraph",
                violation_error_message="An exempt item needs its Schedule 12A paragraph.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:item-detail", args=[self.meeting.slug, self.number])

    def followed_through(self):
        return self.meeting.title, self.meeting.followed_through()[1]

    @property
    def is_public_questions(self):
        """The standing item where the public's questions are put, known by its title. The
        meeting page lists the questions in a section of its own, whatever the items are called;
        this only repeats them on the item's own page."""
        return self.title.strip().lower() == PUBLIC_QUESTIONS_ITEM.lower()


class PaperQuerySet(models.QuerySet):
    # A paper's history has the same fields: the sitemap dates a page by its public saves alone.
    ON_MEETING_PAGE = Q(is_published=True, agenda_item__is_exempt=False)

    def published(self):
        """Papers the public may read: published, of a public item, of a published meeting."""
        return self.on_meeting_page().filter(agenda_item__meeting__is_published=True)

    def on_meeting_page(self):
        """What a meeting's pages show of its papers: published ones of public items. The page
        has checked the meeting itself (published, or previewed by an officer)."""
        return self.filter(self.ON_MEETING_PAGE)


class Paper(models.Model):
    """A report or other paper for an agenda item, written as HTML first."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    body_markdown = models.TextField(
        "body",
        blank=True,
        help_text="The report in Markdown: ## for headings, - for lists, | for tables.",
    )
    author = models.CharField(max_length=200, blank=True, help_text="Who wrote or issued it.")
    contact = models.TextField(blank=True, help_text="Who readers can contact about it.")
    is_published = models.BooleanField(default=False)

    objects = PaperQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.agenda_item.get_absolute_url()

    def followed_through(self):
        return self.agenda_item.followed_through()

    @cached_property
    def body_html(self):
        return render_markdown(self.body_markdown)


def validate_attachment(file):
    """Accept PDF, DOCX and XLSX files up to the size cap, checking their first bytes."""
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError("The file is larger than 20 MB. Make it smaller or split it.")
    extension = file.name.rsplit(".", 1)[-1].lower()
    magic = ATTACHMENT_TYPES.get(extension, (None,))[0]
    file.seek(0)
    start = file.read(8)
    file.seek(0)
    if magic is None or not start.startswith(magic):
        raise ValidationError("The file must be a PDF, Word (.docx) or Excel (.xlsx) document.")


class AttachmentQuerySet(models.QuerySet):
    def published(self):
        """Documents the public may download: those of a published paper."""
        return self.filter(paper__in=Paper.objects.published())


class Attachment(models.Model):
    """A document attached to a paper: the PDF version, or an appendix."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=300)
    file = models.FileField(
        upload_to="papers/%Y/",
        validators=[
            FileExtensionValidator(allowed_extensions=list(ATTACHMENT_TYPES)),
            validate_attachment,
        ],
        help_text="PDF, Word (.docx) or Excel (.xlsx), up to 20 MB.",
    )
    size = models.PositiveIntegerField(default=0, editable=False, help_text="In bytes.")
    # Its words, for the search, read once from the file named in text_of: a new upload has a
    # new name, and is read again.
    text = models.TextField(blank=True, editable=False)
    text_of = models.CharField(max_length=200, blank=True, editable=False)

    objects = AttachmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["text", "text_of"])

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:attachment-download", args=[self.pk])

    def clean(self):
        if self.file:
            self.size = self.file.size

    def words(self):
        """The document's words, read from the file only if this file has not been read yet."""
        if self.text_of != self.file.name:
            from meetings.documents import document_text

            text = document_text(self.file, self.pk)
            if text is None:
                return ""  # not opened: read again next time
            self.text, self.text_of = text, self.file.name
            # Not save(): nobody changed the attachment, its history and signals stay quiet.
            Attachment.objects.filter(pk=self.pk).update(text=self.text, text_of=self.text_of)
        return self.text

    @property
    def file_type(self):
        extension = self.file.name.rsplit(".", 1)[-1].lower()
        return ATTACHMENT_TYPES.get(extension, (None, extension.upper()))[1]


class MinuteQuerySet(models.QuerySet):
    # A minute's history has the same fields: the sitemap dates a page by its public saves alone.
    ON_MEETING_PAGE = Q(is_published=True, agenda_item__is_exempt=False)

    def published(self):
        """Minutes the public may read: published, of a public item of a published meeting."""
        return self.on_meeting_page().filter(agenda_item__meeting__is_published=True)

    def on_meeting_page(self):
        """What a meeting's pages show of its minutes: published ones of public items. The page
        has checked the meeting itself (published, or previewed by an officer)."""
        return self.filter(self.ON_MEETING_PAGE)


class Minute(models.Model):
    """The minute of an agenda item, numbered as the panel numbers it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved as a true record"

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    number = models.CharField(max_length=20, help_text='As the panel numbers it, e.g. "J32".')
    title = models.CharField(max_length=300, blank=True, help_text="The minute's heading.")
    text = models.TextField(help_text="The minute in Markdown.")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approved",
        help_text="The meeting that approved these minutes as a true record.",
    )
    is_published = models.BooleanField(
        default=False, help_text="Published minutes are shown to the public, draft or approved."
    )

    objects = MinuteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item__meeting__start", "agenda_item__order", "agenda_item__number"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return self.agenda_item.get_absolute_url()

    def followed_through(self):
        return self.agenda_item.followed_through()

    def clean(self):
        # Written inline on a new item's page, the item is not saved yet but knows its meeting.
        try:
            meeting = self.agenda_item.meeting
        except ObjectDoesNotExist:
            meeting = None
        wants_out = self.is_published or self.status == self.Status.APPROVED
        if meeting and wants_out and not meeting.has_started:
            raise ValidationError(
                "These minutes cannot be approved or published: the meeting on "
                f"{timezone.localtime(meeting.start):%-d %B %Y} has not happened yet."
            )

    @cached_property
    def text_html(self):
        return render_markdown(self.text)


class ResolutionQuerySet(models.QuerySet):
    def published(self):
        """Resolutions the public may read: those of a published minute."""
        return self.filter(minute__in=Minute.objects.published())


class Resolution(models.Model):
    """One numbered resolution of a minute."""

    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()

    objects = ResolutionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number", "pk"]

    def __str__(self):
        return f"{self.minute.number} ({self.number})"

    def get_absolute_url(self):
        return self.minute.get_absolute_url()

    def followed_through(self):
        return self.minute.followed_through()


class AttendanceQuerySet(models.QuerySet):
    def published(self):
        """Attendance the public may read: at a published meeting."""
        return self.filter(meeting__in=Meeting.objects.published())


class Attendance(models.Model):
    """Whether a member attended a meeting, sent apologies, or was absent."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Attended as a substitute"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=12, choices=Status, default=Status.PRESENT)
    note = models.CharField(
        max_length=200, blank=True, help_text='e.g. "Chairman", or whom a substitute replaced.'
    )

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["member__council__order", "member__name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="meetings_attendance_unique_member",
                violation_error_message="This member's attendance is already recorded.",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()}"


class ActionQuerySet(models.QuerySet):
    def published(self):
        """Actions the public may see: from a public item of a published meeting."""
        return self.on_meeting_page().filter(agenda_item__meeting__is_published=True)

    def on_meeting_page(self):
        """What a meeting's pages show of its actions: those of public items. The page has
        checked the meeting itself (published, or previewed by an officer)."""
        return self.filter(agenda_item__is_exempt=False)

    def open(self):
        return self.exclude(status__in=Action.CLOSED_STATUSES)

    def closed(self):
        return self.filter(status__in=Action.CLOSED_STATUSES)


class Action(models.Model):
    """Something the panel resolved or recommended, or an inspection recommended, followed up
    until it is done: the action log."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "Panel resolution"
        PANEL_RECOMMENDATION = "panel_recommendation", "Panel recommendation"
        INSPECTION_RECOMMENDATION = "inspection_recommendation", "Inspection recommendation"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    CLOSED_STATUSES = [Status.COMPLETED, Status.NOT_ACCEPTED]

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="The agenda item where the panel considered it.",
    )
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The resolution that asks for it, if any.",
    )
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.RESOLUTION)
    reference = models.CharField(
        max_length=40, blank=True, help_text='How the source numbers it, e.g. "Recommendation 3".'
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text='Who made an inspection recommendation, e.g. "HMIC, Child sexual exploitation '
        'inspection, 2014".',
    )
    text = models.TextField(help_text="What is asked for, as recorded.")
    owner = models.CharField(max_length=200, help_text="Who is responsible for doing it.")
    due_description = models.CharField(
        "time scale",
        max_length=100,
        blank=True,
        help_text='The time scale as given, e.g. "Immediately" or "Within 3 months".',
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    priorities = models.ManyToManyField(
        Priority,
        blank=True,
        related_name="actions",
        help_text="The Police and Crime Plan priorities it concerns.",
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.reference or self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        # The item page lists every action of the item in full; the log is paginated.
        return f"{self.agenda_item.get_absolute_url()}#action-{self.pk}"

    def followed_through(self):
        within, about = self.agenda_item.followed_through()
        priorities = [f"priority:{pk}" for pk in self.priorities.values_list("pk", flat=True)]
        return f"Action log, {within}", [f"action:{self.pk}", *about, *priorities]

    @property
    def is_closed(self):
        return self.status in self.CLOSED_STATUSES

    @property
    def is_overdue(self):
        return bool(self.due_date and not self.is_closed and self.due_date < timezone.localdate())

    def clean(self):
        if (
            self.resolution_id
            and self.agenda_item_id
            and self.resolution.minute.agenda_item_id != self.agenda_item_id
        ):
            raise ValidationError(
                {"resolution": "The resolution must be one of this agenda item's minute."}
            )
        if self.status == self.Status.COMPLETED and not self.completed_on:
            raise ValidationError({"completed_on": "Give the date it was completed."})


class ActionResponseQuerySet(models.QuerySet):
    def published(self):
        """Responses the public may read: on a published action."""
        return self.filter(action__in=Action.objects.published())


class ActionResponse(models.Model):
    """A response or progress update on an action, by its owner or the panel."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="responses")
    date = models.DateField()
    given_by = models.CharField(max_length=200, help_text="Who gave the response.")
    text = models.TextField()

    objects = ActionResponseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.given_by}, {self.date:%-d %B %Y}"
