"""The Wagtail admin: who sees registrations, the selection page, export, the panel form."""

import datetime
import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from panels import services
from panels.models import PanelSession, Registration, RegistrationState

from .factories import PanelSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
State = RegistrationState


def admin_urls(session):
    registration = RegistrationFactory(session=session)
    return [
        reverse("panels_sessions:index"),
        reverse("panels_sessions:selection", args=[session.pk]),
        reverse("panels_registrations:index"),
        reverse("panels_registrations:inspect", args=[registration.pk]),
        reverse("panels_registrations:edit", args=[registration.pk]),
        reverse("panels_registrations:index") + "?export=xlsx",
    ]


class TestPermissionMatrix:
    def test_anonymous_is_sent_to_the_login(self, client, session):
        for url in admin_urls(session):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("wagtailadmin_login")), url

    def test_member_without_admin_access_is_sent_to_the_login(self, client, session, member):
        client.force_login(member)
        for url in admin_urls(session):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("wagtailadmin_login")), url

    def test_editor_without_the_panels_permission_gets_403(self, client, session, plain_editor):
        client.force_login(plain_editor)
        for url in admin_urls(session):
            assert client.get(url).status_code == 403, url
        selection = reverse("panels_sessions:selection", args=[session.pk])
        registration = Registration.objects.first()
        response = client.post(selection, {"action": "confirm", "registrations": [registration.pk]})
        assert response.status_code == 403
        registration.refresh_from_db()
        assert registration.state == State.APPLIED

    def test_editor_with_the_panels_permission_gets_200(self, client, session, editor):
        client.force_login(editor)
        for url in admin_urls(session):
            assert client.get(url).status_code == 200, url

    def test_menu_shows_registrations_only_with_the_permission(self, client, plain_editor, editor):
        client.force_login(plain_editor)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("panels_registrations:index") not in html
        assert reverse("panels_sessions:index") not in html
        client.force_login(editor)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("panels_registrations:index") in html
        assert reverse("panels_sessions:index") in html

    def test_nobody_adds_or_deletes_registrations_in_the_admin(self, admin_client, session):
        registration = RegistrationFactory(session=session)
        assert admin_client.get(reverse("panels_registrations:add")).status_code == 403
        delete = reverse("panels_registrations:delete", args=[registration.pk])
        assert admin_client.post(delete).status_code == 403
        assert Registration.objects.filter(pk=registration.pk).exists()


