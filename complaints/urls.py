from django.urls import path
from django.views.generic import TemplateView

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("questions/", views.QuestionListView.as_view(), name="questions"),
    path("questions/ask/", views.AskQuestionView.as_view(), name="question-ask"),
    path("questions/ask/sent/", views.question_submitted, name="question-submitted"),
    # The token is the secret: the short reference alone would be guessable.
    path("questions/status/<str:token>/", views.question_status, name="question-status"),
    path(
        "complaints/",
        TemplateView.as_view(template_name="complaints/index.html"),
        name="complaints",
    ),
    path("complaints/who/", views.ComplaintTriageView.as_view(step="who"), name="triage-who"),
    path("complaints/what/", views.ComplaintTriageView.as_view(step="what"), name="triage-what"),
    path("complaints/go-to/<slug:slug>/", views.triage_result, name="triage-result"),
    path("complaints/make/", views.MakeComplaintView.as_view(), name="complaint-make"),
    path("complaints/make/sent/", views.complaint_submitted, name="complaint-submitted"),
    path("complaints/statistics/", views.complaint_statistics, name="complaint-statistics"),
]
