"""Privacy self-service: a member downloads everything the site holds about them, and
deletes their account keeping their replies as "former member" or deleting them."""

import json

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from community.models import Profile
from community.services import delete_account, export_member_data
from tests.community.factories import PASSWORD, TopicFactory, verified_member
from tests.community.test_profile import jpeg
from tests.panels.factories import RegistrationFactory
from tests.questions.factories import QuestionPageFactory, ReplyFactory

DELETE = "community:account_delete"


@pytest.fixture
def member(db):
    user = verified_member(
        "sanne@example.org",
        "Sanne de Vries",
        role="Jongerenwerker",
        municipality="Venlo",
        bio="Tien jaar in Venlo-Oost.",
    )
    user.profile.expertise.add(TopicFactory(name="polarisatie"))
    return user


@pytest.fixture
def other(db):
    return verified_member("farid@example.org", "Farid Bouchlaghmi")


@pytest.fixture
def writing(member, other, question_index):
    """The member's question with a reply of someone else, and the member's replies."""
    question = QuestionPageFactory(
        parent=question_index, author=member.profile, title="Hoe bereik je ouders?"
    )
    elsewhere = QuestionPageFactory(
        parent=question_index, author=other.profile, title="Andere vraag"
    )
    return {
        "question": question,
        "others_reply": ReplyFactory(
            question=question, author=other.profile, body="<p>Van Farid</p>"
        ),
        "published": ReplyFactory(
            question=elsewhere, author=member.profile, body="<p>Mijn antwoord</p>"
        ),
        "pending": ReplyFactory(
            question=elsewhere,
            author=member.profile,
            body="<p>Nog niet zichtbaar</p>",
            status="pending",
        ),
    }


class TestExport:
    def test_download_is_a_json_attachment_that_is_not_cached(self, client, member):
        client.force_login(member)

        response = client.get(reverse("community:data_export"))

        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"].startswith(
            'attachment; filename="kennisdeling-data-'
        )
        assert "no-store" in response["Cache-Control"]
        assert json.loads(response.content)["account"]["email"] == "sanne@example.org"

    def test_account_and_profile(self, member):
        data = export_member_data(member)

        assert data["account"]["email"] == "sanne@example.org"
        assert data["account"]["email_addresses"] == [
            {"email": "sanne@example.org", "verified": True, "primary": True}
        ]
        assert data["profile"]["display_name"] == "Sanne de Vries"
        assert data["profile"]["role"] == "Jongerenwerker"
        assert data["profile"]["bio"] == "Tien jaar in Venlo-Oost."
        assert data["profile"]["expertise"] == ["polarisatie"]
        assert data["profile"]["email_on_replies"] is True

    def test_replies_in_every_state_and_questions(self, member, writing):
        content = export_member_data(member)["content"]

        replies = {item["id"]: item for item in content["replies"]["items"]}
        assert content["replies"]["model"] == "questions.reply"
        assert set(replies) == {writing["published"].pk, writing["pending"].pk}
        assert replies[writing["pending"].pk]["status"] == "pending"
        assert replies[writing["published"].pk]["body"] == "<p>Mijn antwoord</p>"
        assert replies[writing["published"].pk]["question_id"] == writing["published"].question_id
        questions = content["questions"]["items"]
        assert [item["description"] for item in questions] == ["Hoe bereik je ouders?"]
        assert questions[0]["id"] == writing["question"].pk

    def test_every_relation_to_the_profile_is_exported(self, member, writing):
        """Whatever the other apps point at Profile (follows, helpful marks, flags…) is in the
        export, found through the relations rather than named."""
        content = export_member_data(member)["content"]

        expected = {
            relation.get_accessor_name()
            for relation in Profile._meta.related_objects
            if not relation.hidden and relation.get_accessor_name() != "tagged_items"
        }
        assert expected <= set(content)
        assert {"questions", "replies"} <= expected

    def test_panel_applications_made_with_the_account_are_exported(self, member):
        RegistrationFactory(user=member, name="Sanne de Vries", email="sanne@example.org")
        RegistrationFactory(name="Iemand anders")

        content = export_member_data(member)["content"]

        items = content["panel_registrations"]["items"]
        assert [item["name"] for item in items] == ["Sanne de Vries"]

    def test_nothing_of_other_members_or_admin_bookkeeping(self, member, writing):
        data = export_member_data(member)
        text = json.dumps(data, default=str)

        assert "Van Farid" not in text
        assert "farid@example.org" not in text
        assert not any(
            group["model"].startswith(("wagtail", "admin.", "auth.", "sessions."))
            for group in data["content"].values()
        )

    def test_export_is_valid_json_with_stream_and_date_fields(self, client, member, writing):
        client.force_login(member)

        data = json.loads(client.get(reverse("community:data_export")).content)

        question = data["content"]["questions"]["items"][0]
        assert question["published_on"] == "2022-08-31"
        assert isinstance(question["motivation"], (list, str))


