"""`manage.py load_demo`: the site tree and the seed thread, idempotent, in both date modes."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Revision, Site

import pytest

from community.models import CommunitySettings, ContactPerson, Profile, Topic
from home.demo import QUESTION_SLUG, SESSIONS, session_dates
from home.models import HomePage, StandardPage
from panels.models import Panel, PanelSession, PanelTopic
from questions.models import (
    QuestionIndexPage,
    QuestionPage,
    QuestionPageTopic,
    QuestionRelatedResource,
    Reply,
    Resource,
    ResourceTopic,
)

COUNTED_MODELS = [
    Page,
    Revision,
    Site,
    HomePage,
    QuestionIndexPage,
    QuestionPage,
    StandardPage,
    QuestionRelatedResource,
    Reply,
    Resource,
    Topic,
    get_user_model(),
    Profile,
    ContactPerson,
    Panel,
    PanelSession,
    QuestionPageTopic,
    ResourceTopic,
    PanelTopic,
    CommunitySettings,
]
SESSIONS_ORDER = [session.city for session in SESSIONS]
SEED_WEEKDAYS = [date.weekday() for date in (s.published_date for s in SESSIONS)]


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def sessions():
    return {session.city: session for session in PanelSession.objects.all()}


@pytest.fixture
def question(db):
    load_demo("--as-published")
    return QuestionPage.objects.get(slug=QUESTION_SLUG)


class TestIdempotence:
    def test_second_run_leaves_the_same_rows_and_no_new_revisions(self, db):
        load_demo()
        first = counts()

        output = load_demo()

        assert counts() == first
        assert "Pages published this run: none" in output

    def test_switching_date_modes_moves_the_sessions_in_place(self, db):
        load_demo()
        before = {city: session.pk for city, session in sessions().items()}
        first = counts()

        load_demo("--as-published")

        assert {city: session.pk for city, session in sessions().items()} == before
        venlo = sessions()["Venlo"]
        assert venlo.date == datetime.date(2022, 9, 28)
        # The deadlines follow the moved date instead of keeping the previous run's.
        assert venlo.confirmation_deadline == datetime.date(2022, 9, 14)
        assert venlo.application_deadline == datetime.date(2022, 9, 14)
        # Only the revision count may differ; the session dates are not part of the page.
        assert counts() == first

    def test_expected_numbers_of_rows(self, db):
        load_demo()

        assert counts() | {"Page": None, "Revision": None, "User": None} == {
            "Page": None,
            "Revision": None,
            "Site": 1,
            "HomePage": 1,
            "QuestionIndexPage": 1,
            "QuestionPage": 1,
            "StandardPage": 1,
            "QuestionRelatedResource": 1,
            "Reply": 1,
            "Resource": 1,
            "Topic": 5,
            "User": None,
            "Profile": 2,
            "ContactPerson": 3,
            "Panel": 1,
            "PanelSession": 4,
            "QuestionPageTopic": 5,
            "ResourceTopic": 2,
            "PanelTopic": 1,
            "CommunitySettings": 1,
        }

    def test_edited_page_is_restored_with_one_new_revision(self, db):
        load_demo()
        page = QuestionPage.objects.get(slug=QUESTION_SLUG)
        page.explanation = "<p>Iemand heeft dit aangepast.</p>"
        page.save_revision().publish()
        revisions = Revision.objects.count()

        output = load_demo()

        page.refresh_from_db()
        assert "worstelen met hun rol en positie bij polarisatie" in page.explanation
        assert Revision.objects.count() == revisions + 1
        assert "Pages published this run: Wat zijn jouw ervaringen" in output

    def test_missing_profile_photo_is_generated_again_and_existing_one_kept(self, db):
        load_demo()
        farid = Profile.objects.get(display_name="Farid Bouchlaghmi")
        hidde = Profile.objects.get(display_name="Hidde Boonstra")
        hidde_photo = hidde.photo.name
        farid.photo.storage.delete(farid.photo.name)

        load_demo()

        farid.refresh_from_db()
        hidde.refresh_from_db()
        assert farid.photo.storage.exists(farid.photo.name)
        assert hidde.photo.name == hidde_photo

    def test_works_on_an_empty_database(self, transactional_db):
        # What live_server leaves behind after a test: not even Wagtail's root page.
        Page.objects.all().delete()
        Site.objects.all().delete()

        load_demo()

        assert Page.get_first_root_node().get_children().get().specific_class is HomePage
        assert QuestionPage.objects.live().count() == 1


class TestSiteTree:
    def test_home_page_replaces_the_welcome_page_as_site_root(self, db):
        assert Page.objects.filter(depth=2, slug="home").exists()  # Wagtail's "Welcome" page

        load_demo()

        site = Site.objects.get()
        assert site.is_default_site
        assert site.site_name == "Kennisdeling jeugdprofessionals"
        assert isinstance(site.root_page.specific, HomePage)
        assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()

    def test_pages_are_live_below_the_home_page(self, question):
        home = HomePage.objects.get()
        index = QuestionIndexPage.objects.get()
        privacy = StandardPage.objects.get()

        assert index.get_parent().pk == home.pk
        assert (index.title, index.slug, index.show_in_menus) == ("Vragen", "vragen", True)
        assert question.get_parent().pk == index.pk
        assert (privacy.title, privacy.get_parent().pk) == ("Privacyverklaring", home.pk)
        for page in (home, index, privacy, question):
            assert page.live
            assert not page.has_unpublished_changes
            assert page.live_revision_id

    def test_community_settings_point_to_the_privacy_statement(self, question):
        settings = CommunitySettings.for_site(Site.objects.get())

        assert settings.privacy_page.specific == StandardPage.objects.get()
        assert settings.contact_email
        assert "Autoriteit Persoonsgegevens" in settings.privacy_page.specific.body


class TestSeedThread:
    def test_question(self, question):
        assert question.title == (
            "Wat zijn jouw ervaringen als jeugdprofessional in het voorkomen/tegengaan "
            "van polarisatie?"
        )
        assert question.published_on == datetime.date(2022, 8, 31)
        assert question.explanation.startswith("<p>We krijgen signalen dat professionals")
        assert question.explanation.endswith("hierbij ondersteund kunnen worden.</p>")
        assert [topic.slug for topic in question.topics.order_by("slug")] == [
            "coronabeleid",
            "depolarisatie",
            "jongerenwerk",
            "polarisatie",
            "vluchtelingenopvang",
        ]
        assert [link.resource.url for link in question.related_resources.all()] == [
            "https://vng.nl/publicaties/van-polarisatie-naar-verbinding-in-buurten"
        ]

    def test_author_cannot_log_in_and_has_a_generated_photo(self, question):
        author = question.author

        assert (author.display_name, author.role, author.organisation) == (
            "Farid Bouchlaghmi",
            "Sr. adviseur",
            "Platform JEP",
        )
        assert not author.user.has_usable_password()
        assert author.photo.storage.exists(author.photo.name)

    def test_motivation_blocks_in_the_seed_order(self, question):
        blocks = list(question.motivation)

        assert [block.block_type for block in blocks] == [
            "heading",
            "paragraph",
            "panel_sessions",
            "paragraph",
            "contact_persons",
        ]
        assert blocks[0].value["text"] == "Ervaringen uitwisselen met andere professionals"
        assert blocks[1].value.source.startswith("<p>Werk jij als professional met jongeren?")
        assert "Aanmelden voor de panelgesprekken in jouw regio" in blocks[1].value.source
        assert blocks[2].value["panel"] == Panel.objects.get()
        assert blocks[3].value.source.startswith("<p>Bij elke focusgroep is ruimte voor 6 tot 8")
        assert blocks[4].value["intro"] == "Voor vragen kun je contact opnemen met:"
        assert [person.email for person in blocks[4].value["people"]] == [
            "fbouchlaghmi@minszw.nl",
            "h.vandeven@nji.nl",
            "m.loef@nji.nl",
        ]

    def test_panel(self, question):
        panel = Panel.objects.get()

        assert panel.title == "Panelgesprekken polarisatie 2022"
        assert panel.organiser == "Platform JEP en Nederlands Jeugdinstituut"
        assert sorted(person.name for person in panel.contact_persons.all()) == [
            "Farid Bouchlaghmi",
            "Hannes van de Ven",
            "Mike Loef",
        ]
        assert [topic.slug for topic in panel.topics.all()] == ["polarisatie"]

    def test_reply_is_published_featured_and_points_to_the_guide(self, question):
        reply = Reply.objects.get()

        assert reply.question == question
        assert reply.author.display_name == "Hidde Boonstra"
        assert reply.author.role == "Adviseur data en monitoring"
        assert reply.author.organisation == ""
        assert reply.status == Reply.Status.PUBLISHED
        assert reply.is_featured
        assert (reply.resource.publisher, reply.resource.year) == ("VNG", 2019)
        assert sorted(topic.slug for topic in reply.resource.topics.all()) == [
            "depolarisatie",
            "polarisatie",
        ]
        assert reply.created_at.date() == datetime.date(2022, 8, 31)
        assert (
            'href="https://vng.nl/publicaties/van-polarisatie-naar-verbinding-in-buurten"'
            in reply.body
        )


class TestSessionDates:
    def test_as_published_keeps_the_2022_dates_and_times(self, question):
        venlo, alkmaar, gorinchem, assen = (sessions()[city] for city in SESSIONS_ORDER)

        assert (venlo.date, venlo.start_time, venlo.end_time) == (
            datetime.date(2022, 9, 28),
            datetime.time(10, 0),
            datetime.time(12, 0),
        )
        assert (alkmaar.date, alkmaar.start_time) == (
            datetime.date(2022, 10, 5),
            datetime.time(9, 30),
        )
        assert (gorinchem.date, gorinchem.start_time) == (
            datetime.date(2022, 10, 10),
            datetime.time(13, 0),
        )
        assert (assen.date, assen.end_time) == (datetime.date(2022, 10, 12), datetime.time(13, 0))
        for session in (venlo, alkmaar, gorinchem, assen):
            assert (session.capacity_min, session.capacity_max) == (6, 8)
            assert session.venue_name
            assert session.venue_address
            assert session.confirmation_deadline == session.date - datetime.timedelta(days=14)

    def test_by_default_sessions_are_four_weeks_ahead_on_the_seed_weekdays(self, db):
        load_demo()
        earliest = timezone.localdate() + datetime.timedelta(days=28)

        dates = [sessions()[city].date for city in SESSIONS_ORDER]

        assert [date.weekday() for date in dates] == SEED_WEEKDAYS
        assert dates[0] >= earliest
        assert dates[0] - earliest < datetime.timedelta(days=7)
        assert [(date - dates[0]).days for date in dates] == [0, 7, 12, 14]
        for session in sessions().values():
            assert session.confirmation_deadline == session.date - datetime.timedelta(days=14)

    @pytest.mark.parametrize("offset", range(7))
    def test_first_wednesday_at_least_28_days_ahead(self, offset):
        today = datetime.date(2026, 11, 23) + datetime.timedelta(days=offset)

        dates = session_dates(today=today)

        assert dates[0].weekday() == 2
        assert 28 <= (dates[0] - today).days < 35
        assert [date.weekday() for date in dates] == SEED_WEEKDAYS

    def test_exactly_28_days_ahead_when_that_is_a_wednesday(self):
        assert session_dates(today=datetime.date(2026, 11, 25)) == [
            datetime.date(2026, 12, 23),
            datetime.date(2026, 12, 30),
            datetime.date(2027, 1, 4),
            datetime.date(2027, 1, 6),
        ]


class TestEditableInTheAdmin:
    def test_every_demo_page_opens_in_the_editor(self, question, admin_client):
        for page in Page.objects.filter(depth__gt=1):
            response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

            assert response.status_code == 200, page.title

    @pytest.mark.parametrize("model", [Profile, ContactPerson, Topic])
    def test_community_rows_open_in_the_editor(self, question, admin_client, model):
        for obj in model.objects.all():
            url = reverse(f"wagtailsnippets_community_{model._meta.model_name}:edit", args=[obj.pk])

            assert admin_client.get(url).status_code == 200, str(obj)


def test_the_seed_reply_carries_topics(db, root_page):
    """So the topic page of "polarisatie" lists the demo's experience too."""
    from django.core.management import call_command

    from questions.models import Reply

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    reply = Reply.objects.get()
    assert {t.slug for t in reply.topics.all()} == {"polarisatie", "depolarisatie"}
