from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.StartView.as_view(), name="start"),
    path("alerts/follow/", views.FollowView.as_view(), name="follow"),
    path("alerts/check-your-email/", views.check_email, name="check-email"),
    path("alerts/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("alerts/manage/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
