"""Members reply on a question: rich text, a structured experience, a resource and topics;
they edit and delete their own reply; new members wait for approval; the rate limit."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

import pytest

from questions.models import Follow, Reply
from tests.community.factories import TopicFactory
from tests.questions.conftest import choose_english, logged_in
from tests.questions.factories import ReplyFactory, ResourceFactory
from tests.questions.helpers import assert_valid_outline, main_of

pytestmark = pytest.mark.django_db


def reply_url(question):
    return reverse("questions:reply_create", args=[question.pk])


def post_reply(client, question, **data):
    return client.post(reply_url(question), {"body": "Mijn ervaring.", **data})


def newest_reply():
    return Reply.objects.order_by("-pk").first()


def article(response, reply):
    return main_of(response).find(id=f"reactie-{reply.pk}")


class TestReplyForm:
    def test_the_thread_shows_the_form_to_members(self, client, question, member):
        response = choose_english(logged_in(client, member)).get(question.url)
        main = main_of(response)
        form = main.find("form", class_="reply-form")
        assert form["action"] == reply_url(question)
        assert form.find("textarea", attrs={"name": "body"})
        assert main.find(id="reply-form-heading").get_text() == "Reply to this question"
        assert_valid_outline(main)

    def test_visitors_get_a_login_link_back_to_the_question(self, client, question):
        response = choose_english(client).get(question.url)
        main = main_of(response)
        assert main.find("form", class_="reply-form") is None
        link = main.find(class_="reply-cta").a
        assert link["href"] == reverse("account_login") + "?" + urlencode({"next": question.url})

    def test_reply_page_renders_for_a_member(self, client, question, member):
        response = logged_in(client, member).get(reply_url(question))
        assert response.status_code == 200
        assert_valid_outline(main_of(response))


class TestPosting:
    def test_rich_text_is_kept_and_sanitised(self, client, question, member, trusted):
        body = (
            "Eerst <strong>vet</strong> en <em>schuin</em>.\n\n"
            "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n\n"
            "<blockquote>Een citaat</blockquote>\n\n"
            'Zie <a href="https://vng.nl/publicaties">de handreiking</a>.'
        )
        response = post_reply(logged_in(client, member), question, body=body)

        reply = Reply.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"{question.url}#reactie-{reply.pk}"
        assert reply.status == Reply.Status.PUBLISHED
        assert reply.author == member
        assert "<p>Eerst <strong>vet</strong> en <em>schuin</em>.</p>" in reply.body
        assert "<li>een</li>" in reply.body
        assert "<blockquote>" in reply.body
        html = str(article(client.get(question.url), reply))
        assert 'rel="nofollow ugc noopener"' in html
        assert "<strong>vet</strong>" in html

    def test_plain_text_becomes_paragraphs(self, client, question, member, trusted):
        post_reply(logged_in(client, member), question, body="Regel een\nregel twee\n\nAlinea")
        assert Reply.objects.get().body == "<p>Regel een<br>regel twee</p>\n<p>Alinea</p>"

    def test_a_structured_experience_is_shown_as_a_card(self, client, question, member, trusted):
        post_reply(
            logged_in(client, member),
            question,
            body="",
            experience_setting="school",
            what_happened="Twee groepen <b>botsten</b> na een filmpje.",
            what_i_did="Ik ging met beide groepen in gesprek.",
            what_worked="Luisteren.",
            what_did_not_work="Een verbod op telefoons.",
        )
        reply = Reply.objects.get()
        assert reply.is_experience
        card = article(choose_english(client).get(question.url), reply).find(class_="experience")
        assert card.h4.get_text() == "Experience: school"
        terms = [dt.get_text() for dt in card.find_all("dt")]
        assert terms == ["What happened", "What I did", "What worked", "What did not work"]
        # Plain text: markup is shown as typed, never interpreted.
        assert "<b>botsten</b>" in card.find("dd").get_text()
        assert card.find("b") is None

    def test_resource_and_topics(self, client, question, member, trusted):
        resource = ResourceFactory(title="Handreiking depolarisatie")
        topics = [TopicFactory(name="polarisatie"), TopicFactory(name="online")]
        post_reply(
            logged_in(client, member),
            question,
            resource=resource.pk,
            topics=[topic.pk for topic in topics],
        )
        reply = Reply.objects.get()
        assert reply.resource == resource
        assert sorted(topic.name for topic in reply.topics.all()) == ["online", "polarisatie"]
        html = article(client.get(question.url), reply)
        assert (
            html.find(class_="resource-card")
            .h4.get_text(strip=True)
            .startswith("Handreiking depolarisatie")
        )
        assert sorted(li.get_text() for li in html.select(".reply__topics .topic")) == [
            "online",
            "polarisatie",
        ]

    def test_empty_reply_is_refused_with_a_message(self, client, question, member):
        response = choose_english(logged_in(client, member)).post(
            reply_url(question), {"body": "  <p> </p> "}
        )
        assert response.status_code == 400
        assert not Reply.objects.exists()
        summary = main_of(response).find(id="error-summary")
        assert "Write your reply" in summary.get_text()
        assert summary.a["href"] == "#id_body"
        assert response.context["form"]["body"].value() == "  <p> </p> "

    def test_unknown_resource_or_topic_is_a_form_error(self, client, question, member):
        response = post_reply(logged_in(client, member), question, resource=999, topics=[999])
        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"resource", "topics"}

    def test_replier_follows_the_question(self, client, question, member, trusted):
        post_reply(logged_in(client, member), question)
        assert Follow.objects.filter(profile=member, question=question).exists()

    def test_no_reply_to_a_draft_question(self, client, question, member):
        question.unpublish()
        assert logged_in(client, member).get(reply_url(question)).status_code == 404
        assert post_reply(client, question).status_code == 404


class TestFirstPostModeration:
    def test_first_reply_of_a_new_member_waits(self, client, question, member, other_member):
        response = post_reply(logged_in(client, member), question, body="Mijn eerste reactie")
        reply = Reply.objects.get()
        assert reply.status == Reply.Status.PENDING
        # The author sees it, marked as waiting; nobody else does.
        own_view = client.get(response["Location"])
        assert "Mijn eerste reactie" in own_view.content.decode()
        assert article(own_view, reply).find(class_="badge--pending")
        client.logout()
        assert "Mijn eerste reactie" not in client.get(question.url).content.decode()
        logged_in(client, other_member)
        assert "Mijn eerste reactie" not in client.get(question.url).content.decode()

    def test_after_an_approved_post_replies_are_published_at_once(self, client, question, member):
        ReplyFactory(question=question, author=member, status=Reply.Status.PUBLISHED)
        post_reply(logged_in(client, member), question, body="Tweede")
        assert newest_reply().status == Reply.Status.PUBLISHED

    def test_a_pending_or_hidden_post_does_not_count(self, client, question, member):
        ReplyFactory(question=question, author=member, status=Reply.Status.PENDING)
        ReplyFactory(question=question, author=member, status=Reply.Status.HIDDEN)
        post_reply(logged_in(client, member), question, body="Derde")
        assert newest_reply().status == Reply.Status.PENDING

    def test_the_number_of_moderated_posts_is_a_setting(self, client, question, member, settings):
        settings.QUESTIONS_MODERATE_FIRST_POSTS = 2
        ReplyFactory(question=question, author=member, status=Reply.Status.PUBLISHED)
        post_reply(logged_in(client, member), question, body="Tweede")
        assert newest_reply().status == Reply.Status.PENDING

    def test_editors_are_never_moderated(self, client, question, editor):
        post_reply(logged_in(client, editor), question, body="Van de redactie")
        assert Reply.objects.get().status == Reply.Status.PUBLISHED


class TestEditAndDelete:
    @pytest.fixture
    def reply(self, question, member):
        return ReplyFactory(
            question=question,
            author=member,
            body="<p>Eerste versie &amp; meer</p>\n<ul>\n<li>punt</li>\n</ul>",
        )

    def test_edit_form_shows_the_text_as_typed(self, client, reply, member):
        response = logged_in(client, member).get(reverse("questions:reply_edit", args=[reply.pk]))
        assert response.status_code == 200
        assert response.context["form"]["body"].value() == (
            "Eerste versie & meer\n\n<ul>\n<li>punt</li>\n</ul>"
        )

    def test_edit_marks_the_reply_as_edited_with_the_time(self, client, reply, member):
        topic = TopicFactory(name="school")
        before = timezone.now()
        response = logged_in(client, member).post(
            reverse("questions:reply_edit", args=[reply.pk]),
            {"body": "Tweede versie", "topics": [topic.pk]},
        )
        assert response.status_code == 302
        reply.refresh_from_db()
        assert reply.body == "<p>Tweede versie</p>"
        assert reply.edited_at >= before
        assert [t.name for t in reply.topics.all()] == ["school"]
        assert reply.status == Reply.Status.PUBLISHED
        meta = article(choose_english(client).get(reply.question.url), reply).find(
            class_="reply__edited"
        )
        assert meta.get_text(" ", strip=True).startswith("edited")
        local = timezone.localtime(reply.edited_at)
        assert meta.time["datetime"] == local.strftime("%Y-%m-%dT%H:%M:%S%z")

    def test_editing_keeps_a_pending_reply_pending(self, client, reply, member):
        Reply.objects.filter(pk=reply.pk).update(status=Reply.Status.PENDING)
        logged_in(client, member).post(
            reverse("questions:reply_edit", args=[reply.pk]), {"body": "Aangepast"}
        )
        reply.refresh_from_db()
        assert reply.status == Reply.Status.PENDING

    def test_delete_after_confirming(self, client, reply, member):
        url = reverse("questions:reply_delete", args=[reply.pk])
        assert logged_in(client, member).get(url).status_code == 200
        assert Reply.objects.filter(pk=reply.pk).exists()
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"] == reply.question.url
        assert not Reply.objects.filter(pk=reply.pk).exists()

    def test_hidden_reply_cannot_be_edited_or_deleted(self, client, reply, member):
        Reply.objects.filter(pk=reply.pk).update(status=Reply.Status.HIDDEN)
        logged_in(client, member)
        assert client.get(reverse("questions:reply_edit", args=[reply.pk])).status_code == 404
        assert client.post(reverse("questions:reply_delete", args=[reply.pk])).status_code == 404
        assert Reply.objects.filter(pk=reply.pk).exists()

    def test_own_reply_offers_edit_and_delete_others_do_not(
        self, client, reply, member, other_member
    ):
        html = str(article(logged_in(client, member).get(reply.question.url), reply))
        assert reverse("questions:reply_edit", args=[reply.pk]) in html
        assert reverse("questions:reply_delete", args=[reply.pk]) in html
        html = str(article(logged_in(client, other_member).get(reply.question.url), reply))
        assert reverse("questions:reply_edit", args=[reply.pk]) not in html
        assert reverse("questions:reply_flag", args=[reply.pk]) in html


class TestRateLimit:
    def test_sixth_post_within_ten_minutes_is_refused_and_kept(
        self, client, question, member, trusted
    ):
        choose_english(logged_in(client, member))
        for number in range(5):
            assert post_reply(client, question, body=f"Reactie {number}").status_code == 302

        response = post_reply(client, question, body="Nummer zes")

        assert response.status_code == 429
        assert Reply.objects.count() == 5
        summary = main_of(response).find(id="error-summary").get_text(" ", strip=True)
        assert "Please wait 10 minutes" in summary
        assert response.context["form"]["body"].value() == "Nummer zes"

    def test_the_window_slides(self, client, question, member, trusted, monkeypatch):
        import time

        now = [1_000_000.0]
        monkeypatch.setattr(time, "time", lambda: now[0])
        logged_in(client, member)
        for _number in range(5):
            post_reply(client, question)
            now[0] += 60
        assert post_reply(client, question).status_code == 429
        # The first post leaves the window ten minutes after it was made.
        now[0] = 1_000_000.0 + 600 + 1
        assert post_reply(client, question).status_code == 302

    def test_limit_and_window_are_settings(self, client, question, member, trusted, settings):
        settings.QUESTIONS_POST_RATE_LIMIT = 2
        logged_in(client, member)
        assert post_reply(client, question).status_code == 302
        assert post_reply(client, question).status_code == 302
        assert post_reply(client, question).status_code == 429

    def test_the_limit_is_per_member(self, client, question, member, other_member, trusted):
        logged_in(client, member)
        for _number in range(5):
            post_reply(client, question)
        assert post_reply(logged_in(client, other_member), question).status_code == 302

    def test_a_refused_form_does_not_count(self, client, question, member, trusted, settings):
        settings.QUESTIONS_POST_RATE_LIMIT = 1
        logged_in(client, member)
        assert post_reply(client, question, body="").status_code == 400
        assert post_reply(client, question, body="Echt").status_code == 302


class TestDates:
    def test_created_and_edited_times_are_local(self, client, question, member):
        reply = ReplyFactory(
            question=question,
            author=member,
            created_at=datetime.datetime(2022, 9, 2, 9, 30, tzinfo=datetime.UTC),
            edited_at=datetime.datetime(2022, 9, 3, 21, 5, tzinfo=datetime.UTC),
        )
        meta = article(client.get(question.url), reply).find(class_="reply__edited")
        assert meta.time.get_text() == "3 september 2022, 23:05"
