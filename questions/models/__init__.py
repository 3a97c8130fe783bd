"""The questions app's models, re-exported: `from questions.models import …` keeps working."""

from .members import DigestDelivery, Follow
from .pages import (
    QUESTIONS_PER_PAGE,
    REPLY_ORDERINGS,
    QuestionIndexPage,
    QuestionPage,
    QuestionPageTopic,
    QuestionRelatedResource,
)
from .replies import REPLY_EXCERPT_CHARS, HelpfulMark, Reply, ReplyFlag, ReplyQuerySet, ReplyTopic
from .resources import Resource, ResourceTopic

__all__ = [
    "QUESTIONS_PER_PAGE",
    "REPLY_EXCERPT_CHARS",
    "REPLY_ORDERINGS",
    "DigestDelivery",
    "Follow",
    "HelpfulMark",
    "QuestionIndexPage",
    "QuestionPage",
    "QuestionPageTopic",
    "QuestionRelatedResource",
    "Reply",
    "ReplyFlag",
    "ReplyQuerySet",
    "ReplyTopic",
    "Resource",
    "ResourceTopic",
]
