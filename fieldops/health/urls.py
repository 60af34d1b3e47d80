from django.urls import path

from . import views

app_name = "health"
urlpatterns = [
    path("", views.HealthIndexView.as_view(), name="index"),
    path(
        "mail/vacancies/<int:pk>/resend/",
        views.resend_alerts,
        name="resend_alerts",
    ),
    path("mail/outbox/retry/", views.retry_outbox, name="retry_outbox"),
    path("<slug:slug>/", views.HealthOperationView.as_view(), name="operation"),
]
