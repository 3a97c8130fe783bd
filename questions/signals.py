"""Wagtail's publishing and moderation signals, for members who asked a question."""

from wagtail.signals import page_published, workflow_rejected

from . import notifications, services
from .models import QuestionPage


def question_published(sender, instance, revision=None, **kwargs):
    """Tell a member their question is live, the first time it is published."""
    page = instance
    # first_published_at is set to the same moment as last_published_at only on the first
    # publication; later edits of the page do not mail the author again.
    if page.first_published_at != page.last_published_at:
        return
    if services.asked_by_member(page):
        notifications.question_published(page)


def question_rejected(sender, instance, user=None, **kwargs):
    """Tell a member that an editor sent their question back, with the editor's comment."""
    page = instance.content_object
    page = getattr(page, "specific", page)
    if not isinstance(page, QuestionPage) or not services.asked_by_member(page):
        return
    task_state = instance.current_task_state
    notifications.question_rejected(page, task_state.comment if task_state else "")


def connect():
    page_published.connect(
        question_published, sender=QuestionPage, dispatch_uid="questions.question_published"
    )
    workflow_rejected.connect(question_rejected, dispatch_uid="questions.question_rejected")
