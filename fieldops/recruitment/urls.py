from django.urls import path

from fieldops.core.as_of import refuses_as_of

from . import feeds, views

app_name = "recruitment"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    # The feeds list today's open vacancies, whatever day is asked for.
    path("feed/rss/", refuses_as_of(feeds.VacancyRssFeed()), name="feed_rss"),
    path("feed/atom/", refuses_as_of(feeds.VacancyAtomFeed()), name="feed_atom"),
    path("<slug:number>/", views.vacancy_detail, name="vacancy"),
]
