"""The public profile page and the member's own profile form."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from PIL import Image

from community.accounts import default_display_name, get_profile, user_display
from community.models import Profile
from community.vocabulary import Profession
from tests.community.factories import TopicFactory, UserFactory, verified_member
from tests.questions.factories import QuestionPageFactory, ReplyFactory

EDIT = "community:profile_edit"


def jpeg(size=(60, 40), colour="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def form_data(**overrides):
    data = {
        "display_name": "Sanne de Vries",
        "role": "Jongerenwerker",
        "organisation": "Buurtwerk Oost",
        "profession": Profession.YOUTH_WORKER,
        "profession_other": "",
        "municipality": "Venlo",
        "province": "limburg",
        "bio": "Ik werk al tien jaar in Venlo-Oost.",
        "email_on_replies": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def member(db):
    return verified_member("sanne@example.org", "Sanne de Vries")


@pytest.fixture
def logged_in(client, member):
    client.force_login(member)
    return client


class TestGetProfile:
    def test_returns_the_existing_profile(self, member):
        assert get_profile(member) == member.profile

    def test_creates_a_missing_profile_from_the_name(self, db):
        user = UserFactory(first_name="Hidde", last_name="Boonstra")

        assert get_profile(user).display_name == "Hidde Boonstra"
        assert Profile.objects.filter(user=user).count() == 1

    def test_creates_a_missing_profile_from_the_e_mail_address(self, db):
        user = UserFactory(email="jan.de-vries@example.org")

        assert get_profile(user).display_name == "Jan De Vries"

    def test_anonymous_visitor_has_none(self):
        from django.contrib.auth.models import AnonymousUser

        assert get_profile(AnonymousUser()) is None

    def test_allauth_names_the_member_by_display_name(self, member):
        assert user_display(member) == "Sanne de Vries"

    def test_allauth_names_an_account_without_profile_without_creating_one(self, db):
        user = UserFactory(email="hidde.boonstra@example.org")

        assert user_display(user) == "Hidde Boonstra"
        assert not Profile.objects.filter(user=user).exists()

    def test_default_display_name_falls_back_to_the_username(self, db):
        user = UserFactory(username="redacteur", email="")

        assert default_display_name(user) == "redacteur"


class TestEditProfile:
    def test_saves_every_field(self, logged_in, member):
        topic = TopicFactory(name="polarisatie")
        response = logged_in.post(
            reverse(EDIT), form_data(expertise=[topic.pk], weekly_digest="on")
        )

        assert response.status_code == 302
        profile = Profile.objects.get(user=member)
        assert (profile.role, profile.organisation, profile.profession) == (
            "Jongerenwerker",
            "Buurtwerk Oost",
            "jongerenwerker",
        )
        assert (profile.municipality, profile.province) == ("Venlo", "limburg")
        assert profile.bio == "Ik werk al tien jaar in Venlo-Oost."
        assert list(profile.expertise.all()) == [topic]
        assert profile.email_on_replies is True
        assert profile.weekly_digest is True

    def test_unchecked_notification_boxes_switch_mail_off(self, logged_in, member):
        logged_in.post(reverse(EDIT), form_data(email_on_replies=None))

        assert Profile.objects.get(user=member).email_on_replies is False

    def test_unknown_topic_is_refused_and_no_topic_is_created(self, logged_in, member):
        TopicFactory(name="polarisatie")

        response = logged_in.post(reverse(EDIT), form_data(expertise=["nieuw onderwerp"]))

        assert response.status_code == 200
        assert response.context["form"].errors["expertise"]
        assert not member.profile.expertise.exists()

    def test_unknown_topic_id_is_refused(self, logged_in, member):
        response = logged_in.post(reverse(EDIT), form_data(expertise=[999999]))

        assert response.context["form"].errors["expertise"]

    def test_other_profession_needs_a_description(self, logged_in):
        response = logged_in.post(
            reverse(EDIT), form_data(profession=Profession.OTHER, profession_other="")
        )

        assert response.context["form"].errors["profession_other"]

    def test_other_profession_is_shown_in_the_members_words(self, logged_in, member, client):
        logged_in.post(
            reverse(EDIT),
            form_data(profession=Profession.OTHER, profession_other="Leerplichtambtenaar"),
        )

        html = client.get(member.profile.get_absolute_url()).content.decode()
        assert "Leerplichtambtenaar" in html

    def test_other_profession_text_is_dropped_for_a_listed_profession(self, logged_in, member):
        logged_in.post(reverse(EDIT), form_data(profession_other="Leerplichtambtenaar"))

        assert Profile.objects.get(user=member).profession_other == ""

    def test_unknown_province_is_refused(self, logged_in):
        response = logged_in.post(reverse(EDIT), form_data(province="atlantis"))

        assert response.context["form"].errors["province"]

    def test_too_long_bio_is_refused(self, logged_in):
        response = logged_in.post(reverse(EDIT), form_data(bio="x" * 1001))

        assert response.context["form"].errors["bio"]

    def test_empty_display_name_is_refused(self, logged_in, member):
        response = logged_in.post(reverse(EDIT), form_data(display_name=" \t "))

        assert response.context["form"].errors["display_name"]
        assert Profile.objects.get(user=member).display_name == "Sanne de Vries"

    def test_whitespace_and_control_characters_are_cleaned(self, logged_in, member):
        logged_in.post(
            reverse(EDIT),
            form_data(
                display_name="  Sanne\u202e   de\x07Vries ",
                bio="Regel een\r\n\r\n\r\n\r\nRegel twee  ",
            ),
        )

        profile = Profile.objects.get(user=member)
        assert profile.display_name == "Sanne de Vries"
        assert profile.bio == "Regel een\n\nRegel twee"

    def test_errors_are_summarised_and_shown_beside_the_field(self, logged_in):
        html = logged_in.post(reverse(EDIT), form_data(bio="x" * 1001)).content.decode()

        assert 'href="#id_bio"' in html
        assert 'id="id_bio_error"' in html
        assert 'aria-describedby="id_bio_helptext id_bio_error"' in html

    def test_every_visible_input_has_a_label(self, logged_in):
        TopicFactory(name="polarisatie")
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(logged_in.get(reverse(EDIT)).content, "html.parser")
        form = soup.find("form", class_="community-form")
        for control in form.find_all(["input", "select", "textarea"]):
            if control.get("type") in ("hidden", "submit"):
                continue
            assert form.find("label", attrs={"for": control["id"]}), control

    def test_autocomplete_hints_for_personal_fields(self, logged_in):
        form = logged_in.get(reverse(EDIT)).context["form"]

        assert form["display_name"].field.widget.attrs["autocomplete"] == "name"
        assert form["organisation"].field.widget.attrs["autocomplete"] == "organization"
        assert form["role"].field.widget.attrs["autocomplete"] == "organization-title"
        assert form["municipality"].field.widget.attrs["autocomplete"] == "address-level2"


class TestPhoto:
    def test_upload_is_resized_and_stored_as_jpeg(self, logged_in, member):
        logged_in.post(reverse(EDIT), {**form_data(), "photo": jpeg(size=(1200, 800))})

        profile = Profile.objects.get(user=member)
        with Image.open(profile.photo.path) as image:
            assert image.format == "JPEG"
            assert max(image.size) == 400

    def test_text_file_is_refused_with_a_message(self, logged_in, member):
        fake = SimpleUploadedFile("foto.jpg", b"geen plaatje", content_type="image/jpeg")

        response = logged_in.post(reverse(EDIT), {**form_data(), "photo": fake})

        assert response.status_code == 200
        assert response.context["form"].errors["photo"]
        assert not Profile.objects.get(user=member).photo

    def test_too_large_file_is_refused(self, logged_in, member, settings):
        settings.COMMUNITY_PHOTO_MAX_BYTES = 100

        response = logged_in.post(reverse(EDIT), {**form_data(), "photo": jpeg(size=(300, 300))})

        assert response.context["form"].errors["photo"]

    def test_replacing_the_photo_deletes_the_old_file(
        self, logged_in, member, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            logged_in.post(reverse(EDIT), {**form_data(), "photo": jpeg(colour="red")})
        old = Profile.objects.get(user=member).photo
        old_path = old.path

        with django_capture_on_commit_callbacks(execute=True):
            logged_in.post(reverse(EDIT), {**form_data(), "photo": jpeg(colour="blue")})

        new = Profile.objects.get(user=member).photo
        assert new.name != old.name
        assert not old.storage.exists(old.name), old_path
        assert new.storage.exists(new.name)

    def test_removing_the_photo_deletes_the_file_and_shows_initials(
        self, logged_in, member, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            logged_in.post(reverse(EDIT), {**form_data(), "photo": jpeg()})
        photo = Profile.objects.get(user=member).photo
        name, storage = photo.name, photo.storage

        with django_capture_on_commit_callbacks(execute=True):
            logged_in.post(reverse(EDIT), form_data(remove_photo="on"))

        assert not Profile.objects.get(user=member).photo
        assert not storage.exists(name)
        html = client.get(member.profile.get_absolute_url()).content.decode()
        assert "avatar--initials" in html
        assert ">SV<" in html

    def test_saving_without_a_file_keeps_the_photo(self, logged_in, member):
        logged_in.post(reverse(EDIT), {**form_data(), "photo": jpeg()})
        name = Profile.objects.get(user=member).photo.name

        logged_in.post(reverse(EDIT), form_data(role="Teamleider"))

        assert Profile.objects.get(user=member).photo.name == name

    def test_remove_box_only_appears_with_a_photo(self, logged_in, member):
        assert "remove_photo" not in logged_in.get(reverse(EDIT)).context["form"].fields
        logged_in.post(reverse(EDIT), {**form_data(), "photo": jpeg()})
        assert "remove_photo" in logged_in.get(reverse(EDIT)).context["form"].fields


class TestPublicProfile:
    @pytest.fixture
    def writing(self, member, question_index):
        """The member's questions and replies in every state."""
        profile = member.profile
        other = QuestionPageFactory(parent=question_index, title="Vraag van een ander")
        return {
            "live_question": QuestionPageFactory(
                parent=question_index, author=profile, title="Hoe bereik je ouders?"
            ),
            "draft_question": QuestionPageFactory(
                parent=question_index,
                author=profile,
                title="Concept over straatcultuur",
                live=False,
            ),
            "published": ReplyFactory(
                question=other, author=profile, body="<p>Gepubliceerd antwoord</p>"
            ),
            "pending": ReplyFactory(
                question=other, author=profile, body="<p>Wachtend antwoord</p>", status="pending"
            ),
            "hidden": ReplyFactory(
                question=other, author=profile, body="<p>Verborgen antwoord</p>", status="hidden"
            ),
            "on_draft": ReplyFactory(
                question=QuestionPageFactory(parent=question_index, title="Niet live", live=False),
                author=profile,
                body="<p>Antwoord op concept</p>",
            ),
            "someone_elses": ReplyFactory(question=other, body="<p>Antwoord van een ander</p>"),
        }

    def test_lists_published_questions_and_replies_only(self, client, member, writing):
        html = client.get(member.profile.get_absolute_url()).content.decode()

        assert "Hoe bereik je ouders?" in html
        assert "Gepubliceerd antwoord" in html
        for absent in [
            "Concept over straatcultuur",
            "Wachtend antwoord",
            "Verborgen antwoord",
            "Antwoord op concept",
            "Antwoord van een ander",
        ]:
            assert absent not in html, absent

    def test_reply_links_to_its_place_in_the_thread(self, client, member, writing):
        html = client.get(member.profile.get_absolute_url()).content.decode()

        reply = writing["published"]
        assert f'{reply.question.url}#reactie-{reply.pk}"' in html

    def test_shows_the_profile_details(self, client, member):
        profile = member.profile
        profile.role = "Jongerenwerker"
        profile.organisation = "Buurtwerk Oost"
        profile.municipality = "Venlo"
        profile.province = "limburg"
        profile.bio = "Eerste alinea.\n\nTweede alinea."
        profile.save()
        profile.expertise.add(TopicFactory(name="polarisatie"))

        html = client.get(profile.get_absolute_url()).content.decode()

        assert "Jongerenwerker, Buurtwerk Oost" in html
        assert "Venlo, Limburg" in html
        assert "<p>Eerste alinea.</p>" in html
        assert "<li>polarisatie</li>" in html
        assert 'name="robots" content="noindex"' in html

    def test_replies_are_paginated(self, client, member, question_index, settings):
        settings.COMMUNITY_PROFILE_REPLIES_PER_PAGE = 2
        question = QuestionPageFactory(parent=question_index)
        for number in range(5):
            ReplyFactory(question=question, author=member.profile, body=f"<p>Antwoord {number}</p>")

        first = client.get(member.profile.get_absolute_url()).content.decode()
        last = client.get(member.profile.get_absolute_url() + "?page=3").content.decode()

        assert "Antwoord 4" in first and "Antwoord 0" not in first
        assert "Antwoord 0" in last and "Antwoord 4" not in last

    def test_query_count_does_not_grow_with_replies(
        self, client, member, question_index, django_assert_max_num_queries
    ):
        for _ in range(3):
            question = QuestionPageFactory(parent=question_index, author=member.profile)
            ReplyFactory(question=question, author=member.profile)
        client.get(member.profile.get_absolute_url())
        with django_assert_max_num_queries(40) as few:
            client.get(member.profile.get_absolute_url())
        for _ in range(15):
            question = QuestionPageFactory(parent=question_index, author=member.profile)
            ReplyFactory(question=question, author=member.profile)

        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(member.profile.get_absolute_url())
