from django.urls import path

from . import feeds

app_name = "changes"

urlpatterns = [
    path("feeds/changes/atom/", feeds.ChangesAtomFeed(), name="atom"),
]
