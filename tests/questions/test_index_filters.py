"""The question index filters by province and topic, with a GET form that needs no script."""

import datetime

import pytest

from community.vocabulary import Province
from tests.community.factories import TopicFactory
from tests.questions.conftest import choose_english
from tests.questions.factories import QuestionPageFactory, ReplyFactory
from tests.questions.helpers import main_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def polarisatie():
    return TopicFactory(name="polarisatie")


@pytest.fixture
def questions(question_index, polarisatie):
    jongerenwerk = TopicFactory(name="jongerenwerk")
    TopicFactory(name="ongebruikt")
    day = datetime.date(2024, 3, 1)
    return {
        "limburg_polarisatie": QuestionPageFactory(
            parent=question_index,
            title="Polarisatie in Venlo",
            province=Province.LIMBURG,
            topics=[polarisatie],
            published_on=day,
        ),
        "limburg": QuestionPageFactory(
            parent=question_index,
            title="Jongerenwerk in Maastricht",
            province=Province.LIMBURG,
            topics=[jongerenwerk],
            published_on=day + datetime.timedelta(days=1),
        ),
        "utrecht_polarisatie": QuestionPageFactory(
            parent=question_index,
            title="Polarisatie in Utrecht",
            province=Province.UTRECHT,
            topics=[polarisatie, jongerenwerk],
            published_on=day + datetime.timedelta(days=2),
        ),
        "nowhere": QuestionPageFactory(
            parent=question_index, title="Zonder regio", published_on=day
        ),
    }


def titles(response):
    return [a.get_text() for a in main_of(response).select(".question-summary__title a")]


def test_filter_by_province(client, question_index, questions):
    response = client.get(question_index.url, {"province": "limburg"})

    assert response.status_code == 200
    assert titles(response) == ["Jongerenwerk in Maastricht", "Polarisatie in Venlo"]


def test_filter_by_topic(client, question_index, questions):
    response = client.get(question_index.url, {"topic": "polarisatie"})

    assert titles(response) == ["Polarisatie in Utrecht", "Polarisatie in Venlo"]


def test_filter_by_both(client, question_index, questions):
    response = client.get(question_index.url, {"province": "limburg", "topic": "polarisatie"})

    assert titles(response) == ["Polarisatie in Venlo"]


def test_no_filter_lists_everything(client, question_index, questions):
    assert len(titles(client.get(question_index.url))) == 4
    assert len(titles(client.get(question_index.url, {"province": "", "topic": ""}))) == 4


def test_the_form_is_a_labelled_get_form_offering_used_topics(client, question_index, questions):
    response = choose_english(client).get(question_index.url, {"province": "limburg"})

    form = main_of(response).select_one("form.question-filters")
    assert form["method"] == "get"
    assert form["aria-label"]
    for name in ("province", "topic"):
        control = form.select_one(f"select[name={name}]")
        assert form.select_one(f"label[for={control['id']}]")
    topics = [option.get_text() for option in form.select("select[name=topic] option")]
    assert topics == ["All topics", "jongerenwerk", "polarisatie"]
    assert form.select_one("select[name=province] option[selected]")["value"] == "limburg"
    assert "2 questions match these filters." in response.content.decode()


def test_nothing_found_says_so(client, question_index, questions):
    response = choose_english(client).get(question_index.url, {"province": "zeeland"})

    assert titles(response) == []
    assert "No questions match these filters." in response.content.decode()


@pytest.mark.parametrize("query", [{"province": "atlantis"}, {"topic": "bestaat-niet"}])
def test_unknown_values_are_form_errors_not_500s(client, question_index, questions, query):
    response = client.get(question_index.url, query)

    assert response.status_code == 200
    assert response.context["filters"].errors
    assert len(titles(response)) == 4


def test_a_bad_value_leaves_the_other_filter_working(client, question_index, questions):
    response = client.get(question_index.url, {"province": "limburg", "topic": "bestaat-niet"})

    assert titles(response) == ["Jongerenwerk in Maastricht", "Polarisatie in Venlo"]


def test_pagination_keeps_the_filters(client, question_index, polarisatie):
    for number in range(25):
        QuestionPageFactory(
            parent=question_index,
            title=f"Vraag {number}",
            province=Province.LIMBURG,
            topics=[polarisatie],
            published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )
    QuestionPageFactory(parent=question_index, title="Elders", province=Province.UTRECHT)

    first = client.get(question_index.url, {"province": "limburg", "topic": "polarisatie"})
    links = [a["href"] for a in main_of(first).select(".pagination a")]
    assert "?province=limburg&amp;topic=polarisatie&amp;page=2" in first.content.decode()
    assert all("province=limburg" in href and "topic=polarisatie" in href for href in links)

    second = client.get(
        question_index.url, {"province": "limburg", "topic": "polarisatie", "page": 2}
    )
    assert len(titles(second)) == 5
    assert "Elders" not in titles(second)


@pytest.mark.parametrize("count", [5, 200])
def test_query_budget_is_constant(
    client, question_index, polarisatie, django_assert_max_num_queries, count
):
    other = TopicFactory(name="jongerenwerk")
    for number in range(count):
        page = QuestionPageFactory(
            parent=question_index,
            title=f"Vraag {number}",
            province=Province.LIMBURG if number % 2 else Province.UTRECHT,
            topics=[polarisatie, other] if number % 3 else [polarisatie],
        )
        if number % 5 == 0:
            ReplyFactory(question=page)

    query = {"province": "limburg", "topic": "polarisatie"}
    client.get(question_index.url, query)  # the site's settings row is created once

    # Site and page routing, the filter's topics and the chosen one, count, page, topics,
    # and the layout's own: the same for 5 or 200 questions.
    with django_assert_max_num_queries(16):
        response = client.get(question_index.url, query)

    assert response.status_code == 200
    assert len(titles(response)) == min(20, count // 2)
