"""Who may open which community page: anonymous visitors, the member themselves, another
member and an editor. The member pages take no id, so "another member" always gets their
own data: the tests check that nothing of the first member leaks to them."""

import json

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from community.models import Profile
from tests.community.factories import UserFactory, verified_member

MEMBER_ONLY = [
    "community:profile_edit",
    "community:data_export",
    "community:account_delete",
    "account_email",
    "account_change_password",
]


@pytest.fixture
def owner(db):
    return verified_member("sanne@example.org", "Sanne de Vries", organisation="Buurtwerk Oost")


@pytest.fixture
def other_member(db):
    return verified_member("farid@example.org", "Farid Bouchlaghmi", organisation="Platform JEP")


@pytest.fixture
def editor(db):
    """A Wagtail editor: admin access, no member profile yet."""
    user = UserFactory(username="redacteur", email="redacteur@example.org")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


class TestAnonymous:
    @pytest.mark.parametrize("name", MEMBER_ONLY)
    def test_member_pages_send_to_the_public_login(self, client, db, name):
        url = reverse(name)
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"

    def test_member_page_post_changes_nothing(self, client, owner):
        response = client.post(reverse("community:profile_edit"), {"display_name": "Hacked"})

        assert response.status_code == 302
        assert Profile.objects.get(user=owner).display_name == "Sanne de Vries"

    def test_public_profile_is_open(self, client, owner):
        response = client.get(owner.profile.get_absolute_url())

        assert response.status_code == 200
        assert "Sanne de Vries" in response.content.decode()


class TestOwner:
    @pytest.mark.parametrize("name", MEMBER_ONLY)
    def test_member_pages_open(self, client, owner, name):
        client.force_login(owner)

        assert client.get(reverse(name)).status_code == 200

    def test_profile_form_shows_their_own_profile(self, client, owner):
        client.force_login(owner)

        response = client.get(reverse("community:profile_edit"))

        assert response.context["form"].instance == owner.profile

    def test_own_public_profile_links_to_the_edit_page(self, client, owner):
        client.force_login(owner)

        html = client.get(owner.profile.get_absolute_url()).content.decode()

        assert reverse("community:profile_edit") in html.split("<main", 1)[1]


class TestAnotherMember:
    def test_gets_their_own_profile_form_not_the_owners(self, client, owner, other_member):
        client.force_login(other_member)

        response = client.get(reverse("community:profile_edit"))

        assert response.context["form"].instance == other_member.profile
        assert "Sanne de Vries" not in response.content.decode()

    def test_cannot_edit_the_owners_profile_by_naming_it(self, client, owner, other_member):
        """Extra fields naming the owner (id, user, profile) are ignored: the profile edited
        is always the logged-in member's."""
        client.force_login(other_member)

        client.post(
            reverse("community:profile_edit"),
            {
                "display_name": "Overgenomen",
                "id": owner.profile.pk,
                "pk": owner.profile.pk,
                "user": owner.pk,
                "profile": owner.profile.pk,
            },
        )

        assert Profile.objects.get(user=owner).display_name == "Sanne de Vries"
        assert Profile.objects.get(user=other_member).display_name == "Overgenomen"
        assert Profile.objects.get(pk=owner.profile.pk).user == owner

    def test_no_url_edits_a_profile_by_id(self, client, owner, other_member):
        client.force_login(other_member)

        for url in [
            f"{reverse('community:profile_edit')}{owner.profile.pk}/",
            f"{owner.profile.get_absolute_url()}edit/",
            f"{owner.profile.get_absolute_url()}bewerken/",
        ]:
            assert client.post(url, {"display_name": "X"}).status_code in (404, 405), url
        assert Profile.objects.get(user=owner).display_name == "Sanne de Vries"

    def test_public_profile_of_the_owner_has_no_edit_link(self, client, owner, other_member):
        client.force_login(other_member)

        response = client.get(owner.profile.get_absolute_url())

        assert response.status_code == 200
        assert not response.context["is_own_profile"]
        assert (
            reverse("community:profile_edit") not in response.content.decode().split("<main", 1)[1]
        )

    def test_data_export_holds_only_their_own_data(self, client, owner, other_member):
        client.force_login(other_member)

        data = json.loads(client.get(reverse("community:data_export")).content)

        assert data["account"]["email"] == "farid@example.org"
        assert "sanne" not in json.dumps(data).lower()

    def test_deleting_deletes_only_their_own_account(self, client, owner, other_member):
        client.force_login(other_member)

        client.post(
            reverse("community:account_delete"),
            {"replies": "keep", "password": "correct horse battery staple", "user": owner.pk},
        )

        assert not Profile.objects.filter(user=other_member).exists()
        assert Profile.objects.filter(user=owner).exists()


class TestEditor:
    def test_profile_form_opens_with_a_new_profile(self, client, editor):
        client.force_login(editor)

        response = client.get(reverse("community:profile_edit"))

        assert response.status_code == 200
        assert Profile.objects.get(user=editor).display_name == "Redacteur"

    def test_data_export_opens(self, client, editor):
        client.force_login(editor)

        response = client.get(reverse("community:data_export"))

        assert response.status_code == 200
        assert json.loads(response.content)["account"]["username"] == "redacteur"

    def test_public_profile_opens(self, client, editor, owner):
        client.force_login(editor)

        assert client.get(owner.profile.get_absolute_url()).status_code == 200

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_cannot_delete_an_admin_account_from_the_site(self, client, editor, method):
        client.force_login(editor)

        response = getattr(client, method)(
            reverse("community:account_delete"),
            {"replies": "keep", "password": "correct horse battery staple"},
        )

        assert response.status_code == 403
        assert type(editor).objects.filter(pk=editor.pk).exists()

    def test_superuser_cannot_delete_their_account_from_the_site(self, client, db):
        admin = UserFactory(username="beheer", is_superuser=True)
        client.force_login(admin)

        assert client.get(reverse("community:account_delete")).status_code == 403

    def test_profile_form_has_no_delete_link_for_an_editor(self, client, editor):
        client.force_login(editor)

        html = client.get(reverse("community:profile_edit")).content.decode()

        assert reverse("community:account_delete") not in html


class TestInactiveOrMissing:
    def test_profile_of_a_deactivated_account_is_not_found(self, client, owner):
        owner.is_active = False
        owner.save()

        assert client.get(owner.profile.get_absolute_url()).status_code == 404

    def test_unknown_profile_is_not_found(self, client, db):
        assert client.get(reverse("community:profile", args=[999999])).status_code == 404