class TestSelection:
    def url(self, session):
        return reverse("panels_sessions:selection", args=[session.pk])

    def test_lists_applicants_with_profession_region_organisation_motivation(
        self, client, editor, session, django_assert_max_num_queries
    ):
        for n in range(12):
            RegistrationFactory(
                session=session,
                organisation=f"Organisatie {n}",
                second_choice=PanelSessionFactory(panel=session.panel),
            )
        target = RegistrationFactory(
            session=session,
            profession="wijkagent",
            municipality="Venlo",
            organisation="Politie Limburg",
            motivation="Spanningen rond de opvang in mijn wijk.",
        )
        client.force_login(editor)
        with django_assert_max_num_queries(30):
            response = client.get(self.url(session))
        html = response.content.decode()
        assert response.status_code == 200
        for text in [target.name, "Politie Limburg", "Venlo", "Spanningen rond de opvang"]:
            assert text in html
        assert "Community police officer" in html  # the editor's admin is in English
        # Editors see the venue; the public never does.
        assert "Buurthuis De Brug" in html

    def test_bulk_confirm_waitlist_decline(
        self, client, editor, session, django_capture_on_commit_callbacks
    ):
        a, b, c = (RegistrationFactory(session=session) for _n in range(3))
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.url(session), {"action": "confirm", "registrations": [a.pk, b.pk]})
            client.post(self.url(session), {"action": "waitlist", "registrations": [c.pk]})
        for registration in (a, b, c):
            registration.refresh_from_db()
        assert (a.state, b.state, c.state) == (State.CONFIRMED, State.CONFIRMED, State.WAITLISTED)
        assert len(mail.outbox) == 3
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.url(session), {"action": "decline", "registrations": [c.pk]})
        c.refresh_from_db()
        assert c.state == State.DECLINED
        assert a.state_changes.last().user == editor

    def test_confirming_more_than_fit_is_refused_with_a_message(self, client, editor, session):
        registrations = [RegistrationFactory(session=session) for _n in range(4)]
        client.force_login(editor)
        response = client.post(
            self.url(session),
            {"action": "confirm", "registrations": [r.pk for r in registrations]},
            follow=True,
        )
        assert "3 free place(s); 4 were selected" in response.content.decode()
        assert not Registration.objects.filter(state=State.CONFIRMED).exists()

    def test_registrations_of_another_session_are_ignored(self, client, editor, session):
        stranger = RegistrationFactory()
        client.force_login(editor)
        client.post(self.url(session), {"action": "confirm", "registrations": [stranger.pk]})
        stranger.refresh_from_db()
        assert stranger.state == State.APPLIED

    def test_promote_button(self, client, editor, session):
        waiting = RegistrationFactory(session=session)
        services.waitlist([waiting])
        client.force_login(editor)
        html = client.get(self.url(session)).content.decode()
        assert 'value="promote"' in html
        client.post(self.url(session), {"action": "promote"})
        waiting.refresh_from_db()
        assert waiting.state == State.CONFIRMED

    def test_suggestion_is_shown_explained_and_preselected(self, client, editor, session):
        same = [
            RegistrationFactory(
                session=session,
                profession="jongerenwerker",
                municipality="Venlo",
                organisation="Jongerenwerk Venlo",
            )
            for _n in range(3)
        ]
        police = RegistrationFactory(
            session=session, profession="wijkagent", municipality="Roermond", organisation="Politie"
        )
        client.force_login(editor)
        response = client.get(self.url(session) + "?suggest=1")
        html = response.content.decode()
        assert response.context["suggested_ids"] == {same[0].pk, police.pk, same[1].pk}
        assert "new profession: Community police officer" in html
        assert f'value="{police.pk}" id="registration-{police.pk}" checked' in html
        assert f'value="{same[2].pk}" id="registration-{same[2].pk}">' in html

    def test_make_up_warns_when_one_kind_dominates(self, client, editor, session):
        session.capacity_max = 8
        session.save()
        group = [
            RegistrationFactory(
                session=session,
                profession="wijkagent",
                organisation=f"Org {n}",
                municipality=f"Plaats {n}",
            )
            for n in range(3)
        ]
        group.append(RegistrationFactory(session=session, profession="buurtwerker"))
        services.confirm(group)
        client.force_login(editor)
        response = client.get(self.url(session))
        composition = response.context["composition"]
        assert ("Community police officer", 3) in composition.counts["profession"]
        assert len(composition.warnings) == 1
        assert "3 of 4 are from one profession" in response.content.decode()

    def test_deadline_warning_as_it_nears(self, client, editor, session):
        session.confirmation_deadline = timezone.localdate() + datetime.timedelta(days=3)
        session.save()
        RegistrationFactory(session=session)
        client.force_login(editor)
        response = client.get(self.url(session))
        assert response.context["deadline"] == "near"
        assert "is near and the group is not settled" in response.content.decode()
        overview = client.get(reverse("panels_sessions:index"))
        assert "soon" in overview.content.decode()

    def test_sessions_overview_counts(self, client, editor, session, django_assert_max_num_queries):
        for _n in range(5):
            RegistrationFactory(session=PanelSessionFactory(panel=session.panel))
        RegistrationFactory(session=session)
        client.force_login(editor)
        with django_assert_max_num_queries(20):
            response = client.get(reverse("panels_sessions:index"))
        assert response.status_code == 200
        assert len(response.context["rows"]) == 6


