"""Page types: where they may be created, and how they render for an anonymous visitor."""

import datetime

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home.models import HomePage
from questions.models import QuestionIndexPage, QuestionPage
from tests.community.factories import ContactPersonFactory, ProfileFactory, TopicFactory
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

SEED_TITLE = (
    "Wat zijn jouw ervaringen als jeugdprofessional in het voorkomen/tegengaan van polarisatie?"
)


def seed_question(parent):
    """The seed question with every kind of motivation block, topics and a related resource."""
    panel = PanelFactory(title="Panelgesprekken polarisatie")
    PanelSessionFactory(
        panel=panel,
        date=datetime.date(2022, 9, 28),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
        city="Venlo",
    )
    farid = ContactPersonFactory(
        name="Farid Bouchlaghmi", organisation="Platform JEP", email="fbouchlaghmi@minszw.nl"
    )
    guide = ResourceFactory()
    author = ProfileFactory(
        display_name="Farid Bouchlaghmi", role="Sr. adviseur", organisation="Platform JEP"
    )
    page = QuestionPageFactory(
        parent=parent,
        title=SEED_TITLE,
        slug="polarisatie",
        author=author,
        published_on=datetime.date(2022, 8, 31),
        motivation=[
            ("heading", {"text": "Ervaringen uitwisselen met andere professionals"}),
            ("paragraph", "<p>Werk jij als professional met jongeren?</p>"),
            ("panel_sessions", {"panel": panel, "intro": "<p>Aanmelden kan via deze link.</p>"}),
            ("contact_persons", {"intro": "Voor vragen:", "people": [farid]}),
            ("resource", {"resource": guide}),
        ],
        topics=[TopicFactory(name="polarisatie")],
    )
    QuestionRelatedResourceFactory(
        page=page,
        resource=ResourceFactory(
            title="Handreiking depolarisatie", publisher="NJi", year=2022, summary="Tips."
        ),
    )
    return page


class TestTree:
    def test_index_holds_only_questions(self, page_asserts):
        page_asserts.assertAllowedSubpageTypes(QuestionIndexPage, [QuestionPage])

    def test_question_lives_only_under_an_index_and_has_no_children(self, page_asserts):
        page_asserts.assertAllowedParentPageTypes(QuestionPage, [QuestionIndexPage])
        page_asserts.assertAllowedSubpageTypes(QuestionPage, [])

    def test_index_goes_under_the_home_page_but_a_question_does_not(self, page_asserts):
        page_asserts.assertCanCreateAt(HomePage, QuestionIndexPage)
        page_asserts.assertCanNotCreateAt(HomePage, QuestionPage)
        page_asserts.assertCanNotCreateAt(QuestionPage, QuestionPage)

    def test_editor_can_create_a_question_in_the_admin(
        self, page_asserts, question_index, admin_client
    ):
        page_asserts.client = admin_client
        author = ProfileFactory()
        resource = ResourceFactory()
        page_asserts.assertCanCreate(
            question_index,
            QuestionPage,
            nested_form_data(
                {
                    "title": SEED_TITLE,
                    "slug": "polarisatie",
                    "published_on": "2022-08-31",
                    "author": author.pk,
                    "explanation": rich_text("<p>We krijgen signalen.</p>"),
                    "motivation": streamfield(
                        [
                            ("heading", {"text": "Ervaringen uitwisselen"}),
                            ("paragraph", rich_text("<p>Werk jij met jongeren?</p>")),
                        ]
                    ),
                    "topics": "polarisatie",
                    "related_resources": inline_formset([{"resource": resource.pk}]),
                }
            ),
        )
        page = QuestionPage.objects.get(slug="polarisatie")
        assert page.live
        assert page.author == author
        assert [block.block_type for block in page.motivation] == ["heading", "paragraph"]
        assert [link.resource for link in page.related_resources.all()] == [resource]


class TestAnonymousRendering:
    def test_index_page(self, page_asserts, question_index):
        QuestionPageFactory(parent=question_index)
        page_asserts.assertPageIsRenderable(question_index)

    def test_empty_index_page(self, page_asserts, question_index):
        page_asserts.assertPageIsRenderable(question_index)

    def test_question_page(self, page_asserts, question_index):
        page = seed_question(question_index)
        ReplyFactory(question=page, resource=ResourceFactory(title="Kaart"))
        page_asserts.assertPageIsRenderable(page)

    def test_bare_question_page_without_author_or_extras(self, page_asserts, question_index):
        page = QuestionPageFactory(parent=question_index, author=None, explanation="")
        page_asserts.assertPageIsRenderable(page)

    def test_question_page_shows_the_seed(self, client, question_index):
        page = seed_question(question_index)
        response = client.get(page.url)
        assert response.status_code == 200
        main = main_of(response)
        assert main.h1.get_text(strip=True) == f"“{SEED_TITLE}”"
        time = main.find("time")
        assert time["datetime"] == "2022-08-31"
        assert time.get_text() == "31 augustus 2022"
        card = main.find(class_="author-card")
        assert card.find(class_="author-card__name").get_text() == "Farid Bouchlaghmi"
        assert "Sr. adviseur" in card.find(class_="author-card__role").get_text()
        assert card.find(attrs={"role": "img"})["aria-label"].endswith("Farid Bouchlaghmi")
        text = main.get_text(" ", strip=True)
        assert "Ervaringen uitwisselen met andere professionals" in text
        assert "Werk jij als professional met jongeren?" in text
        assert "Aanmelden kan via deze link." in text
        assert "(10:00 – 12:00 uur) in Venlo" in text
        assert main.find("a", href="mailto:fbouchlaghmi@minszw.nl")
        assert main.find("a", href=ResourceFactory.url)
        assert "Handreiking depolarisatie" in text
        assert "polarisatie" in [li.get_text() for li in main.select(".topic")]
        assert_valid_outline(main)

    def test_question_page_sections_are_labelled(self, client, question_index):
        page = seed_question(question_index)
        response = choose_english(client).get(page.url)
        main = main_of(response)
        assert [h2.get_text() for h2 in main.find_all("h2")] == [
            "Explanation",
            "Motivation",
            "Topics",
            "Related resources",
            "0 replies",
        ]
        assert main.find(class_="question__label").get_text() == "Question"
        for section in main.find_all("section"):
            assert main.find(id=section["aria-labelledby"])

    def test_page_loads_the_app_stylesheet(self, client, question_index):
        page = QuestionPageFactory(parent=question_index)
        for url in (page.url, question_index.url):
            assert b"questions/questions.css" in client.get(url).content


def test_a_question_is_routed_in_one_query_with_its_author(
    rf, question_index, django_assert_num_queries
):
    """Below an index only question pages live: one query finds the page and its author,
    where Wagtail's generic routing needs two and the author card a third."""
    from tests.questions.factories import QuestionPageFactory

    question = QuestionPageFactory(parent=question_index, slug="een-vraag")
    with django_assert_num_queries(1):
        result = question_index.route(rf.get("/"), ["een-vraag"])
        assert result.page.author == question.author
    assert result.page.get_parent().pk == question_index.pk


def test_an_unknown_or_draft_question_is_not_found(rf, question_index):
    from django.http import Http404

    from tests.questions.factories import QuestionPageFactory

    QuestionPageFactory(parent=question_index, slug="concept", live=False)
    for slug in ("bestaat-niet", "concept"):
        with pytest.raises(Http404):
            question_index.route(rf.get("/"), [slug])
