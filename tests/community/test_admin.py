"""The community's admin: profiles, contact persons and topics under the "Community" menu."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from wagtail.admin.menu import admin_menu

import pytest

from community.models import ContactPerson, Topic
from tests.community.factories import (
    ContactPersonFactory,
    ProfileFactory,
    TopicFactory,
    UserFactory,
)
from tests.panels.factories import PanelFactory
from tests.questions.factories import (
    QuestionIndexPageFactory,
    QuestionPageFactory,
    ResourceFactory,
)

LIST_URLS = {
    "profile": "wagtailsnippets_community_profile:list",
    "contactperson": "wagtailsnippets_community_contactperson:list",
    "topic": "wagtailsnippets_community_topic:list",
}


def editor(*codenames):
    """A user who may use the admin, with only the given permissions on top."""
    user = UserFactory()
    permissions = Permission.objects.filter(
        codename__in=["access_admin", *codenames],
        content_type__app_label__in=["wagtailadmin", "community"],
    )
    user.user_permissions.set(permissions)
    return user


@pytest.fixture
def people(db):
    farid = ProfileFactory(
        display_name="Farid Bouchlaghmi", role="Sr. adviseur", organisation="Platform JEP"
    )
    hidde = ProfileFactory(
        display_name="Hidde Boonstra", role="Adviseur data en monitoring", organisation=""
    )
    return farid, hidde


class TestAccess:
    @pytest.mark.parametrize("model", LIST_URLS)
    def test_anonymous_visitor_is_sent_to_the_login_page(self, client, db, model):
        response = client.get(reverse(LIST_URLS[model]))

        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))

    @pytest.mark.parametrize("model", LIST_URLS)
    def test_editor_without_the_permission_is_refused(self, client, db, model):
        client.force_login(editor())

        response = client.get(reverse(LIST_URLS[model]))

        # Wagtail answers a missing permission with a redirect to the dashboard and a message.
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")

    @pytest.mark.parametrize("model", LIST_URLS)
    def test_editor_with_the_view_permission_sees_the_list(self, client, db, model):
        client.force_login(editor(f"view_{model}"))

        assert client.get(reverse(LIST_URLS[model])).status_code == 200

    def test_community_menu_groups_the_three_listings(self, rf, admin_user):
        request = rf.get("/admin/")
        request.user = admin_user

        with translation.override("en"):
            items = {str(item.label): item for item in admin_menu.menu_items_for_request(request)}
            community = items["Community"]
            # str() inside the override: a lazy label compared later speaks the default language.
            labels = [str(item.label) for item in community.menu.menu_items_for_request(request)]

        assert labels == ["Member profiles", "Contact persons", "Topics"]


class TestProfiles:
    def test_list_shows_name_role_organisation_and_user(self, admin_client, people):
        farid, hidde = people

        response = admin_client.get(reverse(LIST_URLS["profile"]))

        content = response.content.decode()
        assert "Farid Bouchlaghmi" in content
        assert "Sr. adviseur" in content
        assert "Platform JEP" in content
        assert farid.user.username in content
        assert "Adviseur data en monitoring" in content

    def test_search_by_name(self, admin_client, people):
        response = admin_client.get(reverse(LIST_URLS["profile"]), {"q": "bouchl"})

        content = response.content.decode()
        assert "Farid Bouchlaghmi" in content
        assert "Hidde Boonstra" not in content

    def test_export_as_csv(self, admin_client, people):
        response = admin_client.get(reverse(LIST_URLS["profile"]), {"export": "csv"})

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "member-profiles.csv" in response["Content-Disposition"]
        rows = b"".join(response.streaming_content).decode().splitlines()
        assert len(rows) == 3
        assert any(row.startswith("Farid Bouchlaghmi,Sr. adviseur,Platform JEP,") for row in rows)

    def test_list_has_a_query_budget(self, admin_client, people, django_assert_max_num_queries):
        ProfileFactory.create_batch(20)
        url = reverse(LIST_URLS["profile"])
        admin_client.get(url)  # warm per-session caches (menu, permissions)

        with django_assert_max_num_queries(12):
            admin_client.get(url)

    def test_editing_in_the_admin_keeps_expertise_to_existing_topics(self, admin_client, people):
        farid, _hidde = people
        TopicFactory(name="polarisatie")
        url = reverse("wagtailsnippets_community_profile:edit", args=[farid.pk])
        form = admin_client.get(url).context["form"]
        data = {
            name: "" if value is None else value
            for name, value in form.initial.items()
            if name in form.fields and name != "photo"
        }
        data.update(
            {
                "user": farid.user_id,
                "expertise": "polarisatie, zelfverzonnen onderwerp",
                "email_on_replies": "on",
            }
        )

        response = admin_client.post(url, data)

        assert response.status_code == 302, response.context["form"].errors
        assert list(farid.expertise.names()) == ["polarisatie"]
        assert not Topic.objects.filter(name="zelfverzonnen onderwerp").exists()


class TestContactPersons:
    def test_is_a_snippet_the_chooser_block_can_choose(self, admin_client, db):
        ContactPersonFactory(
            name="Hannes van de Ven", organisation="Nederlands Jeugdinstituut", email="h@nji.nl"
        )

        response = admin_client.get(
            reverse("wagtailsnippetchoosers_community_contactperson:choose")
        )

        assert response.status_code == 200
        assert "Hannes van de Ven" in response.content.decode()

    def test_add_through_the_admin(self, admin_client, db):
        response = admin_client.post(
            reverse("wagtailsnippets_community_contactperson:add"),
            {"name": "Mike Loef", "organisation": "Nederlands Jeugdinstituut", "email": "m@nji.nl"},
        )

        assert response.status_code == 302
        assert ContactPerson.objects.get().email == "m@nji.nl"

    def test_invalid_email_gives_a_form_error(self, admin_client, db):
        response = admin_client.post(
            reverse("wagtailsnippets_community_contactperson:add"),
            {"name": "Mike Loef", "organisation": "", "email": "geen e-mailadres"},
        )

        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        assert not ContactPerson.objects.exists()

    def test_export_lists_name_organisation_and_email(self, admin_client, db):
        ContactPersonFactory(name="Mike Loef", organisation="NJi", email="m@nji.nl")

        response = admin_client.get(reverse(LIST_URLS["contactperson"]), {"export": "csv"})

        rows = b"".join(response.streaming_content).decode().splitlines()
        assert rows[1] == "Mike Loef,NJi,m@nji.nl"


class TestTopics:
    @pytest.fixture
    def used_topics(self, site_root):
        polarisatie = TopicFactory(name="polarisatie")
        jongerenwerk = TopicFactory(name="jongerenwerk")
        TopicFactory(name="ongebruikt")
        index = QuestionIndexPageFactory(parent=site_root)
        for number in range(2):
            question = QuestionPageFactory(parent=index, slug=f"vraag-{number}")
            question.topics.add(polarisatie, jongerenwerk)
            question.save()
        ResourceFactory().topics.add(polarisatie)
        panel = PanelFactory()
        panel.topics.add(polarisatie)
        panel.save()

    def test_usage_count_adds_up_every_kind_without_multiplying(self, used_topics):
        counts = dict(Topic.objects.with_usage_count().values_list("name", "usage_count"))

        assert counts == {"polarisatie": 4, "jongerenwerk": 2, "ongebruikt": 0}

    def test_list_shows_usage_and_sorts_by_it(self, admin_client, used_topics):
        response = admin_client.get(reverse(LIST_URLS["topic"]), {"ordering": "-usage_count"})

        assert response.status_code == 200
        names = [topic.name for topic in response.context["object_list"]]
        assert names == ["polarisatie", "jongerenwerk", "ongebruikt"]
        assert [topic.usage_count for topic in response.context["object_list"]] == [4, 2, 0]

    def test_search_in_descriptions(self, admin_client, db):
        TopicFactory(name="coronabeleid", description="De coronamaatregelen onder jongeren")
        TopicFactory(name="jongerenwerk", description="Werk in de wijk")

        response = admin_client.get(reverse(LIST_URLS["topic"]), {"q": "maatregel"})

        assert [topic.name for topic in response.context["object_list"]] == ["coronabeleid"]

    def test_add_with_description(self, admin_client, db):
        response = admin_client.post(
            reverse("wagtailsnippets_community_topic:add"),
            {"name": "depolarisatie", "slug": "depolarisatie", "description": "Verbinden."},
        )

        assert response.status_code == 302
        assert Topic.objects.get(slug="depolarisatie").description == "Verbinden."
