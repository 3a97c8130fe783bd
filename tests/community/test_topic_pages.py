"""Topic pages: the index with counts, one page per topic with its four parts, each part
paginated on its own, the region filter, and a fixed query budget."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from community.topic_views import ITEMS_PER_PAGE
from questions.models import Reply
from tests.community.factories import TopicFactory
from tests.panels.factories import PanelFactory, PanelSessionFactory
from tests.questions.factories import QuestionPageFactory, ReplyFactory, ResourceFactory
from tests.questions.helpers import assert_valid_outline, main_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory(
        name="polarisatie", description="Spanningen tussen groepen in de wijk of online."
    )


def detail_url(topic):
    return reverse("topics:detail", args=[topic.slug])


def section(response, key):
    return main_of(response).find("section", id=key)


def card_titles(response, key):
    return [
        a.get_text(strip=True)
        for a in section(response, key).select(".discovery-card__title a, .resource-card__title a")
    ]


def populate(parent, topic, count, province="", start=0):
    """``count`` public items of each kind carrying ``topic``, plus hidden ones that must
    never show: a draft question, a private one, pending and hidden replies."""
    questions = []
    for number in range(start, start + count):
        questions.append(
            QuestionPageFactory(
                parent=parent,
                title=f"Vraag {number}",
                published_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=number),
                province=province,
                topics=[topic],
            )
        )
    for number in range(start, start + count):
        reply = ReplyFactory(question=questions[number % count], province=province)
        reply.topics.add(topic)
        resource = ResourceFactory(title=f"Bron {number}", url=f"https://example.org/{number}")
        resource.topics.add(topic)
    panel = PanelFactory(title="Panelgesprekken polarisatie")
    panel.topics.add(topic)
    panel.save()
    for number in range(start, start + count):
        PanelSessionFactory(panel=panel, city=f"Stad {number}", province=province)
    return questions


def add_hidden(parent, topic):
    draft = QuestionPageFactory(parent=parent, title="Conceptvraag", live=False, topics=[topic])
    private = QuestionPageFactory(parent=parent, title="Besloten vraag", topics=[topic])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    public = QuestionPageFactory(parent=parent, title="Openbare vraag")
    for status in (Reply.Status.PENDING, Reply.Status.HIDDEN):
        ReplyFactory(question=public, status=status, body=f"<p>Geheim {status}</p>").topics.add(
            topic
        )
    for question in (draft, private):
        ReplyFactory(question=question, body="<p>Geheim onder verborgen vraag</p>").topics.add(
            topic
        )


# The index


def test_index_lists_topics_with_descriptions_and_public_counts(client, question_index, topic):
    other = TopicFactory(name="jongerenwerk", description="")
    populate(question_index, topic, 3)
    add_hidden(question_index, topic)

    response = client.get(reverse("topics:index"))

    assert response.status_code == 200
    main = main_of(response)
    assert_valid_outline(main)
    items = main.select(".topic-index__item")
    assert [item.h2.get_text(strip=True) for item in items] == ["jongerenwerk", "polarisatie"]
    assert items[1].h2.a["href"] == detail_url(topic)
    assert "Spanningen tussen groepen" in items[1].get_text()
    rows = {row["topic"].pk: row for row in response.context["topics"]}
    assert rows[topic.pk]["total"] == 12
    assert [count for _kind, count in rows[topic.pk]["counts"]] == [3, 3, 3, 3]
    assert rows[other.pk]["total"] == 0


def test_index_leaves_out_retired_topics_but_their_page_stays(client, topic, english):
    retired = TopicFactory(name="coronabeleid")
    retired.is_retired = True
    retired.save()

    response = client.get(reverse("topics:index"))

    assert [row["topic"] for row in response.context["topics"]] == [topic]
    page = client.get(detail_url(retired))
    assert page.status_code == 200
    assert "no longer used" in main_of(page).select_one(".notice").get_text()
    assert not main_of(client.get(detail_url(topic))).select_one(".notice")


# A topic's page


def test_unknown_topic_is_404(client):
    assert client.get(reverse("topics:detail", args=["bestaat-niet"])).status_code == 404


def test_topic_page_lists_the_four_parts_and_never_hidden_content(client, question_index, topic):
    populate(question_index, topic, 2)
    add_hidden(question_index, topic)
    QuestionPageFactory(parent=question_index, title="Ander onderwerp")

    response = client.get(detail_url(topic))

    assert response.status_code == 200
    main = main_of(response)
    assert_valid_outline(main)
    assert main.h1.get_text(strip=True).endswith("polarisatie")
    assert "Spanningen tussen groepen in de wijk of online." in main.get_text()
    assert card_titles(response, "questions") == ["Vraag 1", "Vraag 0"]
    assert len(card_titles(response, "experiences")) == 2
    assert card_titles(response, "resources") == ["Bron 0", "Bron 1"]
    assert card_titles(response, "sessions") == ["Panelgesprekken polarisatie"] * 2
    text = main.get_text()
    for hidden in ("Conceptvraag", "Besloten vraag", "Geheim", "Ander onderwerp"):
        assert hidden not in text
    # The venue of a session is private to its participants.
    assert "Buurthuis De Brug" not in text
    # Each card's topic chips link to the topic's page.
    assert section(response, "questions").select_one(".topic a")["href"] == detail_url(topic)


def test_each_part_is_paginated_on_its_own(client, question_index, topic):
    populate(question_index, topic, ITEMS_PER_PAGE + 3)

    response = client.get(detail_url(topic), {"questions": 2, "province": ""})

    assert card_titles(response, "questions") == ["Vraag 2", "Vraag 1", "Vraag 0"]
    assert len(card_titles(response, "resources")) == ITEMS_PER_PAGE
    nav = section(response, "resources").find("nav")
    assert nav["aria-label"]
    next_link = nav.find("a", rel="next")["href"]
    # The link to the next page of resources keeps the questions on page 2.
    assert "questions=2" in next_link
    assert "resources=2" in next_link
    assert next_link.endswith("#resources")
    current = section(response, "questions").find("a", attrs={"aria-current": "page"})
    assert current.get_text(strip=True).endswith("2")


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", 1), ("99", 2), ("-1", 1)])
def test_odd_page_numbers_land_on_a_real_page(client, question_index, topic, asked, shown):
    populate(question_index, topic, ITEMS_PER_PAGE + 1)

    response = client.get(detail_url(topic), {"sessions": asked})

    assert response.status_code == 200
    pages = {part["kind"].key: part["page"].number for part in response.context["sections"]}
    assert pages == {"questions": 1, "experiences": 1, "resources": 1, "sessions": shown}


def test_region_filter(client, question_index, topic, english):
    populate(question_index, topic, 1, province="noord-holland")
    venlo_question = QuestionPageFactory(
        parent=question_index, title="Vraag uit Venlo", province="limburg", topics=[topic]
    )
    reply = ReplyFactory(question=venlo_question)  # in its question's province
    reply.topics.add(topic)
    panel = PanelFactory(title="Panel Limburg")
    panel.topics.add(topic)
    panel.save()
    PanelSessionFactory(panel=panel, city="Venlo", province="limburg")
    PanelSessionFactory(panel=panel, city="Eindhoven", province="noord-brabant")

    response = client.get(detail_url(topic), {"province": "limburg"})

    assert card_titles(response, "questions") == ["Vraag uit Venlo"]
    assert len(card_titles(response, "experiences")) == 1
    # Resources have no region: all are shown, and the page says so.
    assert card_titles(response, "resources") == ["Bron 0"]
    assert "no region" in section(response, "resources").get_text()
    sessions = section(response, "sessions").get_text()
    assert "Venlo" in sessions
    assert "Eindhoven" not in sessions
    assert "Limburg" in main_of(response).find(role="status").get_text()

    nearby = client.get(detail_url(topic), {"province": "limburg", "nearby": "on"})
    sessions = section(nearby, "sessions").get_text()
    assert "Venlo" in sessions
    assert "Eindhoven" in sessions


def test_region_filter_form_is_labelled_and_keeps_its_choice(client, topic, english):
    response = client.get(detail_url(topic), {"province": "limburg"})

    form = main_of(response).find("form")
    assert form["method"] == "get"
    select = form.find("select", attrs={"name": "province"})
    assert form.find("label", attrs={"for": select["id"]}).get_text(strip=True) == "Province"
    assert select.find("option", selected=True)["value"] == "limburg"
    checkbox = form.find("input", attrs={"name": "nearby"})
    assert form.find("label", attrs={"for": checkbox["id"]})


def test_unknown_province_is_a_message_not_a_500(client, question_index, topic, english):
    populate(question_index, topic, 1, province="limburg")

    response = client.get(detail_url(topic), {"province": "atlantis", "questions": "x"})

    assert response.status_code == 200
    main = main_of(response)
    assert "not known" in main.find(role="alert").get_text()
    assert main.select_one(".field-error")
    assert card_titles(response, "questions") == ["Vraag 0"]


def test_topic_chips_on_the_question_page_link_to_topic_pages(client, question_index, topic):
    question = QuestionPageFactory(parent=question_index, topics=[topic])
    reply = ReplyFactory(question=question)
    reply.topics.add(topic)

    main = main_of(client.get(question.url))

    links = [a["href"] for a in main.select(".topic a")]
    assert links == [detail_url(topic), detail_url(topic)]


# Query budgets


def measure(client, topic):
    """Queries of the index, a topic page and a filtered topic page, as a visitor."""
    counted = {}
    for name, url, params in [
        ("index", reverse("topics:index"), {}),
        ("detail", detail_url(topic), {}),
        ("filtered", detail_url(topic), {"province": "limburg", "questions": "2"}),
    ]:
        client.get(url, params)  # warm what every page caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        counted[name] = len(queries)
    return counted


def test_query_budget_is_constant_and_at_most_20(client, question_index, topic):
    TopicFactory(name="jongerenwerk")
    populate(question_index, topic, 5, province="limburg")
    with_five = measure(client, topic)
    populate(question_index, topic, 195, province="limburg", start=5)
    with_two_hundred = measure(client, topic)

    assert with_five == with_two_hundred
    assert max(with_two_hundred.values()) <= 20, with_two_hundred
