"""With the database task backend (production's default) a reply's e-mail leaves the request:
posting stores a task once the transaction commits and sends nothing; `make worker`
(django-tasks-db's db_worker on the "community" alias) sends it."""

import secrets

from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError
from django.urls import reverse

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from questions.models import Follow, Reply
from tests.community.factories import ProfileFactory
from tests.questions.factories import QuestionIndexPageFactory, QuestionPageFactory
from tests.task_queue import DATABASE, IMMEDIATE, run_worker, use_database_queue


@pytest.fixture
def database_queue(settings):
    """The members' e-mails on django-tasks-db's queue; other tasks stay immediate."""
    use_database_queue(settings)
    # Replies are published at once, so posting one is what announces it.
    settings.QUESTIONS_MODERATE_FIRST_POSTS = 0
    cache.clear()  # the posting rate limit counts in the cache
    yield
    cache.clear()


# Transactional: the worker runs its own transactions and closes connections it finds inside
# one, as a separate process would; it must see the task row the request committed.
@pytest.mark.django_db(transaction=True)
def test_a_reply_mail_waits_in_the_database_until_the_worker_sends_it(
    client, site_root, database_queue
):
    index = QuestionIndexPageFactory(parent=site_root, title="Vragen", slug="vragen")
    question = QuestionPageFactory(parent=index, title="Hoe bereik je jongeren online?")
    follower = question.author
    Follow.objects.create(profile=follower, question=question)
    replier = ProfileFactory(display_name="Sanne de Vries")

    client.force_login(replier.user)
    response = client.post(
        reverse("questions:reply_create", args=[question.pk]), {"body": "Via hun eigen kanalen"}
    )

    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.status == Reply.Status.PUBLISHED
    queued = DBTaskResult.objects.get()
    assert (queued.backend_name, queued.task_path, queued.status) == (
        "community",
        "questions.tasks.notify_followers",
        TaskResultStatus.READY,
    )
    assert queued.args_kwargs == {"args": [reply.pk], "kwargs": {}}
    assert mail.outbox == []

    run_worker()

    assert [message.to for message in mail.outbox] == [[follower.user.email]]
    assert question.title in mail.outbox[0].subject
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL

    # Nothing is left to send: a second pass sends no second mail.
    run_worker()
    assert len(mail.outbox) == 1


def test_the_worker_refuses_an_alias_that_is_not_a_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE}, "community": {"BACKEND": IMMEDIATE}}

    with pytest.raises(CommandError, match="not a database backend"):
        run_worker()


@pytest.mark.parametrize(
    ("module", "env", "backend"),
    [
        # Empty (or unset) means the settings' default.
        ("config.settings.production", {"COMMUNITY_TASK_BACKEND": ""}, DATABASE),
        ("config.settings.production", {"COMMUNITY_TASK_BACKEND": "immediate"}, IMMEDIATE),
        ("config.settings.dev", {"COMMUNITY_TASK_BACKEND": ""}, IMMEDIATE),
        ("config.settings.dev", {"COMMUNITY_TASK_BACKEND": "database"}, DATABASE),
        ("config.settings.dev", {"COMMUNITY_TASK_BACKEND": DATABASE}, DATABASE),
    ],
)
def test_production_queues_mail_in_the_database_and_development_sends_it_at_once(
    load_settings, module, env, backend
):
    values = load_settings(
        module,
        "TASKS",
        "INSTALLED_APPS",
        SECRET_KEY=secrets.token_urlsafe(50),
        TASK_BACKEND="",
        **env,
    )

    assert values["TASKS"]["community"] == {"BACKEND": backend}
    assert values["TASKS"]["default"] == {"BACKEND": IMMEDIATE}
    assert "django_tasks_db" in values["INSTALLED_APPS"]
