from django.urls import path
from django.views.generic import TemplateView

app_name = "meetings"

urlpatterns = [
    path("meetings/", TemplateView.as_view(template_name="meetings/index.html"), name="index"),
    path("members/", TemplateView.as_view(template_name="meetings/members.html"), name="members"),
]
