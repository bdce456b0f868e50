from django.urls import path

from meetings import calendars, feeds, views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="index"),
    path("meetings/calendar.ics", calendars.all_meetings_calendar, name="calendar"),
    path("meetings/<slug:slug>.ics", calendars.meeting_calendar, name="meeting-calendar"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "meetings/<slug:slug>/items/<int:number>/",
        views.AgendaItemDetailView.as_view(),
        name="item-detail",
    ),
    path("meetings/documents/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("action-log/", views.ActionListView.as_view(), name="actions"),
    path("members/", views.MemberListView.as_view(), name="members"),
    path("members/<slug:slug>/", views.MemberDetailView.as_view(), name="member-detail"),
    path("members/<slug:slug>/photo/", views.member_photo, name="member-photo"),
    path("feeds/papers/rss/", feeds.PapersFeed(), name="papers-rss"),
    path("feeds/papers/atom/", feeds.PapersAtomFeed(), name="papers-atom"),
    path("feeds/minutes/rss/", feeds.MinutesFeed(), name="minutes-rss"),
    path("feeds/minutes/atom/", feeds.MinutesAtomFeed(), name="minutes-atom"),
    path("feeds/meetings/rss/", feeds.MeetingsFeed(), name="meetings-rss"),
    path("feeds/meetings/atom/", feeds.MeetingsAtomFeed(), name="meetings-atom"),
]
