from django.urls import path

from . import feeds, views

app_name = "recruitment"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("feed/rss/", feeds.VacancyRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.VacancyAtomFeed(), name="feed_atom"),
    path("<slug:number>/", views.vacancy_detail, name="vacancy"),
]
