"""Background work of the questions app (django-tasks): the e-mails.

Tasks take ids, not objects, because a real task backend stores the arguments as JSON and
runs them later in a worker; each task reads the current state of the rows when it runs.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from community.models import Profile

from . import digest as weekly_digest
from .models import QuestionPage, Reply
from .notifications import Unsubscribe, absolute_url, build_message, can_mail, send
from .notifications import unsubscribe_url as make_unsubscribe_url


def _reply_url(reply):
    return absolute_url(f"{reply.question.url}#reactie-{reply.pk}") if reply.question.url else ""


@task()
def notify_followers(reply_id):
    """Mail the followers of a newly published reply's question, never its author, and only
    those who want reply e-mails. Returns how many were mailed."""
    claimed = Reply.objects.filter(
        pk=reply_id, status=Reply.Status.PUBLISHED, followers_notified_at__isnull=True
    ).update(followers_notified_at=timezone.now())
    if not claimed:
        # Hidden again before this ran, deleted, or already announced.
        return 0
    reply = Reply.objects.select_related("question", "author").get(pk=reply_id)
    followers = (
        Profile.objects.filter(
            follows__question_id=reply.question_id,
            email_on_replies=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    if reply.author_id is not None:
        followers = followers.exclude(pk=reply.author_id)
    sent = 0
    for follower in followers:
        message = build_message(
            "new_reply",
            {
                "reply": reply,
                "question": reply.question,
                "reply_url": _reply_url(reply),
                "stop_all_url": make_unsubscribe_url(follower, Unsubscribe.REPLIES),
            },
            follower,
            make_unsubscribe_url(follower, Unsubscribe.QUESTION, reply.question),
        )
        sent += send(message)
    return sent


def _tell_author(reply_id, status, template):
    reply = (
        Reply.objects.select_related("question", "author__user", "moderated_by")
        .filter(pk=reply_id, status=status)
        .first()
    )
    # Changed again before this ran (published, then hidden at once): that later change
    # sends its own mail.
    if reply is None or not can_mail(reply.author):
        return 0
    message = build_message(
        template,
        {"reply": reply, "question": reply.question, "reply_url": _reply_url(reply)},
        reply.author,
        make_unsubscribe_url(reply.author, Unsubscribe.REPLIES),
    )
    return int(send(message))


@task()
def tell_author_reply_approved(reply_id):
    """Tell the author that their reply, which waited for approval, is published."""
    return _tell_author(reply_id, Reply.Status.PUBLISHED, "reply_approved")


@task()
def tell_author_reply_hidden(reply_id):
    """Tell the author that an editor hid their reply, and why."""
    return _tell_author(reply_id, Reply.Status.HIDDEN, "reply_hidden")


def _question_author(page_id):
    page = QuestionPage.objects.select_related("author__user").filter(pk=page_id).first()
    if page is None or not can_mail(page.author):
        return None, None
    return page, page.author


@task()
def tell_author_question_published(page_id):
    """Tell a member that their question is on the site."""
    page, author = _question_author(page_id)
    if page is None or not page.live:
        return 0
    message = build_message(
        "question_published",
        {"question": page, "question_url": absolute_url(page.url or "")},
        author,
        make_unsubscribe_url(author, Unsubscribe.QUESTION, page),
    )
    return int(send(message))


@task()
def tell_author_question_rejected(page_id, comment):
    """Tell a member that an editor sent their question back, with the editor's comment."""
    page, author = _question_author(page_id)
    if page is None or page.live:
        return 0
    message = build_message(
        "question_rejected",
        {
            "question": page,
            "comment": comment,
            "my_questions_url": absolute_url(reverse("questions:my_questions")),
        },
        author,
        make_unsubscribe_url(author, Unsubscribe.REPLIES),
    )
    return int(send(message))


@task()
def send_digest(profile_id, week_start):
    """Send one member's weekly digest for the week starting ``week_start`` (ISO date)."""
    profile = (
        Profile.objects.select_related("user").filter(pk=profile_id, weekly_digest=True).first()
    )
    if not can_mail(profile):
        return 0
    start = datetime.date.fromisoformat(week_start)
    content = weekly_digest.content_for(profile, start)
    if content.is_empty:
        return 0
    message = build_message(
        "digest",
        {"digest": content, "week_start": start},
        profile,
        make_unsubscribe_url(profile, Unsubscribe.DIGEST),
    )
    return int(send(message))
