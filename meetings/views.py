import os
from collections import Counter

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from meetings.forms import MembershipDateForm
from meetings.models import (
    Action,
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    Meeting,
    Member,
    Membership,
    Paper,
)
from plans.models import Priority


def visible_meetings(request):
    """Published meetings; officers who keep meetings also see drafts, as a preview."""
    # Only once signed in with the code as well as the password (staff/two_factor.py).
    if request.user.has_perm("meetings.view_meeting") and request.user.is_verified():
        return Meeting.objects.all()
    return Meeting.objects.published()


def public_questions(lookup="questions"):
    """The public's questions a meeting page shows, as `meeting.public_questions`. The complaints
    app decides which (meetings may not import it: its model is reached through the relation)."""
    questions = Meeting.questions.rel.related_model.objects.on_meeting_page()
    return Prefetch(lookup, queryset=questions, to_attr="public_questions")


def public_items():
    """Agenda items with what a public page shows of them; never papers of an exempt item."""
    return AgendaItem.objects.select_related("minute__approved_at_meeting").prefetch_related(
        Prefetch(
            "papers",
            queryset=Paper.objects.on_meeting_page().prefetch_related("attachments"),
            to_attr="public_papers",
        ),
        "minute__resolutions",
        Prefetch(
            "actions",
            queryset=Action.objects.on_meeting_page().select_related("resolution__minute"),
            to_attr="public_actions",
        ),
    )


