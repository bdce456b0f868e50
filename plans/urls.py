from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("plan/", views.CurrentPlanView.as_view(), name="current"),
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    # Before the plan's own address, which would otherwise take "compare" for a slug.
    path("plans/compare/", views.PlanCompareView.as_view(), name="compare"),
    path("plans/<slug:slug>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path(
        "plans/<slug:plan_slug>/<slug:slug>/",
        views.PriorityDetailView.as_view(),
        name="priority-detail",
    ),
]
