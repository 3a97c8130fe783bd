"""Following questions and the e-mails about them: a published reply mails the followers,
never the replier, never for pending or hidden replies; every mail has an unsubscribe link
that works without logging in; mail is queued on django-tasks after the commit."""

import re

from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

import pytest

from community.models import Profile
from questions import services
from questions.models import Follow, Reply
from questions.notifications import (
    Unsubscribe,
    read_unsubscribe_token,
    task_backend,
    unsubscribe_token,
)
from tests.community.factories import ProfileFactory
from tests.questions.conftest import logged_in
from tests.questions.factories import FollowFactory, ReplyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def followers(question):
    """The question's author (who follows it) and two more followers."""
    extra = [ProfileFactory(display_name="Mila"), ProfileFactory(display_name="Ahmed")]
    for profile in extra:
        FollowFactory(profile=profile, question=question)
    return [question.author, *extra]


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def emails(profiles):
    return sorted(profile.user.email for profile in profiles)


def post(client, question, body="Een nieuwe reactie"):
    return client.post(reverse("questions:reply_create", args=[question.pk]), {"body": body})


class TestFollowing:
    def test_follow_and_unfollow(self, client, question, member):
        url = reverse("questions:follow", args=[question.pk])
        logged_in(client, member)
        response = client.post(url, {"action": "follow"})
        assert response.status_code == 302
        assert response["Location"] == question.url
        assert Follow.objects.filter(profile=member, question=question).exists()
        client.post(url, {"action": "follow"})
        assert Follow.objects.filter(profile=member, question=question).count() == 1
        client.post(url, {"action": "unfollow"})
        assert not Follow.objects.filter(profile=member, question=question).exists()

    def test_the_thread_shows_the_follow_state(self, client, question, member):
        logged_in(client, member)
        form = lambda: client.get(question.url).content.decode()  # noqa: E731
        assert 'name="action" value="follow"' in form()
        services.follow(member, question)
        assert 'name="action" value="unfollow"' in form()

    def test_follow_redirects_only_within_the_site(self, client, question, member):
        response = logged_in(client, member).post(
            reverse("questions:follow", args=[question.pk]),
            {"action": "follow", "next": "https://evil.example/"},
        )
        assert response["Location"] == question.url

    def test_the_asker_follows_their_question(self, question_index, member):
        page = services.ask_question(question_index, member, {"title": "Hoe pak je dat aan?"})
        assert Follow.objects.filter(profile=member, question=page).exists()


