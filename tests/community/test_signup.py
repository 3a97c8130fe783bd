"""Sign-up with e-mail verification: a profile with the chosen display name, a verification
mail, and no way in (so no way to post) until the address is verified."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from community.models import Profile

SIGNUP = {
    "display_name": "Sanne de Vries",
    "email": "Sanne@Example.org",
    "password1": "een lang wachtwoord voor de test",
    "password2": "een lang wachtwoord voor de test",
}


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def signed_up(client, db):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302, response.content.decode()
    return get_user_model().objects.get(email="sanne@example.org")


class TestSignUp:
    def test_sign_up_creates_the_account_and_a_profile_with_the_display_name(self, signed_up):
        assert signed_up.profile.display_name == "Sanne de Vries"
        address = EmailAddress.objects.get(user=signed_up)
        assert (address.email, address.verified, address.primary) == (
            "sanne@example.org",
            False,
            True,
        )

    def test_sign_up_sends_one_verification_mail_with_a_link(self, signed_up):
        assert [message.to for message in mail.outbox] == [["sanne@example.org"]]
        assert confirmation_link(mail.outbox[0])

    def test_the_new_account_is_not_logged_in_until_verified(self, client, signed_up):
        response = client.get(reverse("community:profile_edit"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "_auth_user_id" not in client.session

    def test_logging_in_before_verifying_is_refused_and_resends_the_mail(self, client, signed_up):
        response = client.post(
            reverse("account_login"),
            {"login": "sanne@example.org", "password": SIGNUP["password1"]},
        )

        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert "_auth_user_id" not in client.session
        # Posting needs a login, so an unverified member cannot post either.
        assert client.get(reverse("community:profile_edit")).status_code == 302

    def test_following_the_link_verifies_and_logs_in(self, client, signed_up):
        link = confirmation_link(mail.outbox[0])
        assert client.get(link).status_code == 200
        response = client.post(link)

        assert response.status_code == 302
        assert EmailAddress.objects.get(user=signed_up).verified
        assert client.session["_auth_user_id"] == str(signed_up.pk)

    def test_verifying_leads_to_the_profile_form(self, client, signed_up):
        response = client.post(confirmation_link(mail.outbox[0]))

        assert response["Location"] == reverse("community:profile_edit")

    def test_verifying_returns_to_the_page_the_visitor_signed_up_from(self, client, db):
        client.post(reverse("account_signup"), {**SIGNUP, "next": "/vragen/polarisatie/"})

        response = client.post(confirmation_link(mail.outbox[0]))

        assert response["Location"] == "/vragen/polarisatie/"

    def test_after_verifying_the_member_can_log_in(self, client, signed_up):
        client.post(confirmation_link(mail.outbox[0]))
        client.logout()

        response = client.post(
            reverse("account_login"),
            {"login": "sanne@example.org", "password": SIGNUP["password1"]},
        )

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(signed_up.pk)

    def test_display_name_is_required(self, client, db):
        response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": "  "})

        assert response.status_code == 200
        assert response.context["form"].errors["display_name"]
        assert not get_user_model().objects.exists()

    def test_display_name_loses_control_characters(self, client, db):
        client.post(
            reverse("account_signup"), {**SIGNUP, "display_name": "Sanne\u202e \x07de Vries"}
        )

        assert Profile.objects.get().display_name == "Sanne de Vries"

    def test_signing_up_twice_with_one_address_makes_no_second_account(self, client, signed_up):
        # Past the cool-down between two mails to one address (a cache entry).
        cache.clear()
        other_client = Client()
        response = other_client.post(reverse("account_signup"), {**SIGNUP, "display_name": "X"})

        assert get_user_model().objects.count() == 1
        assert Profile.objects.get().display_name == "Sanne de Vries"
        # The page is the same as for a new address, so it does not reveal who has an
        # account; the address's owner is told by mail instead.
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert [message.to for message in mail.outbox] == [["sanne@example.org"]] * 2
        assert "/accounts/confirm-email/" not in mail.outbox[1].body


class TestSignUpPage:
    def test_every_input_has_a_label_and_autocomplete(self, client, db):
        response = client.get(reverse("account_signup"))
        html = response.content.decode()

        for name, autocomplete in [
            ("display_name", "name"),
            ("email", "email"),
            ("password1", "new-password"),
            ("password2", "new-password"),
        ]:
            assert f'<label for="id_{name}">' in html, name
            tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
            assert f'autocomplete="{autocomplete}"' in tag, tag

    def test_errors_stand_beside_their_field_and_in_a_summary(self, client, db):
        response = client.post(reverse("account_signup"), {**SIGNUP, "password2": "anders"})
        html = response.content.decode()

        assert 'id="error-summary"' in html
        assert 'href="#id_password2"' in html
        assert 'id="id_password2_error"' in html
        tag = re.search(r'<input[^>]*name="password2"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in tag
        assert "id_password2_error" in tag

    def test_page_uses_the_site_layout(self, client, db):
        html = client.get(reverse("account_signup")).content.decode()

        assert 'class="site-header"' in html
        assert '<main id="main"' in html
        assert "community/community.css" in html


class TestWithoutTheSignUpDetailsForm:
    def test_the_sign_up_signal_creates_a_missing_profile(self, db):
        """A project that keeps allauth's own sign-up form still gets profiles, named after
        the e-mail address until the member changes it."""
        from django.test import RequestFactory

        from allauth.account.signals import user_signed_up

        user = get_user_model().objects.create_user("jan", "jan.de-vries@example.org", "x")

        user_signed_up.send(sender=type(user), request=RequestFactory().get("/"), user=user)

        assert Profile.objects.get(user=user).display_name == "Jan De Vries"
