"""Members give their question or reply a region; the form starts from their profile's."""

from django.urls import reverse

import pytest

from community.vocabulary import Province
from questions.models import QuestionPage, Reply
from tests.community.factories import ProfileFactory, TopicFactory
from tests.questions.conftest import logged_in
from tests.questions.factories import ReplyFactory
from tests.questions.helpers import main_of

pytestmark = pytest.mark.django_db

TITLE = "Hoe ga je om met spanningen in de jongerenraad?"


@pytest.fixture
def limburger():
    return ProfileFactory(display_name="Lotte Lid", province=Province.LIMBURG, municipality="Venlo")


def selected_province(response):
    option = main_of(response).select_one("select[name=province] option[selected]")
    return option["value"] if option else ""


class TestAsk:
    def test_the_form_starts_from_the_profiles_region(self, client, question_index, limburger):
        response = logged_in(client, limburger).get(
            reverse("questions:ask", args=[question_index.pk])
        )

        assert selected_province(response) == "limburg"
        field = main_of(response).select_one("input[name=municipality]")
        assert field["value"] == "Venlo"
        assert main_of(response).select_one(f"label[for={field['id']}]")

    def test_the_question_keeps_the_chosen_region(self, client, question_index, limburger):
        response = logged_in(client, limburger).post(
            reverse("questions:ask", args=[question_index.pk]),
            {"title": TITLE, "province": "utrecht", "municipality": " Utrecht\u202e "},
        )

        assert response.status_code == 302
        page = QuestionPage.objects.get(title=TITLE)
        assert (page.province, page.municipality) == ("utrecht", "Utrecht")

    def test_the_region_is_optional(self, client, question_index, limburger):
        logged_in(client, limburger).post(
            reverse("questions:ask", args=[question_index.pk]), {"title": TITLE}
        )

        page = QuestionPage.objects.get(title=TITLE)
        assert (page.province, page.municipality) == ("", "")

    def test_an_unknown_province_is_a_form_error(self, client, question_index, limburger):
        response = logged_in(client, limburger).post(
            reverse("questions:ask", args=[question_index.pk]),
            {"title": TITLE, "province": "atlantis"},
        )

        assert response.status_code == 400
        assert "province" in response.context["form"].errors

    def test_a_retired_topic_cannot_be_chosen(self, client, question_index, limburger):
        retired = TopicFactory(name="oud onderwerp", is_retired=True)
        response = logged_in(client, limburger).post(
            reverse("questions:ask", args=[question_index.pk]),
            {"title": TITLE, "topics": [retired.pk]},
        )

        assert response.status_code == 400
        assert "topics" in response.context["form"].errors


class TestReply:
    def test_the_thread_form_starts_from_the_profiles_region(self, client, question, limburger):
        response = logged_in(client, limburger).get(question.url)

        assert selected_province(response) == "limburg"
        assert main_of(response).select_one("input[name=municipality]")["value"] == "Venlo"

    def test_the_reply_page_form_too(self, client, question, limburger):
        response = logged_in(client, limburger).get(
            reverse("questions:reply_create", args=[question.pk])
        )

        assert selected_province(response) == "limburg"

    def test_the_reply_keeps_the_region(self, client, question, limburger, trusted):
        response = logged_in(client, limburger).post(
            reverse("questions:reply_create", args=[question.pk]),
            {"body": "Wij praten eerst apart.", "province": "limburg", "municipality": "Venlo"},
        )

        assert response.status_code == 302
        reply = Reply.objects.get(author=limburger)
        assert (reply.province, reply.municipality) == ("limburg", "Venlo")

    def test_editing_shows_the_replys_own_region(self, client, question, limburger):
        reply = ReplyFactory(
            question=question, author=limburger, province=Province.ZEELAND, municipality="Goes"
        )

        response = logged_in(client, limburger).get(
            reverse("questions:reply_edit", args=[reply.pk])
        )

        assert selected_province(response) == "zeeland"
        assert main_of(response).select_one("input[name=municipality]")["value"] == "Goes"

    def test_the_topic_list_has_the_filter_script(self, client, question, limburger):
        TopicFactory(name="polarisatie")

        response = logged_in(client, limburger).get(question.url)

        html = response.content.decode()
        assert "community/topic-picker.js" in html
        assert 'data-topic-picker-label="' in html
