from django.urls import path

from . import page

app_name = "open_data"

urlpatterns = [path("", page.open_data, name="index")]
