from django.urls import path
from rest_framework.routers import SimpleRouter

from opendata import views

app_name = "api"

router = SimpleRouter()
for name, viewset in views.LISTS.items():
    router.register(name, viewset, basename=name)

urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("attendance.csv", views.AttendanceCsvFile.as_view(), name="attendance-csv"),
    path("readings.csv", views.ReadingsCsvFile.as_view(), name="readings-csv"),
    path("changes/", views.ChangeLogView.as_view(), name="changes"),
    *router.urls,
    # Any other list: a 404 in JSON that points to the documentation.
    path("<str:name>/", views.no_such_list),
    path("<str:name>/<str:pk>/", views.no_such_list),
]
