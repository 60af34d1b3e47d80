from django.urls import path

from . import views

app_name = "health"
urlpatterns = [
    path("", views.HealthIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.HealthOperationView.as_view(), name="operation"),
]
