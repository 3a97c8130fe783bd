"""Atom feeds of new questions; include them with a prefix, e.g.
path("feeds/vragen/", include("questions.feed_urls")): all questions at the prefix, one
topic's at <prefix><topic slug>/."""

from django.urls import path

from .feeds import LatestQuestionsFeed, TopicQuestionsFeed

app_name = "question_feeds"

urlpatterns = [
    path("", LatestQuestionsFeed(), name="latest"),
    path("<slug:slug>/", TopicQuestionsFeed(), name="topic"),
]
