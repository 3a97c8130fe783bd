"""Helpful marks: once per member and reply, the count shows, and a thread can be ordered by
helpfulness with featured replies still first; the thread's queries do not grow with them."""

import datetime

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from questions import services
from questions.models import HelpfulMark, Reply
from tests.community.factories import ProfileFactory, TopicFactory
from tests.questions.conftest import choose_english, logged_in
from tests.questions.factories import HelpfulMarkFactory, ReplyFactory
from tests.questions.helpers import main_of
from tests.questions.test_replies import QUERY_BUDGET, build_thread, rendered_reply_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(question, member):
    return ReplyFactory(question=question, author=member)


def mark(client, reply, **data):
    return client.post(reverse("questions:reply_helpful", args=[reply.pk]), data)


class TestMarking:
    def test_a_member_marks_a_reply_once(self, client, reply, other_member):
        logged_in(client, other_member)
        assert mark(client, reply).status_code == 302
        assert mark(client, reply).status_code == 302
        assert HelpfulMark.objects.filter(reply=reply).count() == 1

    def test_the_database_refuses_a_second_mark(self, reply, other_member):
        HelpfulMark.objects.create(reply=reply, profile=other_member)
        with pytest.raises(IntegrityError), transaction.atomic():
            HelpfulMark.objects.create(reply=reply, profile=other_member)

    def test_the_mark_can_be_taken_back(self, client, reply, other_member):
        logged_in(client, other_member)
        mark(client, reply)
        mark(client, reply, action="remove")
        assert not HelpfulMark.objects.exists()

    def test_own_reply_cannot_be_marked(self, client, reply, member):
        assert mark(logged_in(client, member), reply).status_code == 403
        with pytest.raises(services.NotAllowed):
            services.mark_helpful(reply, member)
        assert not HelpfulMark.objects.exists()

    def test_back_to_the_reply_in_the_same_order(self, client, reply, other_member):
        next_url = f"{reply.question.url}?sort=helpful#reactie-{reply.pk}"
        response = mark(logged_in(client, other_member), reply, next=next_url)
        assert response["Location"] == next_url

    def test_the_count_and_the_members_own_mark_show(self, client, reply, other_member):
        HelpfulMarkFactory.create_batch(2, reply=reply)
        article = lambda response: main_of(response).find(id=f"reactie-{reply.pk}")  # noqa: E731
        anonymous = article(choose_english(client).get(reply.question.url))
        assert anonymous.find(class_="reply__helpful-count").get_text() == (
            "2 members found this helpful"
        )
        assert anonymous.find("button") is None
        logged_in(client, other_member)
        assert article(client.get(reply.question.url)).button["aria-pressed"] == "false"
        mark(client, reply)
        marked = article(client.get(reply.question.url))
        assert marked.button["aria-pressed"] == "true"
        assert "3 members found this helpful" in marked.get_text()


class TestOrder:
    @pytest.fixture
    def thread(self, question):
        start = timezone.now() - datetime.timedelta(days=5)
        replies = {
            "old_quiet": ReplyFactory(question=question, created_at=start),
            "popular": ReplyFactory(question=question, created_at=start + datetime.timedelta(1)),
            "liked": ReplyFactory(question=question, created_at=start + datetime.timedelta(2)),
            "featured": ReplyFactory(
                question=question, created_at=start + datetime.timedelta(3), is_featured=True
            ),
        }
        HelpfulMarkFactory.create_batch(3, reply=replies["popular"])
        HelpfulMarkFactory(reply=replies["liked"])
        return replies

    def order(self, client, question, **query):
        return rendered_reply_ids(client.get(question.url, query))

    def test_by_date(self, client, question, thread):
        assert self.order(client, question) == [
            thread[name].pk for name in ("featured", "old_quiet", "popular", "liked")
        ]

    def test_by_helpfulness_featured_still_first(self, client, question, thread):
        assert self.order(client, question, sort="helpful") == [
            thread[name].pk for name in ("featured", "popular", "liked", "old_quiet")
        ]

    def test_unknown_order_falls_back_to_date(self, client, question, thread):
        assert self.order(client, question, sort="'; DROP TABLE") == self.order(client, question)

    def test_the_order_links_say_which_is_current(self, client, question, thread):
        nav = main_of(choose_english(client).get(question.url, {"sort": "helpful"})).find(
            class_="reply-sort"
        )
        current = nav.find(attrs={"aria-current": "true"})
        assert current.get_text() == "Most helpful first"


def add_marks_and_topics(page, marks_per_reply):
    topics = [TopicFactory(name="polarisatie"), TopicFactory(name="online")]
    markers = ProfileFactory.create_batch(marks_per_reply)
    for reply in Reply.objects.filter(question=page, status=Reply.Status.PUBLISHED):
        reply.topics.set(topics)
        HelpfulMark.objects.bulk_create(
            HelpfulMark(reply=reply, profile=profile) for profile in markers
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("sort", ["date", "helpful"])
def test_thread_queries_stay_constant_with_marks_and_topics(
    client, question_index, member, sort, django_assert_max_num_queries
):
    few = build_thread(question_index, 5, "weinig")
    many = build_thread(question_index, 200, "veel")
    add_marks_and_topics(few, 1)
    add_marks_and_topics(many, 6)
    ReplyFactory(question=many, author=member, status=Reply.Status.PENDING)
    client.get(few.url)

    with django_assert_max_num_queries(QUERY_BUDGET):
        anonymous_few, _ = count_queries(client, f"{few.url}?sort={sort}")
    with django_assert_max_num_queries(QUERY_BUDGET):
        anonymous_many, response = count_queries(client, f"{many.url}?sort={sort}")
    assert anonymous_few == anonymous_many
    assert len(rendered_reply_ids(response)) == 200

    # A member sees the reply form, the follow button and their own marks and pending reply:
    # a few more queries, still the same for 5 replies as for 200.
    logged_in(client, member)
    client.get(few.url)
    member_few, _ = count_queries(client, f"{few.url}?sort={sort}")
    member_many, response = count_queries(client, f"{many.url}?sort={sort}")
    assert member_few == member_many
    assert member_many <= QUERY_BUDGET + 8
    assert len(rendered_reply_ids(response)) == 201
