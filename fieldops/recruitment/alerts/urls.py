from django.urls import path

from . import views

app_name = "job_alerts"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.sent, name="sent"),
    path("confirm/<str:signed>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:signed>/", views.unsubscribe, name="unsubscribe"),
    path("manage/<str:signed>/", views.manage, name="manage"),
    path("manage/<str:signed>/delete/", views.delete, name="delete"),
]
