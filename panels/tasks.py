"""Background work of the panels app (django-tasks): the applicants' e-mails.

A task takes the registration's id, not the object, because a real task backend stores the
arguments as JSON and runs them later in a worker. It renders the message when it runs, so
the request that applied (or the editor's action) neither renders nor sends mail.
"""

from django_tasks import task

from .ics import session_ics
from .mail import build_message, registration_context, send
from .models import Registration

# The calendar entry travels with the mail that gives the applicant a place.
CALENDAR_TEMPLATES = {"confirmed"}


@task()
def mail_applicant(registration_id, template, extra):
    """Render and send one of the applicant's e-mails (receipt, confirmed, declined …).

    Returns whether a message went out: an application erased before the worker came to
    it has no address left to write to.
    """
    registration = (
        Registration.objects.select_related("session__panel")
        .filter(pk=registration_id, anonymised_at__isnull=True)
        .first()
    )
    if registration is None or not registration.email:
        return False
    attachments = []
    if template in CALENDAR_TEMPLATES:
        ics = session_ics(registration)
        attachments.append(("panelgesprek.ics", ics, "text/calendar; method=PUBLISH"))
    message = build_message(
        template,
        registration_context(registration, **extra),
        to=[registration.email],
        language=registration.language,
        attachments=attachments,
    )
    return send(message)
