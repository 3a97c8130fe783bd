"""The question index: newest first, 20 to a page, with reply counts and topics."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from questions.models import QUESTIONS_PER_PAGE, Reply
from tests.community.factories import TopicFactory
from tests.questions.conftest import choose_english
from tests.questions.factories import QuestionPageFactory, ReplyFactory
from tests.questions.helpers import assert_valid_outline, main_of

pytestmark = pytest.mark.django_db


def make_questions(parent, count):
    """``count`` questions, one a day from 1 January 2022, so the newest has the highest day."""
    start = datetime.date(2022, 1, 1)
    return [
        QuestionPageFactory(
            parent=parent,
            title=f"Vraag {number}",
            slug=f"vraag-{number}",
            published_on=start + datetime.timedelta(days=number),
        )
        for number in range(count)
    ]


def titles(response):
    return [a.get_text() for a in main_of(response).select(".question-summary__title a")]


def test_newest_first_twenty_to_a_page(client, question_index):
    make_questions(question_index, 45)

    first = client.get(question_index.url)
    third = client.get(question_index.url, {"page": 3})

    assert QUESTIONS_PER_PAGE == 20
    assert titles(first) == [f"Vraag {number}" for number in range(44, 24, -1)]
    assert titles(third) == [f"Vraag {number}" for number in range(4, -1, -1)]


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", 3), ("99", 3), ("2", 2)])
def test_odd_page_numbers_land_on_a_real_page(client, question_index, asked, shown):
    make_questions(question_index, 45)
    response = client.get(question_index.url, {"page": asked})
    assert response.status_code == 200
    assert response.context["questions"].number == shown


def test_pagination_is_an_accessible_nav(client, question_index):
    make_questions(question_index, 45)

    response = choose_english(client).get(question_index.url, {"page": 2})

    nav = main_of(response).find("nav")
    assert nav["aria-label"] == "Pagination"
    current = nav.select('[aria-current="page"]')
    assert len(current) == 1
    assert current[0].get_text(" ", strip=True) == "Page 2"
    hrefs = [a["href"] for a in nav.find_all("a")]
    assert "?page=1" in hrefs
    assert "?page=3" in hrefs
    assert nav.find("a", rel="prev")["href"] == "?page=1"
    assert nav.find("a", rel="next")["href"] == "?page=3"


def test_no_pagination_for_a_single_page(client, question_index):
    make_questions(question_index, QUESTIONS_PER_PAGE)
    response = client.get(question_index.url)
    assert len(titles(response)) == QUESTIONS_PER_PAGE
    assert main_of(response).find("nav") is None


def test_each_question_shows_date_author_reply_count_and_topics(client, question_index):
    page = QuestionPageFactory(
        parent=question_index,
        published_on=datetime.date(2022, 8, 31),
        author__display_name="Farid Bouchlaghmi",
        topics=[TopicFactory(name="polarisatie"), TopicFactory(name="jongerenwerk")],
    )
    ReplyFactory.create_batch(3, question=page)
    ReplyFactory(question=page, status=Reply.Status.PENDING)
    ReplyFactory(question=page, status=Reply.Status.HIDDEN)
    quiet = QuestionPageFactory(parent=question_index, published_on=datetime.date(2022, 8, 1))

    response = choose_english(client).get(question_index.url)

    items = main_of(response).select(".question-summary")
    assert len(items) == 2
    first, second = items
    assert first.find("a")["href"] == page.url
    time = first.find("time")
    assert time.get_text() == "31 August 2022"
    assert time["datetime"] == "2022-08-31"
    assert first.find(class_="question-summary__author").get_text() == "Farid Bouchlaghmi"
    assert first.find(class_="question-summary__replies").get_text() == "3 replies"
    assert sorted(li.get_text() for li in first.select(".topic")) == ["jongerenwerk", "polarisatie"]
    assert second.find("a")["href"] == quiet.url
    assert second.find(class_="question-summary__replies").get_text() == "0 replies"
    assert second.select(".topic") == []
    assert_valid_outline(main_of(response))


def test_dates_are_dutch_by_default(client, question_index):
    QuestionPageFactory(parent=question_index, published_on=datetime.date(2022, 8, 31))
    response = client.get(question_index.url)
    assert main_of(response).find("time").get_text() == "31 augustus 2022"


def test_draft_questions_are_not_listed(client, question_index):
    QuestionPageFactory(parent=question_index, title="Gepubliceerd")
    draft = QuestionPageFactory(parent=question_index, title="Concept")
    draft.unpublish()
    assert titles(client.get(question_index.url)) == ["Gepubliceerd"]


def test_index_queries_do_not_grow_with_questions(client, question_index, site_root):
    few_index = question_index
    many_index = type(question_index)(title="Meer vragen", slug="meer-vragen")
    site_root.add_child(instance=many_index)
    for parent, count in ((few_index, 3), (many_index, QUESTIONS_PER_PAGE)):
        for page in make_questions(parent, count):
            page.topics.add(TopicFactory(name=f"onderwerp {page.slug}"))
            page.save()
            ReplyFactory.create_batch(2, question=page)
    client.get(few_index.url)

    counts = []
    for index in (few_index, many_index):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[1] <= 20