class TestDeleteAccount:
    def post(self, client, replies="keep", password=PASSWORD):
        return client.post(reverse(DELETE), {"replies": replies, "password": password})

    def test_keeping_replies_shows_them_as_former_member(self, client, member, writing):
        client.force_login(member)

        response = self.post(client, "keep")

        assert response.status_code == 302
        assert response["Location"] == "/"
        assert not get_user_model().objects.filter(email="sanne@example.org").exists()
        assert not Profile.objects.filter(display_name="Sanne de Vries").exists()
        writing["published"].refresh_from_db()
        assert writing["published"].author is None
        assert writing["published"].body == "<p>Mijn antwoord</p>"
        html = client.get(writing["published"].question.url).content.decode()
        assert "Mijn antwoord" in html
        assert "Sanne de Vries" not in html

    def test_deleting_replies_removes_them_and_keeps_the_question(self, client, member, writing):
        client.force_login(member)

        self.post(client, "delete")

        from questions.models import Reply

        assert not Reply.objects.filter(pk__in=[writing["published"].pk, writing["pending"].pk])
        # The member's question stays without a name; another member's reply under it stays.
        writing["question"].refresh_from_db()
        assert writing["question"].author is None
        assert Reply.objects.filter(pk=writing["others_reply"].pk).exists()

    def test_member_is_logged_out(self, client, member):
        client.force_login(member)

        self.post(client)

        assert "_auth_user_id" not in client.session
        assert client.get(reverse("community:profile_edit")).status_code == 302

    def test_wrong_password_deletes_nothing(self, client, member):
        client.force_login(member)

        response = self.post(client, password="fout wachtwoord")

        assert response.status_code == 200
        assert response.context["form"].errors["password"]
        assert Profile.objects.filter(user=member).exists()

    def test_a_choice_for_the_replies_is_required(self, client, member, writing):
        client.force_login(member)

        response = client.post(reverse(DELETE), {"password": PASSWORD})

        assert response.context["form"].errors["replies"]
        assert Profile.objects.filter(user=member).exists()

    def test_password_guessing_is_limited(self, client, member):
        client.force_login(member)
        for _ in range(5):
            self.post(client, password="fout wachtwoord")

        response = self.post(client)

        assert response.status_code == 200
        assert Profile.objects.filter(user=member).exists()

    def test_member_without_replies_is_not_asked_about_them(self, client, member):
        client.force_login(member)

        assert "replies" not in client.get(reverse(DELETE)).context["form"].fields
        response = client.post(reverse(DELETE), {"password": PASSWORD})

        assert response.status_code == 302
        assert not Profile.objects.filter(user=member).exists()

    def test_error_state_is_accessible(self, client, member, writing):
        client.force_login(member)

        html = client.post(reverse(DELETE), {"password": ""}).content.decode()

        assert 'id="error-summary"' in html
        assert 'href="#id_replies_0"' in html
        assert 'aria-describedby="id_password_helptext id_password_error"' in html
        assert "<legend>" in html

    def test_photo_file_is_deleted(self, client, member, django_capture_on_commit_callbacks):
        member.profile.save_photo(jpeg())
        photo = Profile.objects.get(user=member).photo
        name, storage = photo.name, photo.storage
        assert storage.exists(name)
        client.force_login(member)

        with django_capture_on_commit_callbacks(execute=True):
            self.post(client)

        assert not storage.exists(name)

    def test_draft_question_revision_forgets_the_author(self, member, question_index):
        """A question still in review keeps the author in its revision; once the member is
        gone, publishing that revision must not point at the deleted profile."""
        question = QuestionPageFactory(
            parent=question_index, author=member.profile, title="In review", live=False
        )
        revision = question.save_revision()
        assert revision.content["author"] == member.profile.pk

        delete_account(member, keep_replies=True)

        revision.refresh_from_db()
        assert revision.content["author"] is None
        revision.publish()
        question.refresh_from_db()
        assert question.live
        assert question.author is None
