"""The search page (/zoeken/): Dutch full-text search across questions, experiences,
resources and panel sessions, its filters, highlighting, pagination and query budget, and
that a visitor never finds what is not public."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest

from community import discovery
from community.search import excerpt, highlight, merge_rankings, query_terms, stem, word_forms
from community.search_views import RESULTS_PER_PAGE
from questions.models import Reply
from tests.community.factories import TopicFactory
from tests.panels.factories import PanelFactory, PanelSessionFactory
from tests.questions.factories import QuestionPageFactory, ReplyFactory, ResourceFactory

SEARCH_URL = "/zoeken/"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Dutch stemming is PostgreSQL's text search configuration; SQLite's FTS5 index "
    "matches whole words only (CI runs this on PostgreSQL)",
)


def search(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response


def found(response):
    """(kind key, title) of each result on the page, in order."""
    return [(r.kind.key, r.entry.title) for r in response.context["results"]]


def titles(response):
    return [title for _kind, title in found(response)]


@pytest.fixture
def seed(question_index):
    """A question, a published reply, a resource and a panel session about polarisation."""
    topic = TopicFactory(name="polarisatie")
    question = QuestionPageFactory(
        parent=question_index,
        title="Ervaringen met polarisatie in de wijk?",
        explanation="<p>Hoe gaan jullie om met spanningen tussen groepen?</p>",
        province="limburg",
        municipality="Venlo",
        published_on=datetime.date(2022, 8, 31),
        topics=[topic],
    )
    reply = ReplyFactory(
        question=question,
        body="<p>Wij organiseerden een dialoog over polarisatie in het buurthuis.</p>",
        created_at=datetime.datetime(2022, 9, 1, 12, tzinfo=datetime.UTC),
    )
    resource = ResourceFactory(title="Van polarisatie naar verbinding", year=2019)
    resource.topics.add(topic)
    panel = PanelFactory(
        title="Panelgesprekken polarisatie",
        description="Gesprekken met jeugdprofessionals.",
    )
    panel.topics.add(topic)
    panel.save()
    session = PanelSessionFactory(
        panel=panel,
        city="Assen",
        province="drenthe",
        date=datetime.date(2022, 10, 5),
        venue_name="Buurthuis Geheimhof",
        venue_address="Verborgenstraat 7, Assen",
    )
    return {
        "topic": topic,
        "question": question,
        "reply": reply,
        "resource": resource,
        "panel": panel,
        "session": session,
    }


# --- Highlighting and ranking, without a database -----------------------------------------


def test_query_terms_keep_only_words():
    assert query_terms('"polarisatie" <script>alert(1)</script> OR -jongeren*') == [
        "polarisatie",
        "script",
        "alert",
        "1",
        "OR",
        "jongeren",
    ]
    assert query_terms("   ") == []
    assert query_terms(None) == []


def test_stem_strips_one_dutch_ending():
    assert stem("polariserende") == stem("polarisatie") == "polaris"
    assert stem("Vluchtelingen") == stem("vluchteling") == "vluchtel"
    # Never shorter than four letters.
    assert stem("rollen") == "roll"


def test_highlight_marks_stemmed_matches_case_insensitively():
    marked = highlight("Polarisatie en polariserend gedrag; depolarisatie niet.", ["polariserende"])
    assert marked == (
        "<mark>Polarisatie</mark> en <mark>polariserend</mark> gedrag; depolarisatie niet."
    )


def test_highlight_marks_short_words_only_whole():
    assert highlight("de debatten", ["de"]) == "<mark>de</mark> debatten"


def test_highlight_escapes_before_marking():
    marked = highlight('<script>alert("polarisatie")</script> & <b>', ["polarisatie", "script"])
    assert "<script>" not in marked
    assert "<b>" not in marked
    assert marked == (
        "&lt;<mark>script</mark>&gt;alert(&quot;<mark>polarisatie</mark>&quot;)"
        "&lt;/<mark>script</mark>&gt; &amp; &lt;b&gt;"
    )
    # A query made of markup cannot produce markup either.
    assert highlight("a <mark> b", query_terms("<mark>")) == "a &lt;<mark>mark</mark>&gt; b"


def test_excerpt_cuts_around_the_first_match():
    text = "begin " + "woord " * 100 + "polarisatie " + "einde " * 100
    cut = excerpt(text, ["polarisatie"], length=120)
    assert cut.startswith("… ")
    assert cut.endswith(" …")
    assert "<mark>polarisatie</mark>" in cut
    assert len(cut) < 200
    assert excerpt("kort", ["x"]) == "kort"


def test_kinds_are_interleaved_by_place():
    results = merge_rankings([("q", [1, 2, 3]), ("r", [10]), ("s", [20, 21])])
    assert [(r.kind, r.pk) for r in results] == [
        ("q", 1),
        ("r", 10),
        ("s", 20),
        ("q", 2),
        ("s", 21),
        ("q", 3),
    ]


# --- The page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_finds_every_kind(client, seed, english):
    response = search(client, q="polarisatie")
    assert found(response) == [
        ("questions", "Ervaringen met polarisatie in de wijk?"),
        ("experiences", f"Reply by {seed['reply'].author.display_name}"),
        ("resources", "Van polarisatie naar verbinding"),
        ("sessions", "Panelgesprekken polarisatie – Assen"),
    ]
    html = response.content.decode()
    assert 'role="status"' in html
    assert 'class="search-results"' in html
    assert seed["question"].url in html
    assert f"#reactie-{seed['reply'].pk}" in html
    assert "<mark>polarisatie</mark>" in html


@pytest.mark.django_db
def test_results_count_is_announced(client, seed, english):
    html = search(client, q="polarisatie").content.decode()
    status = html.split('role="status"', 1)[1].split("</div>", 1)[0]
    assert "4 results for “polarisatie”" in status


@on_postgresql
@pytest.mark.django_db
def test_dutch_stemming_finds_inflections(client, seed, question_index):
    """PostgreSQL's Dutch configuration: "vluchtelingen" and "vluchteling" share a stem, and
    Dutch stop words ("de", "in") do not have to occur."""
    assert get_search_backend().config == "dutch"
    QuestionPageFactory(parent=question_index, title="Opvang van een vluchteling")
    response = search(client, q="vluchtelingen", type="questions")
    assert titles(response) == ["Opvang van een vluchteling"]
    assert "<mark>vluchteling</mark>" in str(response.context["results"][0].title_html)
    assert titles(search(client, q="polariserende", type="questions")) == [
        "Ervaringen met polarisatie in de wijk?"
    ]
    assert titles(search(client, q="polarisatie in de wijken", type="questions")) == [
        "Ervaringen met polarisatie in de wijk?"
    ]


@pytest.mark.django_db
def test_search_finds_replies_by_their_experience(client, seed):
    ReplyFactory(
        question=seed["question"],
        body="",
        what_happened="Er ontstond een ruzie op het schoolplein.",
        what_i_did="Ik ging met beide groepen in gesprek.",
    )
    response = search(client, q="schoolplein")
    assert [kind for kind, _title in found(response)] == ["experiences"]
    assert "<mark>schoolplein</mark>" in str(response.context["results"][0].excerpt_html)


@pytest.mark.django_db
def test_hidden_and_pending_replies_are_never_found(client, seed):
    for status in (Reply.Status.PENDING, Reply.Status.HIDDEN):
        ReplyFactory(question=seed["question"], status=status, body=f"<p>Geheim {status}</p>")
    assert search(client, q="geheim").context["results"] == []
    # Neither when the reply is hidden after it was indexed as published.
    seed["reply"].status = Reply.Status.HIDDEN
    seed["reply"].save()
    assert "experiences" not in {kind for kind, _ in found(search(client, q="dialoog"))}


@pytest.mark.django_db
def test_drafts_private_pages_and_their_replies_are_never_found(client, question_index):
    draft = QuestionPageFactory(
        parent=question_index, title="Concept over zeldzaamheid", live=False
    )
    private = QuestionPageFactory(parent=question_index, title="Besloten zeldzaamheid")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for page in (draft, private):
        ReplyFactory(question=page, body="<p>Een zeldzaamheid.</p>")
    public = QuestionPageFactory(parent=question_index, title="Openbare zeldzaamheid")
    assert titles(search(client, q="zeldzaamheid")) == ["Openbare zeldzaamheid"]
    public.unpublish()
    assert search(client, q="zeldzaamheid").context["state"] == "no_results"


@pytest.mark.django_db
def test_the_venue_is_never_searchable_nor_shown(client, seed):
    assert search(client, q="Geheimhof").context["results"] == []
    assert search(client, q="Verborgenstraat").context["results"] == []
    response = search(client, q="Assen")
    assert titles(response) == ["Panelgesprekken polarisatie – Assen"]
    html = response.content.decode()
    assert "Geheimhof" not in html
    assert "Verborgenstraat" not in html


@pytest.mark.django_db
def test_a_renamed_panel_is_found_by_its_new_title(client, seed):
    seed["panel"].title = "Gesprekstafels verbinding"
    seed["panel"].save()
    assert titles(search(client, q="gesprekstafels")) == ["Gesprekstafels verbinding – Assen"]


@pytest.mark.django_db
def test_filter_by_type(client, seed):
    assert [k for k, _ in found(search(client, q="polarisatie", type="resources"))] == ["resources"]
    assert [k for k, _ in found(search(client, q="polarisatie", type="sessions"))] == ["sessions"]


@pytest.mark.django_db
def test_filter_by_topic(client, seed, question_index):
    QuestionPageFactory(parent=question_index, title="Polarisatie zonder onderwerp")
    response = search(client, q="polarisatie", topic="polarisatie")
    kinds = [kind for kind, _ in found(response)]
    assert "Polarisatie zonder onderwerp" not in titles(response)
    # Replies carry no topic here; the question, resource and session carry it.
    assert kinds == ["questions", "resources", "sessions"]
    assert len(titles(search(client, q="polarisatie"))) == 5


@pytest.mark.django_db
def test_filter_by_province_and_nearby(client, seed):
    response = search(client, q="polarisatie", province="limburg")
    # The reply has no region of its own and counts in its question's; resources have none.
    assert [kind for kind, _ in found(response)] == ["questions", "experiences"]
    assert [k for k, _ in found(search(client, q="polarisatie", province="groningen"))] == []
    nearby = search(client, q="polarisatie", province="groningen", nearby="on")
    assert [kind for kind, _ in found(nearby)] == ["sessions"]  # Drenthe borders Groningen


@pytest.mark.django_db
def test_filter_by_date(client, seed):
    response = search(client, q="polarisatie", date_from="2022-09-01", date_until="2022-12-31")
    assert [kind for kind, _ in found(response)] == ["experiences", "sessions"]
    only_2019 = search(client, q="polarisatie", date_from="2019-01-01", date_until="2019-12-31")
    assert [kind for kind, _ in found(only_2019)] == ["resources"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "polarisatie", "date_from": "gisteren"},
        {"q": "polarisatie", "date_from": "2023-01-01", "date_until": "2022-01-01"},
        {"q": "polarisatie", "type": "geheimen"},
        {"q": "polarisatie", "topic": "bestaat-niet"},
        {"q": "polarisatie", "province": "atlantis"},
        {"q": "x" * 201},
        {"q": "«»—…"},
    ],
)
def test_bad_input_gives_a_message_not_a_500(client, seed, english, params):
    response = search(client, **params)
    assert response.context["state"] == "invalid"
    assert response.context["results"] == []
    html = response.content.decode()
    assert "The search could not be run: correct the fields marked above." in html
    # The refused control points at its message.
    assert 'aria-invalid="true"' in html
    assert '-error" aria-invalid="true"' in html or '-error"' in html.split("aria-invalid")[0]


@pytest.mark.django_db
def test_empty_query_asks_for_words(client, seed, english):
    start = search(client)
    assert start.context["state"] == "start"
    assert "Enter one or more words" in start.content.decode()
    filters_only = search(client, province="limburg")
    assert filters_only.context["state"] == "no_words"
    assert "Enter one or more words to search for." in filters_only.content.decode()


@pytest.mark.django_db
def test_query_syntax_and_markup_are_harmless(client, seed):
    for query in ['"polarisatie', "polarisatie*", "polarisatie OR NOT", "(polarisatie", "'; --"]:
        search(client, q=query)
    response = search(client, q="<script>polarisatie</script>")
    html = response.content.decode()
    assert "<script>polarisatie" not in html
    assert "&lt;script&gt;" in html or "script polarisatie" in html


@pytest.mark.django_db
def test_no_results_message(client, seed, english):
    response = search(client, q="onvindbaarwoord")
    assert response.context["state"] == "no_results"
    assert "Nothing found for “onvindbaarwoord”" in response.content.decode()


def make_items(question_index, count, word="polarisatie", first=0):
    """``count`` public items of every kind containing ``word``, numbered from ``first``."""
    panel = PanelFactory(title=f"Panel {word}")
    for n in range(first, first + count):
        question = QuestionPageFactory(
            parent=question_index, title=f"Vraag {n} over {word}", slug=f"{word}-{n}"
        )
        ReplyFactory(question=question, body=f"<p>Reactie {n} over {word}</p>")
        ResourceFactory(title=f"Bron {n} over {word}", url=f"https://example.org/{n}")
        PanelSessionFactory(panel=panel, city=f"Stad{n}")


@pytest.mark.django_db
def test_pagination_keeps_the_query_and_filters(client, question_index, english):
    make_items(question_index, 6)
    first = search(client, q="polarisatie", type="questions")
    assert first.context["page_obj"].paginator.count == 6
    assert len(first.context["results"]) == 6
    everything = search(client, q="polarisatie")
    assert everything.context["page_obj"].paginator.count == 24
    assert len(everything.context["results"]) == RESULTS_PER_PAGE
    html = everything.content.decode()
    assert "(page 1 of 3)" in html
    assert "page=2&amp;q=polarisatie" in html
    second = search(client, q="polarisatie", page="2")
    assert second.context["page_obj"].number == 2
    assert 'start="11"' in second.content.decode()
    seen = {(r.kind.key, r.pk) for r in everything.context["results"]}
    assert not seen & {(r.kind.key, r.pk) for r in second.context["results"]}
    # A page number that is not one, or past the end, shows a real page.
    assert search(client, q="polarisatie", page="x").context["page_obj"].number == 1
    assert search(client, q="polarisatie", page="99").context["page_obj"].number == 3


def count_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        search(client, **params)
    return len(queries)


@pytest.mark.django_db
def test_query_budget_is_constant(client, question_index, django_assert_max_num_queries):
    make_items(question_index, 5, word="budget")
    search(client, q="budget")  # Warm Wagtail's site cache, as any earlier request does.
    few = count_queries(client, q="budget")
    make_items(question_index, 195, word="budget", first=5)
    with django_assert_max_num_queries(20):
        search(client, q="budget")
    many = count_queries(client, q="budget")
    assert many == few
    assert count_queries(client, q="budget", page="5", topic="", province="limburg") <= 20


def test_every_registered_kind_is_searchable():
    assert [kind.key for kind in discovery.kinds() if kind.is_searchable] == [
        "questions",
        "experiences",
        "resources",
        "sessions",
    ]


@pytest.mark.django_db
def test_the_header_has_a_labelled_search_form(client, site_root, english):
    html = client.get(site_root.url).content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert f'action="{reverse("search:search")}"' in header
    assert 'role="search"' in header
    assert '<label class="visually-hidden" for="site-search-q">Search the site</label>' in header
    assert 'id="site-search-q" name="q"' in header


def test_word_forms_cover_a_dutch_word_family():
    assert "polarisatie" in word_forms("polariserende")
    assert "polariseren" in word_forms("Polarisatie")
    assert "radicalisme" in word_forms("radicalist")
    assert word_forms("jeugdwerk") == ["jeugdwerk"]
    # Too short a base is left alone.
    assert word_forms("leren") == ["leren"]


@pytest.mark.django_db
def test_other_forms_of_a_word_are_found(client, seed):
    """On every database: "polariserende" finds "polarisatie" through its word family."""
    response = search(client, q="polariserende", type="questions")
    assert titles(response) == ["Ervaringen met polarisatie in de wijk?"]
    assert "<mark>polarisatie</mark>" in str(response.context["results"][0].title_html)
