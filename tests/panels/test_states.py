"""State changes: each one stored with who and when, and mailed with its own text."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from panels import services
from panels.models import PanelSession, RegistrationState, RegistrationStateChange

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db
State = RegistrationState


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the mails) of whatever happens inside the block."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    mail.outbox.clear()
    return run


def last_change(registration):
    return registration.state_changes.order_by("-pk").first()


def test_confirm_mails_venue_calendar_contact_and_cancel_link(session, editor, mails):
    registration = RegistrationFactory(session=session, needs="Rolstoeltoegankelijk")
    with mails():
        outcome = services.confirm([registration], user=editor)
    registration.refresh_from_db()
    assert outcome.changed == [registration]
    assert registration.state == State.CONFIRMED
    change = last_change(registration)
    assert (change.from_state, change.to_state) == (State.APPLIED, State.CONFIRMED)
    assert change.actor == "editor" and change.user == editor
    assert change.created_at <= timezone.now()
    (message,) = mail.outbox
    assert message.subject.startswith("Confirmed")
    for text in (message.body, message.alternatives[0][0]):
        assert "Buurthuis De Brug" in text
        assert "Kerkstraat 1, 5911 AB Venlo" in text
        assert "10:00" in text and "12:00" in text
        assert "Farid Bouchlaghmi" in text
        assert f"/panels/application/{registration.token}/" in text
    assert "Rolstoeltoegankelijk" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    assert PanelSession.objects.get(pk=session.pk).confirmed_count == 1


@pytest.mark.parametrize(
    ("action", "state", "subject"),
    [
        (services.waitlist, State.WAITLISTED, "waiting list"),
        (services.decline, State.DECLINED, "Your application"),
    ],
)
def test_waitlist_and_decline_have_their_own_mail(session, editor, mails, action, state, subject):
    registration = RegistrationFactory(session=session)
    with mails():
        action([registration], user=editor)
    registration.refresh_from_db()
    assert registration.state == state
    assert last_change(registration).to_state == state
    (message,) = mail.outbox
    assert subject in message.subject
    assert "Buurthuis" not in message.body


def test_editor_cancels_a_confirmed_place(session, editor, mails):
    registration = RegistrationFactory(session=session)
    services.confirm([registration], user=editor)
    with mails():
        services.cancel([registration], user=editor)
    registration.refresh_from_db()
    assert registration.state == State.CANCELLED
    assert last_change(registration).user == editor
    cancelled = [m for m in mail.outbox if m.to == [registration.email]]
    assert "The organisers have cancelled your place" in cancelled[0].body
    assert PanelSession.objects.get(pk=session.pk).confirmed_count == 0


def test_participant_cancels_through_their_link(session, mails):
    registration = RegistrationFactory(session=session)
    services.confirm([registration])
    with mails():
        services.withdraw(registration)
    registration.refresh_from_db()
    assert registration.state == State.CANCELLED
    change = last_change(registration)
    assert change.actor == "applicant" and change.user is None
    to_applicant = [m for m in mail.outbox if m.to == [registration.email]]
    assert "You have cancelled your place" in to_applicant[0].body


def test_applicant_withdraws_before_a_decision(session, mails):
    registration = RegistrationFactory(session=session)
    with mails():
        services.withdraw(registration)
    registration.refresh_from_db()
    assert registration.state == State.WITHDRAWN
    assert "withdrawn" in mail.outbox[0].subject


def test_freed_place_tells_the_editors(session, mails, settings):
    settings.LANGUAGE_CODE = "en"  # editors' mail is in the site's language
    confirmed = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session)
    services.confirm([confirmed])
    services.waitlist([waiting])
    with mails():
        outcome = services.withdraw(confirmed)
    assert outcome.promoted == []
    waiting.refresh_from_db()
    assert waiting.state == State.WAITLISTED
    to_editors = [m for m in mail.outbox if m.to == ["fbouchlaghmi@example.org"]]
    assert len(to_editors) == 1
    assert "1 person is on the waiting list" in to_editors[0].body
    assert f"/admin/panels/sessions/{session.pk}/" in to_editors[0].body


def test_editors_without_contact_persons_are_the_deciders(session, editor, mails, settings):
    settings.LANGUAGE_CODE = "en"
    session.panel.contact_persons.clear()
    session.panel.save()
    registration = RegistrationFactory(session=session)
    services.confirm([registration])
    with mails():
        services.withdraw(registration)
    assert [m.to for m in mail.outbox if "free" in m.subject] == [[editor.email]]


def test_automatic_promotion_is_first_come_first_served(session, mails):
    session.panel.auto_promote = True
    session.panel.save()
    confirmed = [RegistrationFactory(session=session) for _n in range(3)]
    services.confirm(confirmed)
    first, second = RegistrationFactory(session=session), RegistrationFactory(session=session)
    services.waitlist([second])
    services.waitlist([first])  # the order of decisions does not matter, only of applying
    with mails():
        outcome = services.withdraw(confirmed[0])
    first.refresh_from_db()
    second.refresh_from_db()
    assert outcome.promoted == [first]
    assert first.state == State.CONFIRMED and second.state == State.WAITLISTED
    change = last_change(first)
    assert change.actor == "system" and change.from_state == State.WAITLISTED
    promoted_mail = [m for m in mail.outbox if m.to == [first.email]][0]
    assert "A place has become free and it is yours" in promoted_mail.body
    assert "Buurthuis De Brug" in promoted_mail.body
    assert PanelSession.objects.get(pk=session.pk).confirmed_count == 3


def test_editor_promotes_the_first_on_the_waiting_list(session, editor, mails):
    first, second = RegistrationFactory(session=session), RegistrationFactory(session=session)
    services.waitlist([first, second])
    with mails():
        promoted = services.promote_next(session, user=editor)
    assert promoted == [first]
    first.refresh_from_db()
    assert first.state == State.CONFIRMED
    assert last_change(first).user == editor
    assert mail.outbox[0].to == [first.email]


def test_promotion_without_free_place_is_refused(session):
    services.confirm([RegistrationFactory(session=session) for _n in range(3)])
    services.waitlist([RegistrationFactory(session=session)])
    with pytest.raises(services.CapacityExceeded):
        services.promote_next(session)


def test_confirming_beyond_capacity_changes_nothing(session, mails):
    registrations = [RegistrationFactory(session=session) for _n in range(4)]
    with mails(), pytest.raises(services.CapacityExceeded):
        services.confirm(registrations)
    assert mail.outbox == []
    assert not RegistrationStateChange.objects.filter(to_state=State.CONFIRMED).exists()
    assert PanelSession.objects.get(pk=session.pk).confirmed_count == 0


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (State.CONFIRMED, State.WAITLISTED),
        (State.DECLINED, State.CONFIRMED),
        (State.WITHDRAWN, State.CONFIRMED),
        (State.CANCELLED, State.CONFIRMED),
        (State.APPLIED, State.CANCELLED),
    ],
)
def test_transitions_outside_the_state_machine_are_refused(session, start, target):
    registration = RegistrationFactory(session=session, state=start)
    with pytest.raises(services.InvalidTransition):
        services.change_state([registration], target)
    registration.refresh_from_db()
    assert registration.state == start


def test_withdrawing_after_the_session_is_refused(session):
    registration = RegistrationFactory(session=session)
    services.confirm([registration])
    PanelSession.objects.filter(pk=session.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=1)
    )
    registration.refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.withdraw(registration)


def test_applying_to_a_closed_session_is_refused(session, application_data):
    session.application_deadline = timezone.localdate() - datetime.timedelta(days=1)
    session.save()
    with pytest.raises(services.ApplicationsClosed):
        services.apply(session, {**application_data, "second_choice": None})


def test_mail_waits_for_the_commit(session, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    registration = RegistrationFactory(session=session)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.confirm([registration])
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_mail_failure_does_not_undo_the_change(
    session, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.panels.test_states.BrokenBackend"
    registration = RegistrationFactory(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm([registration])
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED
    assert "Could not send panels e-mail" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")
