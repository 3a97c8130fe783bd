"""E-mails of the panels app, sent only after the transaction commits.

The applicants' e-mails are queued on django-tasks (``tasks.mail_applicant``): the request
that applies stores the application and nothing more, and with a database task backend the
worker renders and sends. A database queue takes the task inside the transaction (an
outbox: the task row commits or rolls back with the change, and the worker only sees it
once committed); any other backend is handed the task once the transaction commits. The
editors' e-mails are rare and rendered at once, then sent after the commit.

Every message has a plain-text body and an HTML alternative, rendered in the applicant's
language (the one they applied in), falling back to the site's default language.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

try:
    from django_tasks_db import DatabaseBackend
except ImportError:  # the database queue is optional; without it every backend waits for the commit
    DatabaseBackend = None

from .conf import base_url, get_setting

logger = logging.getLogger(__name__)


def absolute_url(path):
    """An absolute link for an e-mail, built from PANELS_BASE_URL / WAGTAILADMIN_BASE_URL."""
    return f"{base_url()}{path}"


def personal_url(registration):
    """The applicant's personal link: state, withdrawal and erasure."""
    return absolute_url(reverse("panels:application", kwargs={"token": registration.token}))


def selection_url(session):
    """The admin page where editors decide on a session's applicants."""
    return absolute_url(reverse("panels_sessions:selection", kwargs={"pk": session.pk}))


def build_message(template, context, to, language=None, attachments=()):
    """Render ``panels/mail/<template>{_subject.txt,.txt,.html}`` into a message."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"panels/mail/{template}_subject.txt", context).split())
        text = render_to_string(f"panels/mail/{template}.txt", context)
        html = render_to_string(f"panels/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=list(to))
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def send(message):
    """Send ``message``; a mail server failure is logged, never raised."""
    try:
        message.send()
    except Exception:
        # The state change is committed and visible on the applicant's personal page;
        # a mail server hiccup must not turn it into an error page or a failed task.
        logger.exception("Could not send panels e-mail %r to %s", message.subject, message.to)
        return False
    return True


def send_on_commit(message):
    """Send once the surrounding transaction commits; a mail failure never undoes the change."""
    transaction.on_commit(lambda: send(message))


def task_backend():
    """The django-tasks backend alias for the applicants' e-mails: PANELS_TASK_BACKEND when
    the project defines it in TASKS, else the default backend."""
    alias = get_setting("PANELS_TASK_BACKEND")
    return alias if alias in task_backends.settings else DEFAULT_TASK_BACKEND_ALIAS


def registration_context(registration, **extra):
    session = registration.session
    panel = session.panel
    return {
        "registration": registration,
        "session": session,
        "panel": panel,
        "contact_persons": list(panel.contact_persons.all()),
        "personal_url": personal_url(registration),
        **extra,
    }


def mail_applicant(registration, template, **extra):
    """Queue one of the applicant's e-mails (receipt, confirmed, declined …); a rolled-back
    change sends nothing. ``extra`` goes into the template's context and must be JSON: a
    task backend stores it."""
    from .tasks import mail_applicant as task

    backend = task_backend()
    registration_id = registration.pk

    def enqueue():
        task.using(backend=backend).enqueue(registration_id, template, extra)

    if queues_in_the_transaction(backend, registration._state.db or DEFAULT_DB_ALIAS):
        # One insert in the open transaction instead of a second commit after it, and a
        # worker killed between the two can no longer lose the mail.
        enqueue()
    else:
        transaction.on_commit(enqueue)


def queues_in_the_transaction(alias, using):
    """Whether the task backend ``alias`` stores its tasks in the database ``using`` while a
    transaction is open there, so a task enqueued now becomes visible when it commits. An
    immediate backend would send at once, inside the transaction: it must wait."""
    if DatabaseBackend is None or not transaction.get_connection(using).in_atomic_block:
        return False
    from django_tasks_db.models import DBTaskResult

    return (
        isinstance(task_backends[alias], DatabaseBackend)
        and router.db_for_write(DBTaskResult) == using
    )


def mail_editors(recipients, template, context):
    """Queue an e-mail to the people who run a panel."""
    if not recipients:
        logger.warning("No one to send panels e-mail %s to", template)
        return None
    message = build_message(template, context, to=recipients)
    send_on_commit(message)
    return message
