"""The site's pages as an anonymous visitor sees them, and the page tree rules."""

import io
import re

from django.core.management import call_command

from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.demo import QUESTION_SLUG
from home.models import HomePage, StandardPage
from panels.models import Panel
from questions.models import QuestionIndexPage, QuestionPage
from tests.questions.factories import QuestionIndexPageFactory, QuestionPageFactory

QUESTION_URL = f"/vragen/{QUESTION_SLUG}/"
VNG_URL = "https://vng.nl/publicaties/van-polarisatie-naar-verbinding-in-buurten"


def load_demo(*args):
    call_command("load_demo", *args, stdout=io.StringIO())


def text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def demo(db):
    load_demo("--as-published")


class TestSeedQuestionPage:
    """The seed thread rendered for an anonymous visitor, in Dutch (the site's default)."""

    @pytest.fixture
    def html(self, demo, client):
        return text(client.get(QUESTION_URL))

    def test_question_and_byline(self, html):
        assert (
            "“Wat zijn jouw ervaringen als jeugdprofessional in het voorkomen/tegengaan van "
            "polarisatie?”" in html
        )
        assert "31 augustus 2022" in html
        assert "Farid Bouchlaghmi" in html
        assert "Sr. adviseur" in html
        assert re.search(r'(alt|aria-label)="[^"]*Farid Bouchlaghmi"', html)

    def test_explanation(self, html):
        assert (
            "We krijgen signalen dat professionals soms worstelen met hun rol en positie bij "
            "polarisatie" in html
        )
        assert "hoe jeugdprofessionals hierbij ondersteund kunnen worden." in html

    def test_motivation(self, html):
        assert "Ervaringen uitwisselen met andere professionals" in html
        assert "Werk jij als professional met jongeren?" in html
        assert "in verschillende regio’s organiseren." in html
        assert "De exacte locatie ontvangen de deelnemers ruim voor de aangegeven datum." in html
        assert "Bij elke focusgroep is ruimte voor 6 tot 8 deelnemers." in html
        assert "Voor vragen kun je contact opnemen met:" in html

    def test_deze_link_goes_to_the_panel(self, html):
        panel = Panel.objects.get()

        assert f'<a href="{panel.get_absolute_url()}">deze link</a>' in html

    def test_the_four_sessions_in_the_seed_wording(self, html):
        for day, start, end, city in [
            ("Woensdag 28 september", "10:00", "12:00", "Venlo"),
            ("Woensdag 5 oktober", "09:30", "11:30", "Alkmaar"),
            ("Maandag 10 oktober", "13:00", "15:00", "Gorinchem"),
            ("Woensdag 12 oktober", "11:00", "13:00", "Assen"),
        ]:
            assert re.search(rf"{day} \({start} – {end}( uur)?\) in {city}", html), day

    def test_private_venues_are_not_shown(self, html):
        for venue in ("Wijkcentrum De Wieën", "Kaldenkerkerweg", "Buurthuis Overdie", "Brink 5"):
            assert venue not in html

    def test_contacts_with_mailto_links(self, html):
        for name, email in [
            ("Farid Bouchlaghmi", "fbouchlaghmi@minszw.nl"),
            ("Hannes van de Ven", "h.vandeven@nji.nl"),
            ("Mike Loef", "m.loef@nji.nl"),
        ]:
            assert name in html
            assert f'href="mailto:{email}"' in html
        assert "Nederlands Jeugdinstituut" in html

    def test_reply_with_the_vng_guide(self, html):
        assert "Hidde Boonstra" in html
        assert "Adviseur data en monitoring" in html
        assert (
            "Maak in dit kader ook gebruik van de handreiking van het Kennisplatform Integratie "
            "en Samenleving:" in html
        )
        assert f'href="{VNG_URL}"' in html
        assert "Van polarisatie naar verbinding in buurten" in html

    def test_default_dates_render_too(self, db, client):
        load_demo()

        html = text(client.get(QUESTION_URL))

        assert "Venlo" in html
        assert "Woensdag 28 september" not in html


class TestHomePage:
    def test_intro_latest_question_and_link_to_all_questions(self, demo, client):
        html = text(client.get("/"))

        assert "<h1>Kennisdeling jeugdprofessionals</h1>" in html
        assert "Op dit platform delen jeugdprofessionals hun ervaringen" in html
        assert f'href="{QUESTION_URL}"' in html
        assert 'class="button" href="/vragen/"' in html
        assert re.search(r"<title>\s*Kennisdeling jeugdprofessionals\s*</title>", html)

    def test_menu_shows_the_questions_index_and_footer_the_privacy_statement(self, demo, client):
        html = text(client.get("/"))

        assert '<a href="/vragen/"' in html
        assert 'href="/privacyverklaring/"' in html

    def test_headings_do_not_skip_levels(self, demo, client):
        html = text(client.get("/"))

        levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        assert levels[0] == 1
        assert levels.count(1) == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))

    def test_only_live_public_questions_newest_first_at_most_five(self, site_root, client):
        index = QuestionIndexPageFactory(parent=site_root, slug="vragen")
        for day in range(1, 8):
            QuestionPageFactory(
                parent=index, title=f"Vraag van dag {day}", published_on=f"2024-03-{day:02d}"
            )
        QuestionPageFactory(parent=index, title="Concept", live=False, published_on="2024-04-01")

        html = text(client.get("/"))

        titles = re.findall(r"Vraag van dag (\d)", html)
        assert titles == ["7", "6", "5", "4", "3"]
        assert "Concept" not in html

    def test_without_questions(self, site_root, client):
        html = text(client.get("/"))

        assert "Er zijn nog geen vragen gepubliceerd." in html
        assert 'class="button"' not in html

    def test_query_budget(self, site_root, client, django_assert_max_num_queries):
        index = QuestionIndexPageFactory(parent=site_root, slug="vragen")
        for number in range(12):
            QuestionPageFactory(parent=index, slug=f"vraag-{number}")
        client.get("/")

        with django_assert_max_num_queries(12):
            client.get("/")


class TestPrivacyStatement:
    def test_renders_with_sections_and_contact(self, demo, client):
        html = text(client.get("/privacyverklaring/"))

        assert "<h1>Privacyverklaring</h1>" in html
        assert "<h2>Jouw rechten</h2>" in html
        assert "Autoriteit Persoonsgegevens" in html
        assert 'href="mailto:kennisdeling@example.org"' in html
        assert "90 dagen na het gesprek" in html


class TestPageTypes(WagtailPageTestCase):
    def setUp(self):
        # In setUp, not setUpTestData: the autouse media_root fixture must already apply.
        load_demo()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(StandardPage, QuestionPage)
        self.assertCanNotCreateAt(QuestionIndexPage, StandardPage)

    def test_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(HomePage.objects.get().get_parent()))

    def test_pages_render_for_anonymous_visitors(self):
        for page in (
            HomePage.objects.get(),
            StandardPage.objects.get(),
            QuestionIndexPage.objects.get(),
            QuestionPage.objects.get(),
        ):
            self.assertPageIsRenderable(page)

    def test_editor_can_create_a_standard_page(self):
        self.login()
        home = HomePage.objects.get()

        self.assertCanCreate(
            home,
            StandardPage,
            {
                "title": "Over dit platform",
                "slug": "over",
                "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Over ons", '
                '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            },
        )