class MeetingListView(ListView):
    """Upcoming meetings first, soonest first; then past meetings, newest first, by year."""

    template_name = "meetings/index.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self):
        now = timezone.now()
        meetings = (
            Meeting.objects.published()
            .select_related("committee")
            .annotate(
                is_upcoming=Case(
                    When(start__gte=now, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("-is_upcoming", Case(When(start__gte=now, then=F("start"))).asc(), "-start")
        )
        self.committee = self.request.GET.get("committee", "")
        if self.committee:
            meetings = meetings.filter(committee__slug=self.committee)
        self.year = self.request.GET.get("year", "")
        # A year outside 1-9999 (say "0000") is no date at all: ignored, not a 500.
        if self.year.isdigit() and len(self.year) == 4 and int(self.year) > 0:
            meetings = meetings.filter(start__year=int(self.year))
        return meetings

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = []
        for meeting in context["meetings"]:
            heading = (
                "Upcoming meetings"
                if meeting.is_upcoming
                else str(timezone.localtime(meeting.start).year)
            )
            if not groups or groups[-1][0] != heading:
                groups.append((heading, []))
            groups[-1][1].append(meeting)
        context.update(
            groups=groups,
            # EXISTS, not a join with DISTINCT: the join read every meeting (10,000 at scale).
            committees=Committee.objects.filter(
                Exists(Meeting.objects.published().filter(committee=OuterRef("pk")))
            ),
            years=[
                date.year for date in Meeting.objects.published().dates("start", "year", "DESC")
            ],
            selected_committee=self.committee,
            selected_year=self.year,
        )
        return context


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return (
            visible_meetings(self.request)
            .select_related("committee")
            .prefetch_related(
                Prefetch("items", queryset=public_items()),
                Prefetch(
                    "attendances", queryset=Attendance.objects.select_related("member__council")
                ),
                public_questions(),
            )
        )

    def get_context_data(self, **kwargs):
        meeting = self.object
        siblings = Meeting.objects.published().filter(committee=meeting.committee)
        attendance = {"present": [], "apologies": [], "absent": []}
        for record in meeting.attendances.all():
            status = "present" if record.status == Attendance.Status.SUBSTITUTE else record.status
            attendance[status].append(record)
        return super().get_context_data(
            attendance=attendance,
            previous_meeting=siblings.filter(start__lt=meeting.start).order_by("-start").first(),
            next_meeting=siblings.filter(start__gt=meeting.start).order_by("start").first(),
            **kwargs,
        )


class AgendaItemDetailView(DetailView):
    template_name = "meetings/item_detail.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        priorities = Priority.objects.published().select_related("plan")
        return get_object_or_404(
            public_items()
            .select_related("meeting__committee")
            .prefetch_related(
                Prefetch("priorities", queryset=priorities),
                "public_actions__responses",
                public_questions("meeting__questions"),
            ),
            meeting__in=visible_meetings(self.request),
            meeting__slug=self.kwargs["slug"],
            number=self.kwargs["number"],
        )


class ActionListView(ListView):
    """The action log: what the panel resolved or recommended, and inspections' recommendations,
    open first, filtered by status, kind, committee and the year of the meeting."""

    template_name = "meetings/actions.html"
    context_object_name = "actions"
    paginate_by = 20
    STATUSES = {"open": "Open or in progress", "completed": "Completed or not accepted"}

    def get_queryset(self):
        actions = (
            Action.objects.published()
            .select_related("agenda_item__meeting__committee", "resolution__minute")
            .prefetch_related("responses")
            .annotate(
                closed=Case(
                    When(status__in=Action.CLOSED_STATUSES, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by(
                "closed", F("due_date").asc(nulls_last=True), "agenda_item__meeting__start", "pk"
            )
        )
        # Unknown values are ignored rather than refused: these come from links and bookmarks.
        get = self.request.GET.get
        self.status = get("status", "") if get("status") in self.STATUSES else ""
        if self.status == "open":
            actions = actions.open()
        elif self.status == "completed":
            actions = actions.closed()
        self.kind = get("kind", "") if get("kind") in Action.Kind.values else ""
        if self.kind:
            actions = actions.filter(kind=self.kind)
        self.committee = get("committee", "")
        if self.committee:
            actions = actions.filter(agenda_item__meeting__committee__slug=self.committee)
        self.years = [
            date.year
            for date in Action.objects.published().dates(
                "agenda_item__meeting__start", "year", "DESC"
            )
        ]
        self.year = get("year", "") if get("year") in map(str, self.years) else ""
        if self.year:
            actions = actions.filter(agenda_item__meeting__start__year=int(self.year))
        return actions

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=self.STATUSES.items(),
            kinds=Action.Kind.choices,
            committees=Committee.objects.filter(
                meetings__items__actions__in=Action.objects.published()
            ).distinct(),
            years=self.years,
            selected_status=self.status,
            selected_kind=self.kind,
            selected_committee=self.committee,
            selected_year=self.year,
            is_filtered=bool(self.status or self.kind or self.committee or self.year),
            **kwargs,
        )


class MemberListView(ListView):
    """Members by appointing council, then co-opted independent members, and the political
    balance: as they are today, or on a date the reader chooses."""

    template_name = "meetings/members.html"
    context_object_name = "members"
    NO_PARTY = "No party recorded"

    def get_queryset(self):
        self.form = MembershipDateForm(self.request.GET)
        self.date = self.form.date_or(timezone.localdate())
        held = Membership.objects.published().on(self.date)
        return (
            Member.objects.published()
            .filter(pk__in=held.values("member"))
            .select_related("council")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=held.select_related("committee"),
                    to_attr="current_memberships",
                )
            )
            .order_by("council__order", "council__name", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        councils, co_opted = [], []
        for member in context["members"]:
            if member.council is None:
                co_opted.append(member)
            elif councils and councils[-1][0] == member.council:
                councils[-1][1].append(member)
            else:
                councils.append((member.council, [member]))
        parties = Counter(
            member.party or self.NO_PARTY for member in context["members"] if member.council
        )
        context.update(
            councils=councils,
            co_opted=co_opted,
            # Largest party first; members whose party is not recorded last.
            balance=sorted(parties.items(), key=lambda row: (row[0] == self.NO_PARTY, -row[1])),
            form=self.form,
            date=self.date,
            date_given=self.form.is_given and not self.form.errors,
        )
        return context


class MemberDetailView(DetailView):
    template_name = "meetings/member_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        attendances = (
            Attendance.objects.published()
            .select_related("meeting__committee")
            .order_by("-meeting__start")
        )
        return (
            Member.objects.published()
            .select_related("council")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.published().select_related("committee"),
                ),
                Prefetch("attendances", queryset=attendances),
            )
        )


def member_photo(request, slug):
    """A member's photo, served by Django: in production nothing else serves uploaded files."""
    member = get_object_or_404(Member.objects.published().exclude(photo=""), slug=slug)
    try:
        photo = member.photo.open("rb")
    except FileNotFoundError:
        raise Http404("The photo file is missing.") from None
    return FileResponse(photo, filename=os.path.basename(member.photo.name))


def attachment_download(request, pk):
    """Serve an attachment only while its paper is public, never one of an exempt item."""
    attachment = get_object_or_404(Attachment.objects.published(), pk=pk)
    return FileResponse(attachment.file.open("rb"), filename=os.path.basename(attachment.file.name))
