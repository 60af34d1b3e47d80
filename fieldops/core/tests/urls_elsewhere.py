"""A URL configuration of one address, for tests that change ROOT_URLCONF."""

from django.http import HttpResponse
from django.urls import include, path


def vacancies(request):
    return HttpResponse("vacancies")


urlpatterns = [
    path(
        "elsewhere/",
        include(([path("vacancies/", vacancies, name="list")], "recruitment")),
    ),
]
