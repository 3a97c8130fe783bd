"""The personal-data guard: the detector (community/personal_data.py, tested here with the
forms that use it) and the warning in the reply and question forms, which never loses text."""

from django.urls import reverse

import pytest

from community.personal_data import find_personal_data, passes_eleven_test
from questions.models import QuestionPage, Reply
from tests.questions.conftest import choose_english, logged_in
from tests.questions.helpers import main_of


def kinds(text):
    return [(finding.kind, finding.text) for finding in find_personal_data(text)]


class TestDetector:
    @pytest.mark.parametrize(
        ("text", "found"),
        [
            ("Bel me op 06-12345678", [("phone", "06-12345678")]),
            ("of 06 1234 5678", [("phone", "06 1234 5678")]),
            ("mobiel 0612345678", [("phone", "0612345678")]),
            ("+31 6 12345678", [("phone", "+31 6 12345678")]),
            ("0031 (0)20 123 4567", [("phone", "0031 (0)20 123 4567")]),
            ("kantoor (020) 123 4567", [("phone", "(020) 123 4567")]),
            ("tel: 010-1234567", [("phone", "010-1234567")]),
            ("mail jan.de.vries@example.nl", [("email", "jan.de.vries@example.nl")]),
            ('<a href="mailto:a@b.nl">mail mij</a>', [("email", "a@b.nl")]),
            ('<a href="tel:+31612345678">bel</a>', [("phone", "+31612345678")]),
            ("Kerkstraat 12, 1234 AB Utrecht", [("address", "Kerkstraat 12, 1234 AB")]),
            ("Dorpsweg 3a 9876 ZX", [("address", "Dorpsweg 3a 9876 ZX")]),
            ("1234AB 56", [("address", "1234AB 56")]),
            ("postcode 1234 AB, huisnummer 5", [("address", "1234 AB, huisnummer 5")]),
            ("BSN 123456782", [("bsn", "123456782")]),
            ("bsn: 111.222.333", [("bsn", "111.222.333")]),
            ("1112 22 333", [("bsn", "1112 22 333")]),
        ],
    )
    def test_finds(self, text, found):
        assert kinds(text) == found

    @pytest.mark.parametrize(
        "text",
        [
            "In 2022 en 2023 zagen we 30 jongeren in 4 groepen.",
            "Op 31-08-2022 12:00 spraken we elkaar.",
            "De postcode 1234 AB hoort bij de wijk.",
            "Nummer 123456789 voldoet niet aan de elfproef.",
            "Het kost € 1.250.000 per jaar.",
            "Zie https://vng.nl/publicaties/2021/1234567 voor meer.",
            "Om 10:00 – 12:00 uur in Venlo.",
        ],
    )
    def test_leaves_ordinary_text_alone(self, text):
        assert kinds(text) == []

    def test_eleven_test(self):
        assert passes_eleven_test("123456782")
        assert passes_eleven_test("111222333")
        assert not passes_eleven_test("123456789")
        assert not passes_eleven_test("000000000")
        assert not passes_eleven_test("12345678")

    def test_each_piece_once_and_in_order(self):
        text = "Bel 06-12345678 of mail a@b.nl; nogmaals 06-12345678."
        assert kinds(text) == [("email", "a@b.nl"), ("phone", "06-12345678")]

    def test_a_phone_number_is_not_also_a_bsn(self):
        assert kinds("0111222333") == [("phone", "0111222333")]

    def test_several_texts_at_once(self):
        findings = find_personal_data("niets", "Mail a@b.nl", "")
        assert [finding.kind for finding in findings] == ["email"]
        assert str(findings[0].label)


@pytest.mark.django_db
class TestWarning:
    TEXT = "Bel Yusuf (15) op 06-12345678, hij woont op Kerkstraat 12, 1234 AB."

    def test_reply_form_warns_and_keeps_everything(self, client, question, member, trusted):
        choose_english(logged_in(client, member))
        response = client.post(
            reverse("questions:reply_create", args=[question.pk]),
            {"body": self.TEXT, "what_happened": "Mail hem: yusuf@example.nl"},
        )
        assert response.status_code == 200
        assert not Reply.objects.exists()
        warning = main_of(response).find(id="personal-data-warning")
        text = warning.get_text(" ", strip=True)
        assert "a phone number: 06-12345678" in text
        assert "a postcode with a house number: Kerkstraat 12, 1234 AB" in text
        assert "an e-mail address: yusuf@example.nl" in text
        assert "young people" in text
        # Not an error: no error summary, and everything typed is still there.
        assert main_of(response).find(id="error-summary") is None
        form = response.context["form"]
        assert form["body"].value() == self.TEXT
        assert form["what_happened"].value() == "Mail hem: yusuf@example.nl"
        assert warning.find("input", attrs={"name": "confirm_personal_data", "type": "checkbox"})

    def test_post_anyway(self, client, question, member, trusted):
        logged_in(client, member)
        response = client.post(
            reverse("questions:reply_create", args=[question.pk]),
            {"body": self.TEXT, "confirm_personal_data": "on"},
        )
        assert response.status_code == 302
        assert "06-12345678" in Reply.objects.get().body

    def test_changing_the_text_is_enough(self, client, question, member, trusted):
        logged_in(client, member)
        response = client.post(
            reverse("questions:reply_create", args=[question.pk]),
            {"body": "Bel hem via het jongerenwerk."},
        )
        assert response.status_code == 302

    def test_other_errors_come_first_and_the_warning_waits(self, client, question, member):
        response = logged_in(client, member).post(
            reverse("questions:reply_create", args=[question.pk]),
            {"body": self.TEXT, "resource": "999"},
        )
        assert response.status_code == 400
        assert main_of(response).find(id="error-summary")
        assert main_of(response).find(id="personal-data-warning") is None

    def test_question_form_warns_too(self, client, question_index, member):
        choose_english(logged_in(client, member))
        url = reverse("questions:ask", args=[question_index.pk])
        data = {"title": "Wie kent BSN 123456782?", "explanation": "Bel 06-12345678"}
        response = client.post(url, data)
        assert response.status_code == 200
        assert not QuestionPage.objects.filter(author=member).exists()
        text = main_of(response).find(id="personal-data-warning").get_text(" ", strip=True)
        assert "a citizen service number (BSN): 123456782" in text
        assert response.context["form"]["title"].value() == data["title"]
        assert client.post(url, {**data, "confirm_personal_data": "on"}).status_code == 302
        assert QuestionPage.objects.filter(author=member).exists()

    def test_the_edit_form_warns_too(self, client, question, member):
        from tests.questions.factories import ReplyFactory

        reply = ReplyFactory(question=question, author=member, body="<p>Netjes</p>")
        response = logged_in(client, member).post(
            reverse("questions:reply_edit", args=[reply.pk]), {"body": self.TEXT}
        )
        assert response.status_code == 200
        reply.refresh_from_db()
        assert reply.body == "<p>Netjes</p>"
