"""The daily commands: reminders (idempotent) and the purge."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from panels import services
from panels.models import PanelSession, Registration, RegistrationState, SentReminder

from .factories import PanelSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_command(name, *args):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(name, *args, stdout=open("/dev/null", "w"))  # noqa: SIM115
        return list(mail.outbox)

    return run_command


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


class TestContactReminders:
    def test_three_days_before_an_unsettled_deadline(self, run, panel):
        session = PanelSessionFactory(panel=panel, date=days(17), city="Alkmaar")
        assert session.confirmation_deadline == days(3)
        RegistrationFactory(session=session)
        sent = run("panels_send_reminders")
        assert [m.to for m in sent] == [["fbouchlaghmi@example.org"]]
        assert "Alkmaar" in sent[0].subject
        assert f"/admin/panels/sessions/{session.pk}/" in sent[0].body
        # Running again the same day, or the next, sends nothing new.
        assert run("panels_send_reminders") == []
        assert SentReminder.objects.count() == 1

    def test_not_yet_too_early(self, run, panel):
        session = PanelSessionFactory(panel=panel, date=days(18))
        RegistrationFactory(session=session)
        assert run("panels_send_reminders") == []

    def test_a_settled_group_needs_no_reminder(self, run, panel):
        session = PanelSessionFactory(panel=panel, date=days(16), capacity_min=2, capacity_max=3)
        services.confirm([RegistrationFactory(session=session) for _n in range(2)])
        services.decline([RegistrationFactory(session=session)])
        assert run("panels_send_reminders") == []

    def test_below_minimum_without_undecided_still_reminds(self, run, panel):
        session = PanelSessionFactory(panel=panel, date=days(15), capacity_min=2, capacity_max=3)
        services.confirm([RegistrationFactory(session=session)])
        sent = run("panels_send_reminders")
        assert len(sent) == 1

    def test_a_moved_deadline_earns_a_new_reminder(self, run, panel):
        session = PanelSessionFactory(panel=panel, date=days(17))
        RegistrationFactory(session=session)
        assert len(run("panels_send_reminders")) == 1
        session.confirmation_deadline = days(2)
        session.save()
        assert len(run("panels_send_reminders")) == 1


class TestParticipantReminders:
    def test_two_days_before_the_session_with_the_venue(self, run, panel):
        session = PanelSessionFactory(panel=panel, date=days(2), city="Assen")
        confirmed = RegistrationFactory(session=session)
        services.confirm([confirmed])
        RegistrationFactory(session=session)  # not confirmed: no reminder
        sent = [m for m in run("panels_send_reminders") if m.to == [confirmed.email]]
        assert len(sent) == 1
        assert "Buurthuis De Brug" in sent[0].body
        assert f"/panels/application/{confirmed.token}/" in sent[0].body
        assert [m for m in run("panels_send_reminders") if m.to == [confirmed.email]] == []

    def test_not_three_days_before(self, run, panel):
        session = PanelSessionFactory(panel=panel, date=days(3))
        services.confirm([RegistrationFactory(session=session)])
        assert [m for m in run("panels_send_reminders") if "Reminder" in m.subject] == []


class TestPurge:
    def make(self, date):
        session = PanelSessionFactory(date=date)
        return RegistrationFactory(session=session, profession="wijkagent", municipality="Venlo")

    def test_anonymises_ninety_days_after_the_session(self, run):
        old = self.make(days(-91))
        recent = self.make(days(-89))
        token = old.token
        run("panels_purge")
        old.refresh_from_db()
        recent.refresh_from_db()
        assert old.is_anonymised
        assert (old.name, old.email, old.organisation, old.motivation, old.needs) == ("",) * 5
        assert old.token != token
        assert (old.profession, old.municipality) == ("wijkagent", "Venlo")
        assert not recent.is_anonymised
        assert old.state_changes.count() == recent.state_changes.count()

    def test_days_are_configurable(self, run, settings):
        registration = self.make(days(-11))
        settings.PANELS_PURGE_AFTER_DAYS = 10
        run("panels_purge")
        registration.refresh_from_db()
        assert registration.is_anonymised

    def test_days_option_and_idempotence(self, run):
        registration = self.make(days(-5))
        run("panels_purge", "--days", "3")
        registration.refresh_from_db()
        anonymised_at = registration.anonymised_at
        run("panels_purge", "--days", "3")
        registration.refresh_from_db()
        assert registration.anonymised_at == anonymised_at

    def test_purged_confirmed_keep_the_count(self, run):
        session = PanelSessionFactory(date=days(-100))
        registration = RegistrationFactory(session=session)
        Registration.objects.filter(pk=registration.pk).update(state=RegistrationState.CONFIRMED)
        PanelSession.objects.filter(pk=session.pk).update(confirmed_count=1)
        run("panels_purge")
        assert PanelSession.objects.get(pk=session.pk).confirmed_count == 1
