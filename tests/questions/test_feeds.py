"""Atom feeds of new questions: valid Atom, newest first, only live public questions, per
topic, escaped, in a fixed number of queries."""

import datetime
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from tests.community.factories import TopicFactory
from tests.questions.conftest import choose_english
from tests.questions.factories import QuestionPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in entries(root)]


@pytest.fixture
def topic():
    return TopicFactory(name="polarisatie", description="Tegenstellingen die scherper worden.")


def test_feed_is_atom_with_the_fields_of_each_question(client, question_index, topic):
    other = TopicFactory(name="jongerenwerk")
    page = QuestionPageFactory(
        parent=question_index,
        title="Hoe bereik je jongeren online?",
        explanation="<p>Eerste alinea.</p><p>Tweede alinea met <b>nadruk</b>.</p>",
        topics=[topic, other],
        author__display_name="Farid Bouchlaghmi",
    )

    root = parse(choose_english(client).get(reverse("question_feeds:latest")))

    assert root.get(XML_LANG) == "en"
    assert root.findtext(f"{ATOM}title") == "Test: new questions"
    assert root.findtext(f"{ATOM}id")
    assert root.findtext(f"{ATOM}updated")
    # Atom wants an author on every entry: the feed's covers entries without one.
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Test"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == question_index.get_full_url()
    assert links["self"].endswith(reverse("question_feeds:latest"))

    [entry] = entries(root)
    assert entry.findtext(f"{ATOM}title") == "Hoe bereik je jongeren online?"
    link = entry.find(f"{ATOM}link")
    assert link.get("rel") == "alternate"
    assert link.get("href") == page.get_full_url()
    assert link.get("href").startswith("http")
    assert entry.findtext(f"{ATOM}id") == page.get_full_url()
    assert entry.findtext(f"{ATOM}published").startswith("2022-08-3")
    assert entry.findtext(f"{ATOM}updated")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Farid Bouchlaghmi"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Eerste alinea. Tweede alinea met nadruk."
    assert sorted(c.get("term") for c in entry.findall(f"{ATOM}category")) == [
        "jongerenwerk",
        "polarisatie",
    ]


def test_feed_lists_newest_first_and_at_most_thirty(client, question_index):
    for day in range(1, 33):
        QuestionPageFactory(
            parent=question_index,
            title=f"Vraag van dag {day}",
            published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
        )

    root = parse(client.get(reverse("question_feeds:latest")))

    assert len(entries(root)) == 30
    published = [entry.findtext(f"{ATOM}published") for entry in entries(root)]
    assert published == sorted(published, reverse=True)
    assert titles(root)[0] == "Vraag van dag 32"


def test_feed_leaves_out_drafts_and_private_questions(client, question_index):
    QuestionPageFactory(parent=question_index, title="Gepubliceerd")
    QuestionPageFactory(parent=question_index, title="Concept", live=False)
    private = QuestionPageFactory(parent=question_index, title="Alleen voor ingelogden")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    unpublished = QuestionPageFactory(parent=question_index, title="Teruggetrokken")
    unpublished.unpublish()

    root = parse(client.get(reverse("question_feeds:latest")))

    assert titles(root) == ["Gepubliceerd"]


def test_entry_of_a_former_member_has_no_author_of_its_own(client, question_index):
    QuestionPageFactory(parent=question_index, author=None)

    [entry] = entries(parse(client.get(reverse("question_feeds:latest"))))

    assert entry.find(f"{ATOM}author") is None


def test_title_and_summary_stay_text(client, question_index):
    QuestionPageFactory(
        parent=question_index,
        title='Zeg "nee" <script>alert(1)</script> & ga door',
        explanation="<p>Wat doe je met &lt;script&gt;alert(2)&lt;/script&gt; &amp; zo?</p>",
    )

    response = client.get(reverse("question_feeds:latest"))
    [entry] = entries(parse(response))

    assert b"<script>" not in response.content
    assert entry.findtext(f"{ATOM}title") == 'Zeg "nee" <script>alert(1)</script> & ga door'
    # type="html": the text is escaped once more, so a reader shows it and runs nothing.
    assert entry.findtext(f"{ATOM}summary") == (
        "Wat doe je met &lt;script&gt;alert(2)&lt;/script&gt; &amp; zo?"
    )


def test_long_explanation_is_cut_with_an_ellipsis(client, question_index):
    QuestionPageFactory(parent=question_index, explanation="<p>" + "woord " * 200 + "</p>")

    [entry] = entries(parse(client.get(reverse("question_feeds:latest"))))

    summary = entry.findtext(f"{ATOM}summary")
    assert len(summary) <= 300
    assert summary.endswith("…")


def test_topic_feed_lists_only_that_topics_questions(client, question_index, topic):
    QuestionPageFactory(parent=question_index, title="Over polarisatie", topics=[topic])
    QuestionPageFactory(parent=question_index, title="Over iets anders")
    QuestionPageFactory(parent=question_index, title="Concept", topics=[topic], live=False)

    url = reverse("question_feeds:topic", kwargs={"slug": topic.slug})
    root = parse(choose_english(client).get(url))

    assert titles(root) == ["Over polarisatie"]
    assert root.findtext(f"{ATOM}title") == "Test: new questions on polarisatie"
    assert root.findtext(f"{ATOM}subtitle") == "Tegenstellingen die scherper worden."


def test_topic_feed_links_to_the_topic_page_when_the_project_has_one(client, question_index, topic):
    root = parse(client.get(reverse("question_feeds:topic", kwargs={"slug": topic.slug})))

    alternate = next(
        link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "alternate"
    )
    assert alternate == "http://localhost" + reverse("topics:detail", kwargs={"slug": topic.slug})


def test_unknown_topic_is_404(client, question_index):
    response = client.get(reverse("question_feeds:topic", kwargs={"slug": "bestaat-niet"}))

    assert response.status_code == 404


def test_feed_speaks_the_sites_language(client, question_index):
    QuestionPageFactory(parent=question_index)

    assert parse(client.get(reverse("question_feeds:latest"))).get(XML_LANG) == "nl"


def count_queries(client, url):
    client.get(url)  # warm the caches a first request fills (the site's root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("feed", ["latest", "topic"])
def test_feed_queries_do_not_grow_with_questions(client, question_index, topic, feed):
    other = TopicFactory(name="jongerenwerk")
    url = (
        reverse("question_feeds:latest")
        if feed == "latest"
        else reverse("question_feeds:topic", kwargs={"slug": topic.slug})
    )
    for _ in range(2):
        QuestionPageFactory(parent=question_index, topics=[topic, other])
    few = count_queries(client, url)

    for _ in range(10):
        QuestionPageFactory(parent=question_index, topics=[topic, other], author=None)
    many = count_queries(client, url)

    assert many == few
    assert many <= 10
