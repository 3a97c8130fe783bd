"""Topic pages; include them with a prefix, e.g. path("onderwerpen/", include(…))."""

from django.urls import path

from . import topic_views

app_name = "topics"

urlpatterns = [
    path("", topic_views.topic_index, name="index"),
    path("<slug:slug>/", topic_views.topic_detail, name="detail"),
]
