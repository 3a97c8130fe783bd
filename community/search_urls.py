"""The search page; include it with a prefix, e.g. path("zoeken/", include(…)). The site
header shows its search form wherever ``search:search`` resolves."""

from django.urls import path

from . import search_views

app_name = "search"

urlpatterns = [
    path("", search_views.search, name="search"),
]
