"""Every public page has a description, a canonical address and Open Graph tags, escaped."""

import io
from html.parser import HTMLParser

from django.core.management import call_command
from django.db import connection
from django.template import Context
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Site

import pytest

from community.models import Profile, Topic
from home.models import StandardPage
from home.templatetags.site_meta import meta_tags
from panels.models import Panel
from questions.models import QuestionIndexPage, QuestionPage
from tests.questions.conftest import choose_english
from tests.questions.factories import QuestionIndexPageFactory, QuestionPageFactory

pytestmark = pytest.mark.django_db

OG_PROPERTIES = ("og:title", "og:description", "og:type", "og:url", "og:site_name", "og:locale")


class HeadParser(HTMLParser):
    """The <meta> and <link> tags of a page's <head>, and whether a script ran loose in it."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.meta = []
        self.links = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "script":
            self.scripts += 1
        elif self.in_head and tag == "meta":
            self.meta.append(attrs)
        elif self.in_head and tag == "link":
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False

    def named(self, key, name):
        return [m.get("content") for m in self.meta if m.get(key) == name]

    def one(self, key, name):
        values = self.named(key, name)
        assert len(values) == 1, f"{name}: {values}"
        return values[0]

    def link(self, rel):
        return [link for link in self.links if link.get("rel") == rel]


def head(response):
    assert response.status_code in (200, 404), response.status_code
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def assert_complete(parser, url):
    """One non-empty description, the Open Graph set, a Twitter card and a canonical link
    that is the absolute og:url."""
    description = parser.one("name", "description")
    assert description.strip(), url
    assert len(description) <= 160, url
    values = {prop: parser.one("property", prop) for prop in OG_PROPERTIES}
    assert all(value.strip() for value in values.values()), (url, values)
    assert values["og:description"] == description
    assert values["og:url"].startswith(("http://", "https://")), url
    assert values["og:locale"] == "nl_NL"
    assert parser.one("name", "twitter:card") == "summary"
    [canonical] = parser.link("canonical")
    assert canonical["href"] == values["og:url"]
    return values


def test_every_public_page_of_the_demo_has_description_and_open_graph(client):
    call_command("load_demo", stdout=io.StringIO())
    question = QuestionPage.objects.get()
    member = Profile.objects.get(display_name="Farid Bouchlaghmi")
    panel = Panel.objects.get()
    session = next(s for s in panel.sessions.all() if s.accepts_applications)
    urls = [
        "/",
        QuestionIndexPage.objects.get().url,
        question.url,
        StandardPage.objects.get().url,
        member.get_absolute_url(),
        panel.get_absolute_url(),
        reverse("panels:apply", args=[session.pk]),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        "/bestaat-niet/",
    ]
    topic = Topic.objects.get(slug="polarisatie")
    urls += [
        reverse("topics:index"),
        reverse("topics:detail", args=[topic.slug]),
        reverse("search:search") + "?q=polarisatie",
    ]

    found = {url: assert_complete(head(client.get(url)), url) for url in urls}

    question_og = found[question.url]
    assert question_og["og:type"] == "article"
    assert question_og["og:url"] == question.get_full_url()
    assert question_og["og:title"] == question.title
    assert question_og["og:description"].startswith("We krijgen signalen dat professionals")
    assert question_og["og:description"].endswith("…")
    assert found["/"]["og:type"] == "website"
    assert found["/"]["og:site_name"] == "Kennisdeling jeugdprofessionals"
    assert found[member.get_absolute_url()]["og:title"] == "Farid Bouchlaghmi"
    assert found[panel.get_absolute_url()]["og:title"] == panel.title
    # Pages without text of their own still say something of their own, not the tagline.
    tagline = found["/bestaat-niet/"]["og:description"]
    for url in (member.get_absolute_url(), panel.get_absolute_url(), reverse("account_login")):
        assert found[url]["og:description"] != tagline, url


def test_question_title_and_text_are_escaped(client, site_root):
    index = QuestionIndexPageFactory(parent=site_root)
    title = 'Zeg "nee" <script>alert(1)</script> & ga door'
    page = QuestionPageFactory(
        parent=index,
        title=title,
        explanation='<p>Over &lt;script&gt;alert(2)&lt;/script&gt; &amp; "quotes".</p>',
    )

    response = client.get(page.url)
    parser = head(response)

    assert b"<script>alert" not in response.content
    assert parser.scripts == 0
    assert parser.one("property", "og:title") == title
    assert parser.one("name", "description") == 'Over <script>alert(2)</script> & "quotes".'
    assert "&lt;script&gt;alert(1)" in response.content.decode()


def test_search_description_wins_over_the_pages_text(client, site_root):
    index = QuestionIndexPageFactory(parent=site_root)
    page = QuestionPageFactory(parent=index, search_description="Kort en krachtig.")

    parser = head(client.get(page.url))

    assert parser.one("name", "description") == "Kort en krachtig."


def test_english_visitors_get_the_english_locale(client, site_root):
    parser = head(choose_english(client).get("/"))

    assert parser.one("property", "og:locale") == "en_GB"
    assert parser.named("property", "og:locale:alternate") == ["nl_NL"]


def test_canonical_keeps_only_a_later_page_number(client, site_root):
    index = QuestionIndexPageFactory(parent=site_root, slug="vragen")

    first = head(client.get(index.url + "?page=1&sort=x"))
    later = head(client.get(index.url + "?page=2"))

    assert first.link("canonical")[0]["href"] == "http://localhost/vragen/"
    assert later.link("canonical")[0]["href"] == "http://localhost/vragen/?page=2"


def test_feeds_are_advertised_on_the_home_page_index_and_topic_pages(client, site_root):
    index = QuestionIndexPageFactory(parent=site_root)
    page = QuestionPageFactory(parent=index)
    topic = Topic.objects.create(name="polarisatie", slug="polarisatie")

    def feeds(url):
        return [
            link["href"]
            for link in head(client.get(url)).link("alternate")
            if link.get("type") == "application/atom+xml"
        ]

    latest = reverse("question_feeds:latest")
    assert feeds("/") == [latest]
    assert feeds(index.url) == [latest]
    assert feeds(page.url) == []
    assert feeds(reverse("topics:detail", args=[topic.slug])) == [
        latest,
        reverse("question_feeds:topic", args=[topic.slug]),
    ]


def test_meta_tags_cost_no_queries(site_root):
    index = QuestionIndexPageFactory(parent=site_root)
    page = QuestionPage.objects.get(pk=QuestionPageFactory(parent=index).pk)
    request = RequestFactory().get(page.url)
    Site.find_for_request(request)  # the header looks the site up anyway, once per request

    with CaptureQueriesContext(connection) as queries:
        html = meta_tags(Context({"request": request, "page": page}), title=page.title)

    assert len(queries) == 0
    assert 'property="og:type" content="article"' in html
