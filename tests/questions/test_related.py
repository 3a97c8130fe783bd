"""Related content: related questions by shared topics, and where a resource is cited."""

import datetime

from wagtail.models import PageViewRestriction

import pytest

from questions.models import QuestionRelatedResource, Reply
from questions.models.pages import attach_citations
from tests.community.factories import TopicFactory
from tests.questions.factories import QuestionPageFactory, ReplyFactory, ResourceFactory

from .conftest import choose_english


@pytest.fixture
def topics(db):
    return [TopicFactory(name=name) for name in ("polarisatie", "jongerenwerk", "online")]


def ask(index, title, topics, day=1, **kwargs):
    return QuestionPageFactory(
        parent=index,
        title=title,
        topics=topics,
        published_on=datetime.date(2024, 1, day),
        **kwargs,
    )


class TestRelatedQuestions:
    def test_most_shared_topics_first_then_newest(self, question_index, topics):
        polarisatie, jongerenwerk, online = topics
        page = ask(question_index, "Hoe ga je om met polarisatie?", [polarisatie, jongerenwerk])
        ask(question_index, "Eén gedeeld, oud", [polarisatie], day=2)
        ask(question_index, "Eén gedeeld, nieuw", [jongerenwerk], day=9)
        ask(question_index, "Twee gedeeld", [polarisatie, jongerenwerk, online], day=3)
        ask(question_index, "Niets gedeeld", [online], day=20)

        related = page.related_questions(page.topics.all())

        assert [q.title for q in related] == [
            "Twee gedeeld",
            "Eén gedeeld, nieuw",
            "Eén gedeeld, oud",
        ]
        assert [q.shared_topics for q in related] == [2, 1, 1]

    def test_at_most_five_live_public_and_never_itself(self, question_index, topics):
        polarisatie = topics[0]
        page = ask(question_index, "Zelf", [polarisatie])
        for day in range(1, 8):
            ask(question_index, f"Gerelateerd {day}", [polarisatie], day=day)
        ask(question_index, "Concept", [polarisatie], day=28, live=False)
        private = ask(question_index, "Besloten", [polarisatie], day=27)
        PageViewRestriction.objects.create(page=private, restriction_type="login")

        related = page.related_questions(page.topics.all())

        assert [q.title for q in related] == [f"Gerelateerd {day}" for day in (7, 6, 5, 4, 3)]

    def test_no_topics_no_related_questions(self, question_index, topics):
        page = ask(question_index, "Zonder onderwerp", [])
        ask(question_index, "Ander", [topics[0]])

        assert page.related_questions([]) == []

    def test_shown_on_the_question_page(self, client, question_index, topics):
        page = ask(question_index, "Hoe ga je om met polarisatie?", [topics[0]])
        other = ask(question_index, "Wat werkt tegen polarisatie?", [topics[0]])

        html = choose_english(client).get(page.url).content.decode()

        assert 'id="related-questions-heading">Related questions</h2>' in html
        assert f'href="{other.url}"' in html
        assert "1 shared topic" in html

    @pytest.mark.parametrize("count", [5, 200])
    def test_question_page_query_budget(
        self, client, question_index, topics, django_assert_max_num_queries, count
    ):
        page = ask(question_index, "Hoe ga je om met polarisatie?", topics)
        resource = ResourceFactory()
        QuestionRelatedResource.objects.create(page=page, resource=resource)
        for number in range(count):
            other = ask(question_index, f"Vraag {number}", topics[: 1 + number % 3])
            if number % 10 == 0:
                QuestionRelatedResource.objects.create(page=other, resource=resource)
                ReplyFactory(question=page, resource=resource)

        with django_assert_max_num_queries(20):
            response = client.get(page.url)

        assert len(response.context["related_questions"]) == 5
        assert len(response.context["related_resources"][0].cited_in) == min(
            5, len(range(0, count, 10))
        )


class TestCitations:
    def test_questions_citing_a_resource_directly_or_in_a_reply(self, question_index):
        resource = ResourceFactory()
        by_editor = ask(question_index, "Redactie koppelt", [], day=2)
        QuestionRelatedResource.objects.create(page=by_editor, resource=resource)
        by_reply = ask(question_index, "Reactie noemt", [], day=5)
        ReplyFactory(question=by_reply, resource=resource)
        hidden_reply = ask(question_index, "Verborgen reactie noemt", [], day=6)
        ReplyFactory(question=hidden_reply, resource=resource, status=Reply.Status.HIDDEN)
        pending_reply = ask(question_index, "Wachtende reactie noemt", [], day=7)
        ReplyFactory(question=pending_reply, resource=resource, status=Reply.Status.PENDING)
        draft = ask(question_index, "Concept koppelt", [], day=8, live=False)
        QuestionRelatedResource.objects.create(page=draft, resource=resource)

        attach_citations([resource])

        assert [q.title for q in resource.cited_in] == ["Reactie noemt", "Redactie koppelt"]

    def test_the_current_question_is_left_out(self, question_index):
        resource = ResourceFactory()
        here = ask(question_index, "Hier", [])
        elsewhere = ask(question_index, "Elders", [])
        for page in (here, elsewhere):
            QuestionRelatedResource.objects.create(page=page, resource=resource)

        attach_citations([resource], exclude_page=here)

        assert resource.cited_in == [elsewhere]

    def test_resource_cards_say_where_they_are_cited(self, client, question_index):
        resource = ResourceFactory(title="Van polarisatie naar verbinding")
        page = ask(question_index, "Hier", [])
        QuestionRelatedResource.objects.create(page=page, resource=resource)
        elsewhere = ask(question_index, "Waar vind ik een handreiking?", [])
        ReplyFactory(question=elsewhere, resource=resource)
        ReplyFactory(question=page, resource=resource)

        html = choose_english(client).get(page.url).content.decode()

        assert html.count("Cited in") == 2  # the related resource and the reply's card
        assert html.count(f'href="{elsewhere.url}"') == 2

    def test_no_citations_no_list(self, client, question_index):
        page = ask(question_index, "Hier", [])
        QuestionRelatedResource.objects.create(page=page, resource=ResourceFactory())

        html = choose_english(client).get(page.url).content.decode()

        assert "Cited in" not in html