class TestReplyMails:
    def test_a_published_reply_mails_the_followers_but_not_the_replier(
        self, client, question, followers, member, trusted, django_capture_on_commit_callbacks
    ):
        FollowFactory(profile=member, question=question)
        with django_capture_on_commit_callbacks(execute=True):
            post(logged_in(client, member), question, body="Wij <em>doen</em> dit zo")
        assert recipients() == emails(followers)
        message = next(m for m in mail.outbox if m.to == [followers[1].user.email])
        reply = Reply.objects.get()
        assert question.title in message.subject
        assert f"http://testserver{question.url}#reactie-{reply.pk}" in message.body
        assert "Wij doen dit zo" in message.body
        assert "<em>" not in message.body

    def test_pending_reply_mails_nobody_until_approved(
        self, client, question, followers, member, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            post(logged_in(client, member), question)
        reply = Reply.objects.get()
        assert reply.status == Reply.Status.PENDING
        assert mail.outbox == []

        with django_capture_on_commit_callbacks(execute=True):
            services.publish_replies([reply])
        # The followers, and the author whose reply waited.
        assert recipients() == sorted([*emails(followers), member.user.email])

    def test_hidden_reply_mails_no_follower(
        self, question, followers, django_capture_on_commit_callbacks
    ):
        reply = ReplyFactory(question=question, status=Reply.Status.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            services.hide_replies([reply], reason="Spam")
        assert recipients() == [reply.author.user.email]  # only the author, told why

    def test_a_reply_hidden_before_its_mail_went_out_is_not_announced(
        self, question, followers, django_capture_on_commit_callbacks
    ):
        reply = ReplyFactory(question=question, status=Reply.Status.PENDING)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.publish_replies([reply])
        Reply.objects.filter(pk=reply.pk).update(status=Reply.Status.HIDDEN)
        for callback in callbacks:
            callback()
        assert mail.outbox == []

    def test_followers_hear_of_a_reply_once(
        self, question, followers, django_capture_on_commit_callbacks
    ):
        reply = ReplyFactory(question=question, status=Reply.Status.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_replies([reply])
            services.hide_replies([reply], reason="Per ongeluk")
            services.publish_replies([reply])
        to_followers = [m for m in mail.outbox if m.to[0] in emails(followers)]
        assert len(to_followers) == len(followers)

    def test_members_who_switched_reply_mails_off_get_none(
        self, client, question, followers, member, trusted, django_capture_on_commit_callbacks
    ):
        Profile.objects.filter(pk=followers[1].pk).update(email_on_replies=False)
        followers[2].user.is_active = False
        followers[2].user.save()
        with django_capture_on_commit_callbacks(execute=True):
            post(logged_in(client, member), question)
        assert recipients() == [question.author.user.email]

    def test_mail_is_queued_only_after_the_commit(
        self, client, question, followers, member, trusted, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            post(logged_in(client, member), question)
        assert mail.outbox == []
        assert callbacks
        for callback in callbacks:
            callback()
        assert recipients() == emails(followers)

    def test_a_rolled_back_post_sends_nothing(
        self, question, followers, member, trusted, django_capture_on_commit_callbacks
    ):
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            services.create_reply(question, member, {"body": "<p>Weg</p>"})
            raise RuntimeError("the request failed after posting")
        assert mail.outbox == []
        assert not Reply.objects.exists()

    def test_mail_goes_through_the_community_task_backend(
        self, client, question, followers, member, trusted, tasks_run,
        django_capture_on_commit_callbacks,
    ):  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            post(logged_in(client, member), question)
        assert task_backend() == "community"
        ours = [result for result in tasks_run if result.task.module_path.startswith("questions.")]
        assert [(result.task.name, result.backend) for result in ours] == [
            ("notify_followers", "community")
        ]
        # Task arguments are ids (JSON), as a worker backend stores them.
        assert ours[0].args == [Reply.objects.get().pk]

    def test_without_the_alias_the_default_backend_is_used(self, settings):
        settings.QUESTIONS_TASK_BACKEND = "not-configured"
        assert task_backend() == "default"


class TestUnsubscribe:
    def mail_links(self, message):
        return re.findall(r"http://testserver(/questions/unsubscribe/[^/\s]+/)", message.body)

    @pytest.fixture
    def message(
        self, client, question, followers, member, trusted, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            post(logged_in(client, member), question)
        client.logout()
        return next(m for m in mail.outbox if m.to == [followers[1].user.email])

    def test_every_reply_mail_has_unsubscribe_links_and_headers(self, message, followers):
        question_link, all_link = self.mail_links(message)
        assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{question_link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert question_link in message.alternatives[0][0]
        assert read_unsubscribe_token(question_link.split("/")[-2])[:2] == (
            followers[1].pk,
            Unsubscribe.QUESTION,
        )
        assert read_unsubscribe_token(all_link.split("/")[-2])[:2] == (
            followers[1].pk,
            Unsubscribe.REPLIES,
        )

    def test_unfollow_from_the_mail_without_logging_in(self, message, question, followers):
        link = self.mail_links(message)[0]
        visitor = Client()
        page = visitor.get(link)
        assert page.status_code == 200
        # Opening the link changes nothing (mail scanners open links); the button does.
        assert Follow.objects.filter(profile=followers[1], question=question).exists()
        response = visitor.post(link)
        assert response.status_code == 200
        assert not Follow.objects.filter(profile=followers[1], question=question).exists()
        assert Follow.objects.filter(profile=followers[2], question=question).exists()

    def test_one_click_unsubscribe_needs_no_csrf_token(self, message, question, followers):
        link = self.mail_links(message)[0]
        response = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not Follow.objects.filter(profile=followers[1], question=question).exists()

    def test_stop_all_reply_mails(self, message, followers):
        Client().post(self.mail_links(message)[1])
        followers[1].refresh_from_db()
        assert followers[1].email_on_replies is False

    def test_no_more_mail_after_unfollowing(
        self, message, client, question, followers, other_member, trusted,
        django_capture_on_commit_callbacks,
    ):  # fmt: skip
        Client().post(self.mail_links(message)[0])
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            post(logged_in(client, other_member), question)
        assert followers[1].user.email not in recipients()

    def test_a_token_for_a_question_cannot_be_bent_to_another(self, question, member):
        token = unsubscribe_token(member, Unsubscribe.QUESTION, question)
        profile_id, kind, question_id = read_unsubscribe_token(token)
        assert (profile_id, kind, question_id) == (member.pk, "question", question.pk)
        tampered = token.replace(token.split(":")[0], token.split(":")[0][::-1])
        response = Client().get(reverse("questions:unsubscribe", args=[tampered]))
        assert response.status_code == 400

    def test_the_author_of_a_moderated_reply_can_unsubscribe_too(
        self, question, django_capture_on_commit_callbacks
    ):
        reply = ReplyFactory(question=question)
        with django_capture_on_commit_callbacks(execute=True):
            services.hide_replies([reply], reason="Dubbel")
        (message,) = mail.outbox
        assert "List-Unsubscribe" in message.extra_headers
        link = self.mail_links(message)[0]
        Client().post(link)
        reply.author.refresh_from_db()
        assert reply.author.email_on_replies is False
