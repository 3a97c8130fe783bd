"""Wagtail's publishing and moderation signals, for members who asked a question."""

from wagtail.models import PageLogEntry
from wagtail.signals import page_published, workflow_rejected

from . import notifications, services
from .models import QuestionPage


def question_published(sender, instance, revision=None, **kwargs):
    """The first time a question is published its author follows it (also when an editor
    wrote it for them), and a member who asked it on the site is told it is live."""
    page = instance
    # Wagtail logs a publication after sending this signal, so none is logged yet the first
    # time; a later publication (an edit, load_demo run again) changes nothing here, and an
    # author who unfollowed stays unfollowed.
    if PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists():
        return
    if page.author_id is not None:
        services.follow(page.author, page)
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
