"""Replies on a question page: which show, in what order, harmless, in constant queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from questions.models import Reply
from tests.community.factories import ContactPersonFactory, TopicFactory
from tests.panels.factories import PanelFactory, PanelSessionFactory
from tests.questions.conftest import choose_english
from tests.questions.factories import (
    QuestionPageFactory,
    QuestionRelatedResourceFactory,
    ReplyFactory,
    ResourceFactory,
)
from tests.questions.helpers import assert_valid_outline, main_of

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 20


def rendered_reply_ids(response):
    return [
        int(article["id"].removeprefix("reactie-"))
        for article in main_of(response).select("article.reply")
    ]


def test_featured_replies_come_first_then_oldest_first(client, question_index):
    page = QuestionPageFactory(parent=question_index)
    start = timezone.now() - datetime.timedelta(days=10)
    oldest = ReplyFactory(question=page, created_at=start)
    newest = ReplyFactory(question=page, created_at=start + datetime.timedelta(days=3))
    middle = ReplyFactory(question=page, created_at=start + datetime.timedelta(days=1))
    featured_new = ReplyFactory(
        question=page, created_at=start + datetime.timedelta(days=5), is_featured=True
    )
    featured_old = ReplyFactory(
        question=page, created_at=start + datetime.timedelta(days=2), is_featured=True
    )

    response = client.get(page.url)

    expected = [featured_old, featured_new, oldest, middle, newest]
    assert rendered_reply_ids(response) == [reply.pk for reply in expected]
    assert list(response.context["replies"]) == expected
    main = main_of(response)
    featured = main.select("article.reply--featured")
    assert [int(a["id"].removeprefix("reactie-")) for a in featured] == [
        featured_old.pk,
        featured_new.pk,
    ]
    assert all(article.select_one(".badge--featured") for article in featured)
    assert not main.select_one(f"#reactie-{oldest.pk} .badge--featured")


def test_pending_and_hidden_replies_are_not_shown(client, question_index):
    page = QuestionPageFactory(parent=question_index)
    shown = ReplyFactory(question=page, body="<p>Zichtbare reactie</p>")
    ReplyFactory(question=page, status=Reply.Status.PENDING, body="<p>Wacht op moderatie</p>")
    ReplyFactory(question=page, status=Reply.Status.HIDDEN, body="<p>Verborgen reactie</p>")
    ReplyFactory(
        question=page,
        status=Reply.Status.HIDDEN,
        is_featured=True,
        body="<p>Verborgen maar uitgelicht</p>",
    )

    response = choose_english(client).get(page.url)

    content = response.content.decode()
    assert "Zichtbare reactie" in content
    assert "Wacht op moderatie" not in content
    assert "Verborgen" not in content
    assert rendered_reply_ids(response) == [shown.pk]
    assert main_of(response).find(id="replies-heading").get_text() == "1 reply"


def test_reply_shows_author_card_date_body_and_resource(client, question_index):
    page = QuestionPageFactory(parent=question_index)
    reply = ReplyFactory(
        question=page,
        author__display_name="Hidde Boonstra",
        author__role="Adviseur data en monitoring",
        author__organisation="",
        created_at=datetime.datetime(2022, 9, 2, 9, 30, tzinfo=datetime.UTC),
        body="<p>Maak in dit kader ook gebruik van de handreiking.</p>",
        resource=ResourceFactory(),
    )

    article = main_of(client.get(page.url)).find(id=f"reactie-{reply.pk}")

    assert article.find(class_="author-card__name").get_text() == "Hidde Boonstra"
    assert article.find(class_="author-card__role").get_text() == "Adviseur data en monitoring"
    assert article.find(attrs={"role": "img"})["aria-label"].endswith("Hidde Boonstra")
    time = article.find("time")
    assert time.get_text() == "2 september 2022"
    assert time["datetime"] == "2022-09-02T11:30:00+0200"
    assert "Maak in dit kader" in article.find(class_="reply__body").get_text()
    card = article.find(class_="resource-card")
    assert card.h4.a["href"] == ResourceFactory.url
    assert "VNG, 2021" in card.get_text()


def test_reply_by_a_deleted_member_stays_with_an_anonymous_card(client, question_index):
    page = QuestionPageFactory(parent=question_index)
    reply = ReplyFactory(question=page)
    reply.author.user.delete()

    response = client.get(page.url)

    assert response.status_code == 200
    article = main_of(response).find(id=f"reactie-{reply.pk}")
    assert article.find(class_="avatar--former")
    assert_valid_outline(main_of(response))


HOSTILE_BODIES = [
    '<p>Hallo</p><script>alert("xss")</script>',
    '<p>Foto <img src="x" onerror="alert(1)"></p>',
    '<p onclick="alert(1)">Klik</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab-link</a>',
    '<a href="JaVaScRiPt:alert(1)">hoofdletters</a>',
    '<a href=" javascript:alert(1)">spatie</a>',
    '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
]


def assert_harmless(html):
    lowered = html.lower()
    for marker in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "<img"):
        assert marker not in lowered, (marker, html)
    assert "jav\tascript" not in lowered
    assert "jav&#x09;ascript" not in lowered
    assert 'alert("xss")' not in html


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_reply_is_stored_harmless(question_index, body):
    page = QuestionPageFactory(parent=question_index)
    reply = ReplyFactory(question=page, body=body)
    reply.refresh_from_db()
    assert_harmless(reply.body)


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_reply_renders_harmless_even_when_saved_around_the_model(
    client, question_index, body
):
    page = QuestionPageFactory(parent=question_index)
    reply = ReplyFactory(question=page)
    # update() skips Reply.save and its sanitising, as do bulk_create and loaddata.
    Reply.objects.filter(pk=reply.pk).update(body=body)

    response = client.get(page.url)

    body_html = str(main_of(response).find(id=f"reactie-{reply.pk}").find(class_="reply__body"))
    assert_harmless(body_html)


def test_safe_links_keep_working_and_get_rel_ugc(client, question_index):
    page = QuestionPageFactory(parent=question_index)
    reply = ReplyFactory(
        question=page,
        body='<p>Zie <a href="https://vng.nl/publicaties">de handreiking</a></p>',
    )
    link = main_of(client.get(page.url)).find(id=f"reactie-{reply.pk}").find("a")
    assert link["href"] == "https://vng.nl/publicaties"
    assert "ugc" in link["rel"]
    assert "nofollow" in link["rel"]


def build_thread(parent, reply_count, slug):
    """A question with every motivation block, topics, related resources and ``reply_count``
    published replies by different members, half of them pointing to a resource, plus
    moderated ones that must not cost anything either."""
    panel = PanelFactory()
    PanelSessionFactory.create_batch(3, panel=panel)
    page = QuestionPageFactory(
        parent=parent,
        slug=slug,
        motivation=[
            ("heading", {"text": "Ervaringen uitwisselen"}),
            ("paragraph", "<p>Werk jij met jongeren?</p>"),
            ("panel_sessions", {"panel": panel, "intro": ""}),
            ("contact_persons", {"intro": "", "people": ContactPersonFactory.create_batch(3)}),
            ("resource", {"resource": ResourceFactory()}),
            ("resource", {"resource": ResourceFactory()}),
        ],
        topics=[TopicFactory(name="polarisatie"), TopicFactory(name="jongerenwerk")],
    )
    QuestionRelatedResourceFactory.create_batch(2, page=page)
    for index in range(reply_count):
        ReplyFactory(
            question=page,
            is_featured=index % 10 == 0,
            resource=ResourceFactory() if index % 2 else None,
        )
    ReplyFactory.create_batch(3, question=page, status=Reply.Status.HIDDEN)
    return page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_question_page_queries_do_not_grow_with_replies(
    client, question_index, django_assert_max_num_queries
):
    few = build_thread(question_index, 5, "weinig")
    many = build_thread(question_index, 200, "veel")
    # Warm the per-process caches (site root paths, content types) so both counts compare
    # like with like.
    client.get(few.url)

    with django_assert_max_num_queries(QUERY_BUDGET):
        few_count, few_response = count_queries(client, few.url)
    with django_assert_max_num_queries(QUERY_BUDGET):
        many_count, many_response = count_queries(client, many.url)

    assert len(rendered_reply_ids(few_response)) == 5
    assert len(rendered_reply_ids(many_response)) == 200
    assert few_count == many_count
