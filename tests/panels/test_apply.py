"""The public side: session list, application form, receipt, personal page."""

import datetime

from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

import pytest

from panels import services
from panels.models import Registration, RegistrationState, RegistrationStateChange
from tests.community.factories import ProfileFactory

from .factories import PanelSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def apply_url(session):
    return reverse("panels:apply", args=[session.pk])


def post_application(client, session, data, capture):
    with capture(execute=True):
        return client.post(apply_url(session), data)


class TestSessionList:
    def test_panel_page_lists_sessions_with_state_and_apply_link(self, en_client, session):
        full = PanelSessionFactory(
            panel=session.panel, city="Alkmaar", capacity_min=1, capacity_max=1
        )
        full.confirmed_count = 1
        type(full).objects.filter(pk=full.pk).update(confirmed_count=1)
        closed = PanelSessionFactory(
            panel=session.panel,
            city="Gorinchem",
            application_deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
        held = PanelSessionFactory(
            panel=session.panel,
            city="Assen",
            date=timezone.localdate() - datetime.timedelta(days=3),
        )
        response = en_client.get(session.panel.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        for city, state in [
            ("Venlo", "(open)"),
            ("Alkmaar", "(waiting list only)"),
            ("Gorinchem", "(closed)"),
            ("Assen", "(held)"),
        ]:
            assert city in html
            assert state in html
        assert apply_url(session) in html
        assert apply_url(full) in html
        assert apply_url(closed) not in html
        assert apply_url(held) not in html

    def test_venue_never_on_a_public_page(
        self, client, session, application_data, django_capture_on_commit_callbacks
    ):
        pages = [session.panel.get_absolute_url(), apply_url(session)]
        response = post_application(
            client, session, application_data, django_capture_on_commit_callbacks
        )
        pages.append(response["Location"])
        registration = Registration.objects.get()
        services.confirm([registration])
        pages.append(reverse("panels:application", args=[registration.token]))
        for url in pages:
            html = client.get(url).content.decode()
            assert "Buurthuis De Brug" not in html
            assert "Kerkstraat" not in html

    def test_closed_session_has_no_form(self, en_client, session):
        session.application_deadline = timezone.localdate() - datetime.timedelta(days=1)
        session.save()
        response = en_client.get(apply_url(session))
        assert response.status_code == 200
        assert "no longer takes applications" in response.content.decode()
        assert "<form" not in response.content.decode().split("<main", 1)[1]


class TestApplicationForm:
    def test_form_shows_every_field_with_a_label(self, en_client, session):
        response = en_client.get(apply_url(session))
        html = response.content.decode()
        assert response.status_code == 200
        for field in [
            "name",
            "email",
            "organisation",
            "profession_other",
            "municipality",
            "years_experience",
            "motivation",
            "needs",
            "second_choice",
            "consent",
        ]:
            assert f'for="id_{field}"' in html
        for value in ["jongerenwerker", "wijkagent", "buurtwerker", "netwerkregisseur", "other"]:
            assert f'value="{value}"' in html
        # The honeypot is hidden from people, not from bots.
        assert 'name="fax_number"' in html

    def test_consent_links_to_the_privacy_statement(self, en_client, session, site_root):
        from wagtail.models import Site

        from community.models import CommunitySettings

        privacy = site_root.add_child(instance=type(site_root)(title="Privacy", slug="privacy"))
        settings = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
        settings.privacy_page = privacy
        settings.save()
        html = en_client.get(apply_url(session)).content.decode()
        assert 'href="/privacy/"' in html
        assert "privacy statement" in html

    def test_prefilled_for_a_member(self, client, session, member):
        ProfileFactory(
            user=member,
            display_name="Lotte Lid",
            organisation="NJI",
            profession="wijkagent",
            municipality="Utrecht",
        )
        client.force_login(member)
        form = client.get(apply_url(session)).context["form"]
        assert form["name"].value() == "Lotte Lid"
        assert form["email"].value() == member.email
        assert form["organisation"].value() == "NJI"
        assert form["profession"].value() == "wijkagent"
        assert form["municipality"].value() == "Utrecht"

    def test_valid_application_stores_row_and_mails_receipt(
        self, en_client, session, application_data, django_capture_on_commit_callbacks
    ):
        response = post_application(
            en_client, session, application_data, django_capture_on_commit_callbacks
        )
        registration = Registration.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("panels:receipt", args=[registration.token])
        assert registration.state == RegistrationState.APPLIED
        assert registration.email_normalised == "sanne@example.org"
        assert registration.years_experience == 7
        assert registration.consent_given_at is not None
        assert len(registration.token) >= 40
        change = RegistrationStateChange.objects.get()
        assert (change.from_state, change.to_state, change.actor) == ("", "applied", "applicant")
        assert len(mail.outbox) == 1
        receipt = mail.outbox[0]
        assert receipt.to == ["Sanne@Example.org"]
        assert "received your application" in receipt.subject
        assert f"/panels/application/{registration.token}/" in receipt.body
        assert receipt.alternatives[0][1] == "text/html"
        page = en_client.get(response["Location"])
        assert "Application received" in page.content.decode()
        assert page["Referrer-Policy"] == "no-referrer"

    def test_application_made_by_a_member_is_linked(
        self, client, session, member, application_data, django_capture_on_commit_callbacks
    ):
        client.force_login(member)
        post_application(client, session, application_data, django_capture_on_commit_callbacks)
        assert Registration.objects.get().user == member

    def test_invalid_fields_get_messages_and_keep_what_was_typed(
        self, en_client, session, application_data
    ):
        data = {
            **application_data,
            "email": "not-an-address",
            "profession": "other",
            "motivation": "",
            "consent": "",
        }
        response = en_client.post(apply_url(session), data)
        html = response.content.decode()
        assert response.status_code == 400
        assert Registration.objects.count() == 0
        assert 'id="id_email_error"' in html
        assert "Enter an e-mail address like name@example.org." in html
        assert 'id="id_profession_other_error"' in html
        assert 'id="id_motivation_error"' in html
        assert 'id="id_consent_error"' in html
        assert 'aria-invalid="true"' in html
        assert 'value="Sanne de Vries"' in html
        assert 'value="not-an-address"' in html
        assert 'value="Jongerenwerk Venlo"' in html
        assert 'value="other" id="id_profession_4" checked' in html or (
            'value="other"' in html and "checked" in html
        )
        assert "Please correct the following" in html

    def test_other_profession_takes_the_free_text(
        self, client, session, application_data, django_capture_on_commit_callbacks
    ):
        data = {
            **application_data,
            "profession": "other",
            "profession_other": " Leerplicht  ambtenaar ",
        }
        post_application(client, session, data, django_capture_on_commit_callbacks)
        registration = Registration.objects.get()
        assert registration.profession_other == "Leerplicht ambtenaar"

    def test_second_choice_must_be_another_session_of_the_panel(
        self, client, session, application_data
    ):
        stranger = PanelSessionFactory()
        data = {**application_data, "second_choice": str(stranger.pk)}
        response = client.post(apply_url(session), data)
        assert response.status_code == 400
        assert "second_choice" in response.context["form"].errors

    def test_second_choice_is_stored(
        self, client, session, application_data, django_capture_on_commit_callbacks
    ):
        other = PanelSessionFactory(panel=session.panel, city="Assen")
        data = {**application_data, "second_choice": str(other.pk)}
        post_application(client, session, data, django_capture_on_commit_callbacks)
        assert Registration.objects.get().second_choice == other


class TestDuplicatesAndBots:
    def test_same_email_twice_gets_a_clear_message_not_a_second_row(
        self, en_client, session, application_data, django_capture_on_commit_callbacks
    ):
        post_application(en_client, session, application_data, django_capture_on_commit_callbacks)
        again = {**application_data, "email": "  sanne@EXAMPLE.org "}
        response = post_application(en_client, session, again, django_capture_on_commit_callbacks)
        assert response.status_code == 400
        assert Registration.objects.count() == 1
        assert "already applied for this session" in response.content.decode()
        assert 'id="id_email_error"' in response.content.decode()

    def test_same_email_for_another_session_is_fine(
        self, client, session, application_data, django_capture_on_commit_callbacks
    ):
        other = PanelSessionFactory(panel=session.panel, city="Alkmaar")
        post_application(client, session, application_data, django_capture_on_commit_callbacks)
        post_application(client, other, application_data, django_capture_on_commit_callbacks)
        assert Registration.objects.count() == 2

    def test_duplicate_that_slips_past_the_form_is_caught_by_the_constraint(
        self, session, application_data
    ):
        # Two requests that both passed the form's check: the second insert hits the
        # unique constraint and becomes DuplicateApplication, not an IntegrityError.
        data = {**application_data, "years_experience": None, "second_choice": None}
        services.apply(session, data)
        with pytest.raises(services.DuplicateApplication):
            services.apply(session, {**data, "email": "SANNE@example.org"})
        assert Registration.objects.count() == 1

    def test_honeypot_rejects_without_storing(self, en_client, session, application_data):
        response = en_client.post(apply_url(session), {**application_data, "fax_number": "spam"})
        assert response.status_code == 400
        assert Registration.objects.count() == 0
        assert "could not be processed" in response.content.decode()

    def test_rate_limit_keeps_the_form_and_refuses(
        self, en_client, session, application_data, settings
    ):
        settings.PANELS_APPLY_RATE_LIMIT = 2
        for n in range(2):
            en_client.post(
                apply_url(session),
                {**application_data, "email": f"x{n}@example.org", "motivation": ""},
            )
        response = en_client.post(apply_url(session), application_data)
        assert response.status_code == 429
        assert Registration.objects.count() == 0
        html = response.content.decode()
        assert "Too many applications" in html
        assert 'value="Sanne de Vries"' in html

    def test_rate_limit_is_per_client_address(
        self, client, session, application_data, settings, django_capture_on_commit_callbacks
    ):
        settings.PANELS_APPLY_RATE_LIMIT = 1
        client.post(
            apply_url(session), {**application_data, "motivation": ""}, REMOTE_ADDR="10.0.0.1"
        )
        response = post_application(
            client, session, application_data, lambda **kw: django_capture_on_commit_callbacks(**kw)
        )
        # The default client address (127.0.0.1) has its own budget.
        assert response.status_code == 302

    def test_behind_a_proxy_the_forwarded_address_counts(
        self, en_client, session, application_data, settings
    ):
        settings.PANELS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
        settings.PANELS_APPLY_RATE_LIMIT = 1
        invalid = {**application_data, "motivation": ""}
        # Everybody comes through the same proxy (REMOTE_ADDR); the rightmost forwarded
        # address is the one the proxy saw, and the client cannot forge it.
        en_client.post(
            apply_url(session),
            invalid,
            HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7",
            REMOTE_ADDR="10.0.0.1",
        )
        other = en_client.post(
            apply_url(session), invalid, HTTP_X_FORWARDED_FOR="10.0.0.8", REMOTE_ADDR="10.0.0.1"
        )
        assert other.status_code == 400
        forged = en_client.post(
            apply_url(session),
            invalid,
            HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.7",
            REMOTE_ADDR="10.0.0.1",
        )
        assert forged.status_code == 429

    def test_the_window_slides(self, settings):
        settings.PANELS_APPLY_RATE_LIMIT = 2
        settings.PANELS_APPLY_RATE_WINDOW = 60
        limit = services.apply_rate_limit()
        assert limit.hit("10.0.0.1", now=1000)
        assert limit.hit("10.0.0.1", now=1030)
        # Two attempts within the last 60 seconds, wherever a clock window would start.
        assert not limit.hit("10.0.0.1", now=1059)
        # The first attempt has left the window: one slot is free again, not two.
        assert limit.hit("10.0.0.1", now=1061)
        assert not limit.hit("10.0.0.1", now=1062)

    def test_a_limit_of_zero_switches_it_off(self, en_client, session, application_data, settings):
        settings.PANELS_APPLY_RATE_LIMIT = 0
        for _n in range(3):
            response = en_client.post(apply_url(session), {**application_data, "motivation": ""})
            assert response.status_code == 400


class TestWaitingListAndPersonalPage:
    def test_full_session_puts_new_applicants_on_the_waiting_list(
        self, en_client, session, application_data, django_capture_on_commit_callbacks
    ):
        for n in range(3):
            services.confirm([RegistrationFactory(session=session, email=f"c{n}@example.org")])
        mail.outbox.clear()
        response = post_application(
            en_client, session, application_data, django_capture_on_commit_callbacks
        )
        registration = Registration.objects.get(email="Sanne@Example.org")
        assert registration.state == RegistrationState.WAITLISTED
        assert "waiting list" in en_client.get(response["Location"]).content.decode()
        assert "waiting list" in mail.outbox[-1].body

    def test_personal_page_shows_state_and_withdraws(
        self, en_client, session, django_capture_on_commit_callbacks
    ):
        registration = RegistrationFactory(session=session)
        url = reverse("panels:application", args=[registration.token])
        response = en_client.get(url)
        assert "Applied" in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        with django_capture_on_commit_callbacks(execute=True):
            en_client.post(reverse("panels:withdraw", args=[registration.token]))
        registration.refresh_from_db()
        assert registration.state == RegistrationState.WITHDRAWN
        assert "withdrawn" in mail.outbox[-1].subject
        assert "Erase my data" in en_client.get(url).content.decode()

    def test_withdrawn_applicant_erases_their_data(self, client, session):
        registration = RegistrationFactory(session=session, state=RegistrationState.WITHDRAWN)
        token = registration.token
        assert client.get(reverse("panels:erase", args=[token])).status_code == 200
        response = client.post(reverse("panels:erase", args=[token]))
        assert response["Location"] == reverse("panels:erased")
        registration.refresh_from_db()
        assert registration.is_anonymised
        assert registration.name == registration.email == registration.motivation == ""
        assert client.get(reverse("panels:application", args=[token])).status_code == 404

    def test_erasing_needs_withdrawal_first(self, client, session):
        registration = RegistrationFactory(session=session)
        client.post(reverse("panels:erase", args=[registration.token]))
        registration.refresh_from_db()
        assert not registration.is_anonymised

    def test_unknown_token_is_404(self, client, db):
        assert client.get(reverse("panels:application", args=["nope"])).status_code == 404

    def test_a_get_never_withdraws(self, client, session):
        # Mail scanners follow links; only a POST changes anything.
        registration = RegistrationFactory(session=session)
        response = client.get(reverse("panels:withdraw", args=[registration.token]))
        assert response.status_code == 405
        registration.refresh_from_db()
        assert registration.state == RegistrationState.APPLIED
