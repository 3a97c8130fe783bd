"""With the database task backend (production's default) the applicants' e-mails leave the
request: applying stores the application and one task and sends nothing; the worker
renders and sends the receipt."""

from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from panels import services
from panels.forms import ApplicationForm
from panels.models import Registration
from tests.task_queue import run_worker, use_database_queue

from .factories import RegistrationFactory

# The worker runs its own transactions and closes connections it finds inside one, as a
# separate process would; it must see the task rows the request committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    """The applicants' e-mails on django-tasks-db's queue, as in production."""
    use_database_queue(settings)
    cache.clear()  # the application rate limit counts in the cache
    yield
    cache.clear()


def test_the_receipt_waits_in_the_database_until_the_worker_sends_it(
    client, session, application_data, database_queue
):
    response = client.post(reverse("panels:apply", args=[session.pk]), application_data)

    assert response.status_code == 302
    registration = Registration.objects.get()
    queued = DBTaskResult.objects.get()
    assert (queued.backend_name, queued.task_path, queued.status) == (
        "community",
        "panels.tasks.mail_applicant",
        TaskResultStatus.READY,
    )
    assert queued.args_kwargs == {"args": [registration.pk, "receipt", {}], "kwargs": {}}
    assert mail.outbox == []

    run_worker()

    assert [message.to for message in mail.outbox] == [[registration.email]]
    assert registration.token in mail.outbox[0].body
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    run_worker()
    assert len(mail.outbox) == 1


def test_a_confirmation_mail_carries_the_calendar_entry(session, database_queue):
    registration = RegistrationFactory(session=session)

    services.confirm([registration])
    assert mail.outbox == []
    run_worker()

    (message,) = mail.outbox
    assert [attachment[0] for attachment in message.attachments] == ["panelgesprek.ics"]
    assert "BEGIN:VCALENDAR" in message.attachments[0][1]


def test_an_application_erased_before_the_worker_came_gets_no_mail(
    client, session, application_data, database_queue
):
    client.post(reverse("panels:apply", args=[session.pk]), application_data)
    registration = Registration.objects.get()
    services.withdraw(registration)
    registration.refresh_from_db()
    services.erase(registration)

    run_worker()

    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2


def test_the_receipt_task_commits_with_the_application(session, application_data, database_queue):
    data = cleaned(session, application_data)

    with transaction.atomic():
        registration = services.apply(session, data)
        # Written inside the transaction (an outbox), not handed over after the commit.
        assert DBTaskResult.objects.filter(args_kwargs__args__0=registration.pk).exists()
        assert transaction.get_connection().run_on_commit == []

    assert DBTaskResult.objects.count() == 1


def test_a_rolled_back_application_leaves_no_mail_behind(session, application_data, database_queue):
    data = cleaned(session, application_data)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.apply(session, data)
        raise RuntimeError("the request failed after applying")

    assert Registration.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    run_worker()
    assert mail.outbox == []


def cleaned(session, application_data):
    form = ApplicationForm(application_data, session=session)
    assert form.is_valid(), form.errors
    return form.cleaned_data
