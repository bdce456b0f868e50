from django.urls import path
from django.views.generic import TemplateView

app_name = "complaints"

urlpatterns = [
    path(
        "questions/",
        TemplateView.as_view(template_name="complaints/questions.html"),
        name="questions",
    ),
    path(
        "complaints/",
        TemplateView.as_view(template_name="complaints/index.html"),
        name="complaints",
    ),
]
