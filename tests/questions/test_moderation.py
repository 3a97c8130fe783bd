"""Moderation: pending and flagged replies in the admin, approving and hiding with a reason
that is kept and sent to the author, members flagging replies, and what visitors see."""

import re

from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from questions import services
from questions.models import Reply, ReplyFlag
from tests.questions.conftest import choose_english, logged_in, prefer_english
from tests.questions.factories import ReplyFactory, ReplyFlagFactory
from tests.questions.helpers import main_of

pytestmark = pytest.mark.django_db

REPLY_LIST = "wagtailsnippets_questions_reply:list"
FLAG_LIST = "wagtailsnippets_questions_replyflag:list"


def bulk_url(action, *replies):
    url = reverse("wagtail_bulk_action", args=("questions", "reply", action))
    ids = "&".join(f"id={reply.pk}" for reply in replies)
    return f"{url}?{ids}&next=/admin/"


def listed_ids(response):
    """The replies in the listing, by the edit links of its rows."""
    pattern = re.escape(reverse("wagtailsnippets_questions_reply:edit", args=[0])).replace(
        "/0/", r"/(\d+)/"
    )
    return {int(pk) for pk in re.findall(pattern, response.content.decode())}


@pytest.fixture
def queue(question):
    """One reply of each kind the moderation queue deals with."""
    return {
        "pending": ReplyFactory(question=question, status=Reply.Status.PENDING),
        "flagged": ReplyFactory(question=question),
        "dealt_with": ReplyFactory(question=question),
        "quiet": ReplyFactory(question=question),
    }


class TestQueue:
    def test_filter_pending(self, admin_client, queue):
        response = admin_client.get(reverse(REPLY_LIST), {"status": "pending"})
        assert listed_ids(response) == {queue["pending"].pk}

    def test_filter_flagged_shows_only_open_flags(self, admin_client, queue):
        ReplyFlagFactory.create_batch(2, reply=queue["flagged"])
        ReplyFlagFactory(reply=queue["dealt_with"], resolved_at="2024-01-01T10:00Z")

        flagged = admin_client.get(reverse(REPLY_LIST), {"flagged": "true"})
        not_flagged = admin_client.get(reverse(REPLY_LIST), {"flagged": "false"})

        assert listed_ids(flagged) == {queue["flagged"].pk}
        assert listed_ids(not_flagged) == {
            queue["pending"].pk,
            queue["dealt_with"].pk,
            queue["quiet"].pk,
        }

    def test_listing_counts_open_flags_in_constant_queries(
        self, admin_client, queue, django_assert_max_num_queries
    ):
        ReplyFlagFactory(reply=queue["flagged"])
        admin_client.get(reverse(REPLY_LIST))
        with django_assert_max_num_queries(40) as few:
            admin_client.get(reverse(REPLY_LIST))
        for reply in ReplyFactory.create_batch(10, question=queue["quiet"].question):
            ReplyFlagFactory.create_batch(2, reply=reply)
        with django_assert_max_num_queries(40) as many:
            response = admin_client.get(reverse(REPLY_LIST))
        assert len(many.captured_queries) == len(few.captured_queries)
        assert "open flags" in response.content.decode() or "meldingen" in (
            response.content.decode()
        )

    def test_flags_listing_shows_reason_and_note(self, admin_client, queue, admin_user):
        prefer_english(admin_user)
        ReplyFlagFactory(
            reply=queue["flagged"], reason=ReplyFlag.Reason.UNKIND, note="Kwetsend over ouders"
        )
        response = admin_client.get(reverse(FLAG_LIST), {"open": "true"})
        text = main_of(response).get_text(" ", strip=True)
        assert "It is hurtful or discriminating" in text
        assert "Kwetsend over ouders" in text

    def test_dashboard_counts_what_waits(self, admin_client, queue, admin_user):
        prefer_english(admin_user)
        ReplyFlagFactory(reply=queue["flagged"])
        html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
        assert "1 reply waits for approval" in html
        assert "1 reply was flagged by members" in html
        assert f"{reverse(REPLY_LIST)}?status=pending" in html

    def test_dashboard_panel_is_for_moderators_only(self, client, queue):
        from tests.questions.test_admin import editor_with

        client.force_login(editor_with())
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "?status=pending" not in html


