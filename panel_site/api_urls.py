from django.urls import include, path

from panel_site import api

# The documentation page keeps the site-wide name "open-data" that the footer links to; the data
# itself is under the "api" namespace.
data_patterns = [
    path("openapi.json", api.openapi, name="openapi"),
    path("attendance.csv", api.attendance_csv, name="attendance-csv"),
    path("readings.csv", api.readings_csv, name="readings-csv"),
    path("<str:name>/", api.resource_list, name="list"),
    path("<str:name>/<str:pk>/", api.resource_detail, name="detail"),
]

urlpatterns = [
    path("", api.documentation, name="open-data"),
    path("", include((data_patterns, "api"))),
]