class TestExport:
    def test_xlsx_export_has_the_registrations(self, client, editor, session):
        from openpyxl import load_workbook

        registration = RegistrationFactory(session=session, organisation="Politie Limburg")
        RegistrationFactory()  # another session, filtered out
        client.force_login(editor)
        url = reverse("panels_registrations:index") + f"?session={session.pk}&export=xlsx"
        response = client.get(url)
        assert response.status_code == 200
        assert "spreadsheetml" in response["Content-Type"]
        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(io.BytesIO(content)).active
        rows = list(sheet.values)
        assert len(rows) == 2
        assert registration.email in rows[1]
        assert "Politie Limburg" in rows[1]


class TestPanelForm:
    def edit_url(self, panel):
        return reverse("wagtailsnippets_panels_panel:edit", args=[panel.pk])

    def form_data(self, client, panel, **changes):
        from wagtail.test.utils.form_data import querydict_from_html

        html = client.get(self.edit_url(panel)).content.decode()
        data = querydict_from_html(html, form_id="w-editor-form")
        for key, value in changes.items():
            data[key] = value
        return data

    def test_panel_is_a_snippet_with_inline_sessions(self, admin_client, session):
        response = admin_client.get(self.edit_url(session.panel))
        assert response.status_code == 200
        assert "sessions-0-city" in response.content.decode()

    def test_saving_the_panel_never_overwrites_the_confirmed_count(self, admin_client, session):
        data = self.form_data(admin_client, session.panel)
        services.confirm([RegistrationFactory(session=session)])  # while the form is open
        data["title"] = "Nieuwe titel"
        response = admin_client.post(self.edit_url(session.panel), data)
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.panel.title == "Nieuwe titel"
        assert session.confirmed_count == 1

    def test_deleting_a_session_with_applications_is_refused(
        self, admin_client, english_admin, session
    ):
        RegistrationFactory(session=session)
        data = self.form_data(admin_client, session.panel, **{"sessions-0-DELETE": "1"})
        response = admin_client.post(self.edit_url(session.panel), data)
        assert response.status_code == 200
        assert "has applications and cannot be deleted" in response.content.decode()
        assert PanelSession.objects.filter(pk=session.pk).exists()

    def test_lowering_the_maximum_below_the_confirmed_is_refused(
        self, admin_client, english_admin, session
    ):
        services.confirm([RegistrationFactory(session=session) for _n in range(3)])
        data = self.form_data(
            admin_client,
            session.panel,
            **{"sessions-0-capacity_max": "2", "sessions-0-capacity_min": "1"},
        )
        response = admin_client.post(self.edit_url(session.panel), data)
        assert response.status_code == 200
        assert "already confirmed" in response.content.decode()
        session.refresh_from_db()
        assert session.capacity_max == 3

    def test_deadline_after_the_session_is_refused(self, admin_client, session):
        late = session.date + datetime.timedelta(days=1)
        data = self.form_data(
            admin_client, session.panel, **{"sessions-0-confirmation_deadline": late.isoformat()}
        )
        response = admin_client.post(self.edit_url(session.panel), data)
        assert response.status_code == 200
        session.refresh_from_db()
        assert session.confirmation_deadline < session.date


class TestRegistrationEdit:
    def test_editor_corrects_an_organisation_without_touching_state(self, client, editor, session):
        from wagtail.test.utils.form_data import querydict_from_html

        registration = RegistrationFactory(session=session, organisation="NJI")
        services.confirm([registration])
        client.force_login(editor)
        url = reverse("panels_registrations:edit", args=[registration.pk])
        html = client.get(url).content.decode()
        assert 'name="state"' not in html
        assert 'name="email"' not in html
        data = querydict_from_html(html, form_id="w-editor-form")
        data["organisation"] = "Nederlands Jeugdinstituut"
        response = client.post(url, data)
        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.organisation == "Nederlands Jeugdinstituut"
        assert registration.state == State.CONFIRMED