class TestDecisions:
    def test_approve_publishes_keeps_the_decision_and_tells_the_author(
        self, admin_client, admin_user, queue, django_capture_on_commit_callbacks
    ):
        reply = queue["pending"]
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(bulk_url("publish", reply), {"reason": "Prima bijdrage"})
        assert response.status_code == 302
        reply.refresh_from_db()
        assert reply.status == Reply.Status.PUBLISHED
        assert reply.moderated_by == admin_user
        assert reply.moderated_at is not None
        assert reply.moderation_reason == "Prima bijdrage"
        to_author = [m for m in mail.outbox if m.to == [reply.author.user.email]]
        assert len(to_author) == 1
        assert reply.question.url in to_author[0].body

    def test_hide_needs_a_reason(self, admin_client, queue, admin_user):
        prefer_english(admin_user)
        reply = queue["flagged"]
        response = admin_client.post(bulk_url("hide", reply), {"reason": ""})
        assert response.status_code == 200
        assert "This field is required" in response.content.decode()
        reply.refresh_from_db()
        assert reply.status == Reply.Status.PUBLISHED

    def test_hide_keeps_the_reply_and_the_reason_and_tells_the_author(
        self, admin_client, admin_user, queue, django_capture_on_commit_callbacks
    ):
        reply = queue["flagged"]
        flag = ReplyFlagFactory(reply=reply)
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(bulk_url("hide", reply), {"reason": "Noemt een jongere bij naam."})

        reply.refresh_from_db()
        assert reply.status == Reply.Status.HIDDEN
        assert reply.moderation_reason == "Noemt een jongere bij naam."
        assert reply.moderated_by == admin_user
        flag.refresh_from_db()
        assert flag.resolved_at is not None
        assert flag.resolved_by == admin_user
        (message,) = mail.outbox
        assert message.to == [reply.author.user.email]
        assert "Noemt een jongere bij naam." in message.body
        assert "Noemt een jongere bij naam." in message.alternatives[0][0]

    def test_the_decision_is_in_the_replys_history(self, admin_client, queue):
        reply = queue["flagged"]
        admin_client.post(bulk_url("hide", reply), {"reason": "Spam"})
        entry = ModelLogEntry.objects.for_instance(reply).get(action="questions.reply.hide")
        assert entry.data["reason"] == "Spam"
        history = admin_client.get(
            reverse("wagtailsnippets_questions_reply:history", args=[reply.pk])
        )
        assert "Spam" in history.content.decode()

    def test_hidden_replies_vanish_from_the_site_but_are_kept(self, admin_client, client, queue):
        reply = queue["quiet"]
        page_url = reply.question.url
        assert f'id="reactie-{reply.pk}"' in client.get(page_url).content.decode()
        admin_client.post(bulk_url("hide", reply), {"reason": "Off topic"})
        assert f'id="reactie-{reply.pk}"' not in client.get(page_url).content.decode()
        assert Reply.objects.filter(pk=reply.pk, status=Reply.Status.HIDDEN).exists()

    def test_hidden_reply_is_not_shown_to_its_author_either(self, client, queue):
        reply = queue["quiet"]
        services.hide_replies([reply], reason="Off topic")
        response = logged_in(client, reply.author).get(reply.question.url)
        assert f'id="reactie-{reply.pk}"' not in response.content.decode()

    def test_admin_edit_that_hides_tells_the_author(
        self, admin_client, queue, django_capture_on_commit_callbacks
    ):
        reply = queue["quiet"]
        url = reverse("wagtailsnippets_questions_reply:edit", args=[reply.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                url,
                {
                    "question": reply.question_id,
                    "author": reply.author_id,
                    "body": reply.body,
                    "status": Reply.Status.HIDDEN,
                    "moderation_reason": "Bevat een adres",
                },
            )
        assert response.status_code == 302
        reply.refresh_from_db()
        assert reply.status == Reply.Status.HIDDEN
        assert reply.moderated_at is not None
        (message,) = mail.outbox
        assert "Bevat een adres" in message.body

    def test_admin_may_save_an_experience_without_body_text(self, admin_client, queue):
        reply = queue["quiet"]
        url = reverse("wagtailsnippets_questions_reply:edit", args=[reply.pk])
        response = admin_client.post(
            url,
            {
                "question": reply.question_id,
                "author": reply.author_id,
                "body": "",
                "what_happened": "Een botsing op het schoolplein.",
                "status": Reply.Status.PUBLISHED,
            },
        )
        assert response.status_code == 302
        reply.refresh_from_db()
        assert reply.what_happened == "Een botsing op het schoolplein."


class TestFlagging:
    @pytest.fixture
    def reply(self, question, member):
        return ReplyFactory(question=question, author=member)

    def test_member_flags_with_a_reason(self, client, reply, other_member):
        url = reverse("questions:reply_flag", args=[reply.pk])
        logged_in(client, other_member)
        assert client.get(url).status_code == 200
        response = client.post(url, {"reason": "personal_data", "note": "Er staat een adres in"})
        assert response.status_code == 302
        assert response["Location"].endswith(f"#reactie-{reply.pk}")
        flag = ReplyFlag.objects.get()
        assert (flag.reply, flag.flagged_by, flag.reason, flag.note) == (
            reply,
            other_member,
            "personal_data",
            "Er staat een adres in",
        )
        assert flag.is_open
        # Flagging does not take the reply off the site; editors decide.
        assert reply.question.url and "reactie-" in client.get(reply.question.url).content.decode()

    def test_a_reason_is_required(self, client, reply, other_member):
        response = choose_english(logged_in(client, other_member)).post(
            reverse("questions:reply_flag", args=[reply.pk]), {"reason": "", "note": "x"}
        )
        assert response.status_code == 400
        assert "reason" in response.context["form"].errors
        assert not ReplyFlag.objects.exists()

    def test_a_member_flags_a_reply_once(self, client, reply, other_member):
        url = reverse("questions:reply_flag", args=[reply.pk])
        logged_in(client, other_member)
        client.post(url, {"reason": "spam"})
        response = client.post(url, {"reason": "unkind"}, follow=True)
        assert ReplyFlag.objects.count() == 1
        assert response.status_code == 200

    def test_approving_closes_flags_and_keeps_the_reply(self, reply, other_member, admin_user):
        flag = services.flag_reply(reply, other_member, ReplyFlag.Reason.OFF_TOPIC)
        services.publish_replies([reply], by=admin_user, reason="Past wel bij de vraag")
        flag.refresh_from_db()
        reply.refresh_from_db()
        assert flag.resolved_by == admin_user
        assert reply.status == Reply.Status.PUBLISHED


class TestNoticeOfPublication:
    def test_author_of_an_already_published_reply_is_not_told_again(
        self, queue, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.publish_replies([queue["quiet"]]) == 0
        assert mail.outbox == []

    def test_featuring_a_pending_reply_publishes_it_and_tells_the_author(
        self, queue, django_capture_on_commit_callbacks
    ):
        reply = queue["pending"]
        with django_capture_on_commit_callbacks(execute=True):
            services.feature_replies([reply])
        recipients = [m.to[0] for m in mail.outbox]
        assert recipients.count(reply.author.user.email) == 1
        # The question's author follows it and hears of the newly visible reply too.
        assert recipients.count(reply.question.author.user.email) == 1


class TestFlagAdmin:
    def test_flag_forms_open_and_save(self, admin_client, queue):
        flag = ReplyFlagFactory(reply=queue["flagged"])
        edit = reverse("wagtailsnippets_questions_replyflag:edit", args=[flag.pk])
        assert admin_client.get(edit).status_code == 200
        response = admin_client.post(
            edit,
            {
                "reply": flag.reply_id,
                "flagged_by": flag.flagged_by_id,
                "reason": "spam",
                "note": "Toch spam",
                "resolved_at": "",
            },
        )
        assert response.status_code == 302
        flag.refresh_from_db()
        assert flag.reason == "spam"
        add = reverse("wagtailsnippets_questions_replyflag:add")
        assert admin_client.get(add).status_code == 200
        response = admin_client.post(add, {"reply": "", "reason": "spam"})
        assert response.status_code == 200
        assert "reply" in response.context["form"].errors
