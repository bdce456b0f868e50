from django.urls import path
from django.views.generic import TemplateView

app_name = "plans"

urlpatterns = [
    path("plan/", TemplateView.as_view(template_name="plans/current.html"), name="current"),
]
