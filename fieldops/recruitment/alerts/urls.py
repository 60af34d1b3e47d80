from django.urls import path

from fieldops.core.as_of import refuses_as_of

from . import views

app_name = "job_alerts"
urlpatterns = [
    path("", refuses_as_of(views.subscribe), name="subscribe"),
    path("check-your-inbox/", refuses_as_of(views.sent), name="sent"),
    path("confirm/<str:signed>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:signed>/", views.unsubscribe, name="unsubscribe"),
    path("manage/<str:signed>/", views.manage, name="manage"),
    path("manage/<str:signed>/delete/", views.delete, name="delete"),
]
