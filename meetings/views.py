import os

from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    Council,
    Meeting,
    Member,
    Membership,
    Paper,
)
from plans.models import Plan, Priority


def public_papers():
    # The view has already checked the meeting: published, or previewed by an officer.
    return Paper.objects.filter(is_published=True, agenda_item__is_exempt=False).prefetch_related(
        "attachments"
    )


def visible_meetings(request):
    """Published meetings; officers who keep meetings also see drafts, as a preview."""
    if request.user.has_perm("meetings.view_meeting"):
        return Meeting.objects.all()
    return Meeting.objects.published()


def public_items():
    """Agenda items with what a public page shows of them; never papers of an exempt item."""
    return AgendaItem.objects.select_related("minute").prefetch_related(
        Prefetch("papers", queryset=public_papers(), to_attr="public_papers"),
        "minute__resolutions",
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
        if self.year.isdigit():
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
            committees=Committee.objects.filter(meetings__is_published=True).distinct(),
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
        priorities = Priority.objects.filter(plan__in=Plan.objects.published()).select_related(
            "plan"
        )
        return get_object_or_404(
            public_items()
            .select_related("meeting__committee")
            .prefetch_related(Prefetch("priorities", queryset=priorities)),
            meeting__in=visible_meetings(self.request),
            meeting__slug=self.kwargs["slug"],
            number=self.kwargs["number"],
        )


class MemberListView(ListView):
    """Members by appointing council, then co-opted independent members."""

    template_name = "meetings/members.html"
    context_object_name = "councils"

    def get_queryset(self):
        return Council.objects.prefetch_related(
            Prefetch("members", queryset=self.members().filter(council__isnull=False))
        )

    def members(self):
        current = Membership.objects.filter(end__isnull=True).select_related("committee")
        return Member.objects.prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_memberships")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            co_opted=self.members().filter(council__isnull=True), **kwargs
        )


class MemberDetailView(DetailView):
    template_name = "meetings/member_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        attendances = (
            Attendance.objects.filter(meeting__in=Meeting.objects.published())
            .select_related("meeting__committee")
            .order_by("-meeting__start")
        )
        return Member.objects.select_related("council").prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("committee")),
            Prefetch("attendances", queryset=attendances),
        )


def attachment_download(request, pk):
    """Serve an attachment only while its paper is public, never one of an exempt item."""
    attachment = get_object_or_404(Attachment, pk=pk, paper__in=Paper.objects.published())
    return FileResponse(attachment.file.open("rb"), filename=os.path.basename(attachment.file.name))
