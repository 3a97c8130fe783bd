"""Logging in and out, the failed-login limit, password reset and changing the e-mail
address, all on the public site with allauth."""

import re

from django.core import mail
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from tests.community.factories import PASSWORD, verified_member


@pytest.fixture
def member(db):
    return verified_member("sanne@example.org", "Sanne de Vries")


def log_in(client, login="sanne@example.org", password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": login, "password": password, **extra})


def logged_in_as(client):
    return client.session.get("_auth_user_id")


class TestLogin:
    def test_verified_member_logs_in_with_e_mail_and_password(self, client, member):
        response = log_in(client)

        assert response.status_code == 302
        assert logged_in_as(client) == str(member.pk)

    def test_the_address_is_not_case_sensitive(self, client, member):
        log_in(client, login="Sanne@Example.ORG")

        assert logged_in_as(client) == str(member.pk)

    def test_login_returns_to_the_page_the_member_came_from(self, client, member):
        response = log_in(client, next="/vragen/polarisatie/")

        assert response["Location"] == "/vragen/polarisatie/"

    def test_login_does_not_redirect_to_another_site(self, client, member):
        response = log_in(client, next="https://evil.example.com/")

        assert response.status_code == 302
        assert "evil.example.com" not in response["Location"]

    def test_wrong_password_is_refused_with_the_form_again(self, client, member):
        response = log_in(client, password="fout wachtwoord")

        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert logged_in_as(client) is None

    def test_username_does_not_log_in_on_the_public_site(self, client, member):
        log_in(client, login=member.username)

        assert logged_in_as(client) is None

    def test_log_out_asks_then_logs_out_on_post(self, client, member):
        client.force_login(member)

        assert client.get(reverse("account_logout")).status_code == 200
        assert logged_in_as(client) == str(member.pk)
        client.post(reverse("account_logout"))
        assert logged_in_as(client) is None


class TestFailedLoginLimit:
    def test_five_wrong_passwords_lock_the_address_even_for_the_right_one(self, client, member):
        for _ in range(5):
            assert log_in(client, password="fout wachtwoord").status_code == 200

        response = log_in(client)

        assert logged_in_as(client) is None
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()

    def test_the_limit_names_the_reason(self, client, member, english):
        for _ in range(5):
            log_in(client, password="fout wachtwoord")

        response = log_in(client)

        assert "Too many failed login attempts" in response.content.decode()

    def test_four_wrong_passwords_still_let_the_member_in(self, client, member):
        for _ in range(4):
            log_in(client, password="fout wachtwoord")

        log_in(client)

        assert logged_in_as(client) == str(member.pk)

    def test_the_lock_is_per_address(self, client, member):
        other = verified_member("farid@example.org", "Farid Bouchlaghmi")
        for _ in range(5):
            log_in(client, password="fout wachtwoord")

        log_in(client, login="farid@example.org")

        assert logged_in_as(client) == str(other.pk)

    def test_the_lock_follows_the_setting(self, client, member, settings):
        settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/5m/key"}
        for _ in range(2):
            log_in(client, password="fout wachtwoord")

        log_in(client)

        assert logged_in_as(client) is None


class TestPasswordReset:
    def test_reset_mail_link_sets_a_new_password(self, client, member):
        client.post(reverse("account_reset_password"), {"email": "sanne@example.org"})

        assert [message.to for message in mail.outbox] == [["sanne@example.org"]]
        link = re.search(
            r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body
        )
        # The link's key moves into the session and the page redirects to a keyless URL.
        response = client.get(link.group(1), follow=True)
        form_url = response.redirect_chain[-1][0]
        response = client.post(
            form_url,
            {"password1": "een heel nieuw wachtwoord", "password2": "een heel nieuw wachtwoord"},
        )

        assert response.status_code == 302
        member.refresh_from_db()
        assert member.check_password("een heel nieuw wachtwoord")

    def test_unknown_address_gets_the_same_page(self, client, db):
        known = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})

        assert known.status_code == 302
        assert known["Location"] == reverse("account_reset_password_done")


class TestChangeEmail:
    def test_new_address_is_used_once_verified(self, client, member):
        client.force_login(member)

        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "sanne.devries@example.org"}
        )

        assert response.status_code == 302
        assert [message.to for message in mail.outbox] == [["sanne.devries@example.org"]]
        member.refresh_from_db()
        assert member.email == "sanne@example.org"
        link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body)
        client.post(link.group(1))

        member.refresh_from_db()
        assert member.email == "sanne.devries@example.org"
        assert list(EmailAddress.objects.filter(user=member).values_list("email", "verified")) == [
            ("sanne.devries@example.org", True)
        ]

    def test_the_change_page_labels_its_input(self, client, member):
        client.force_login(member)

        html = client.get(reverse("account_email")).content.decode()

        assert '<label for="id_email">' in html
        assert re.search(
            r'<input type="email" id="id_email" name="email"[^>]*autocomplete="email"', html
        )

    def test_an_invalid_address_is_shown_beside_the_field(self, client, member):
        client.force_login(member)

        html = client.post(
            reverse("account_email"), {"action_add": "", "email": "geen-adres"}
        ).content.decode()

        assert 'id="id_email_error"' in html
        assert re.search(r'<input[^>]*id="id_email"[^>]*aria-invalid="true"', html)
