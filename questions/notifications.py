"""E-mails of the questions app: queued on django-tasks once the transaction commits.

The functions here are what the services call; they only queue work. The tasks (in
``tasks.py``) look the rows up again when they run, so a reply hidden before its mail went
out is never announced, and a reply is announced to its followers at most once.

Every e-mail carries an unsubscribe link that works without logging in: a signed token
naming the member and what to stop (one question, all reply e-mails, or the digest).
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from .conf import base_url, get_setting

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "questions.unsubscribe"


class Unsubscribe:
    """What an unsubscribe link stops."""

    QUESTION = "question"
    REPLIES = "replies"
    DIGEST = "digest"
    KINDS = {QUESTION, REPLIES, DIGEST}


def absolute_url(path):
    """An absolute link for an e-mail, built from QUESTIONS_BASE_URL / WAGTAILADMIN_BASE_URL."""
    return f"{base_url()}{path}"


def unsubscribe_token(profile, kind, question=None):
    """A signed token for ``kind`` (see Unsubscribe); it does not expire, as mails are kept."""
    return signing.dumps(
        [profile.pk, kind, question.pk if question is not None else None],
        salt=UNSUBSCRIBE_SALT,
        compress=True,
    )


def read_unsubscribe_token(token):
    """``(profile_id, kind, question_id)`` from a token; raises signing.BadSignature."""
    try:
        profile_id, kind, question_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (TypeError, ValueError) as error:
        raise signing.BadSignature(str(error)) from error
    if kind not in Unsubscribe.KINDS or not isinstance(profile_id, int):
        raise signing.BadSignature("unknown unsubscribe token")
    return profile_id, kind, question_id


def unsubscribe_url(profile, kind, question=None):
    return absolute_url(
        reverse("questions:unsubscribe", args=[unsubscribe_token(profile, kind, question)])
    )


def build_message(template, context, profile, unsubscribe):
    """Render ``questions/mail/<template>{_subject.txt,.txt,.html}`` for ``profile``.

    ``unsubscribe`` is the absolute unsubscribe link; it goes in the footer and in the
    List-Unsubscribe headers, so mail programs offer one-click unsubscribing (RFC 8058).
    """
    context = {
        **context,
        "profile": profile,
        "unsubscribe_url": unsubscribe,
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"questions/mail/{template}_subject.txt", context).split()
        )
        context["subject"] = subject
        text = render_to_string(f"questions/mail/{template}.txt", context)
        html = render_to_string(f"questions/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[profile.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Not an answer to anyone: out-of-office replies should stay away.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def can_mail(profile):
    """Whether ``profile`` has an address to write to and an account that still works."""
    return profile is not None and profile.user.is_active and bool(profile.user.email)


def send(message):
    """Send ``message``; a mail server failure is logged, never raised into the task."""
    try:
        message.send()
    except Exception:
        logger.exception("Could not send questions e-mail %r to %s", message.subject, message.to)
        return False
    return True


# Queueing ---------------------------------------------------------------------------------


def task_backend():
    """The django-tasks backend alias for the app's e-mails: QUESTIONS_TASK_BACKEND when the
    project defines it in TASKS, else the default backend."""
    alias = get_setting("QUESTIONS_TASK_BACKEND")
    return alias if alias in task_backends.settings else DEFAULT_TASK_BACKEND_ALIAS


def enqueue_on_commit(task, *args):
    """Queue ``task`` once the surrounding transaction commits: a rolled-back change sends
    nothing, and a worker never looks for a row that is not committed yet."""

    def enqueue():
        task.using(backend=task_backend()).enqueue(*args)

    transaction.on_commit(enqueue)


def reply_published(reply):
    """A reply is visible: its question's followers hear of it (once)."""
    from . import tasks

    enqueue_on_commit(tasks.notify_followers, reply.pk)


def reply_approved(reply):
    """A reply that waited for approval is published: its author hears of it."""
    from . import tasks

    enqueue_on_commit(tasks.tell_author_reply_approved, reply.pk)


def reply_hidden(reply):
    """An editor hid a reply: its author hears of it, with the reason."""
    from . import tasks

    enqueue_on_commit(tasks.tell_author_reply_hidden, reply.pk)


def question_published(page):
    """A member's question is live: its author hears of it."""
    from . import tasks

    enqueue_on_commit(tasks.tell_author_question_published, page.pk)


def question_rejected(page, comment):
    """An editor sent a member's question back: its author hears of it, with the comment."""
    from . import tasks

    enqueue_on_commit(tasks.tell_author_question_rejected, page.pk, comment or "")


def digest(profile, week_start):
    """Queue ``profile``'s weekly digest for the week starting ``week_start``."""
    from . import tasks

    enqueue_on_commit(tasks.send_digest, profile.pk, week_start.isoformat())
