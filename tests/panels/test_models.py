"""Session defaults and states, registration normalisation, privacy of revisions."""

import datetime
import json

from django.db import IntegrityError
from django.utils import timezone

import pytest

from panels.models import Panel, PanelSession, Registration, SessionState

from .factories import PanelSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def at(session, day_offset, hour):
    """An aware moment relative to the session's date, in Amsterdam time."""
    day = session.date + datetime.timedelta(days=day_offset)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=session.time_zone)


def test_deadlines_default_to_two_weeks_before():
    session = PanelSessionFactory(date=datetime.date(2030, 9, 28))
    assert session.confirmation_deadline == datetime.date(2030, 9, 14)
    assert session.application_deadline == datetime.date(2030, 9, 14)


def test_deadlines_can_be_set_per_session():
    session = PanelSessionFactory(
        date=datetime.date(2030, 9, 28),
        confirmation_deadline=datetime.date(2030, 9, 10),
        application_deadline=datetime.date(2030, 9, 1),
    )
    assert session.effective_confirmation_deadline == datetime.date(2030, 9, 10)
    assert session.effective_application_deadline == datetime.date(2030, 9, 1)


def test_state_through_the_life_of_a_session():
    session = PanelSessionFactory(date=datetime.date(2030, 9, 28), capacity_max=2, capacity_min=1)
    assert session.state(at(session, -30, 9)) == SessionState.OPEN
    # Applications close at the end of the application deadline's day.
    assert session.state(at(session, -14, 23)) == SessionState.OPEN
    assert session.state(at(session, -13, 0)) == SessionState.CLOSED
    assert session.state(at(session, 0, 11)) == SessionState.CLOSED
    assert session.state(at(session, 0, 12)) == SessionState.HELD
    session.confirmed_count = 2
    assert session.state(at(session, -30, 9)) == SessionState.WAITLIST


def test_label_follows_the_seed():
    session = PanelSessionFactory(
        date=datetime.date(2022, 9, 28),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        city="Venlo",
    )
    # In Dutch, the site's language, exactly as the seed lists the session.
    assert session.label == "Woensdag 28 september (10:00 – 12:00 uur) in Venlo"


def test_database_refuses_an_overbooked_counter(session):
    with pytest.raises(IntegrityError):
        PanelSession.objects.filter(pk=session.pk).update(confirmed_count=session.capacity_max + 1)


def test_database_refuses_two_rows_for_one_email(session):
    RegistrationFactory(session=session, email="a@example.org")
    with pytest.raises(IntegrityError):
        RegistrationFactory(session=session, email=" A@Example.org")


def test_anonymised_rows_do_not_block_a_new_application(session):
    old = RegistrationFactory(session=session, email="a@example.org")
    Registration.objects.filter(pk=old.pk).update(anonymised_at=timezone.now())
    RegistrationFactory(session=session, email="a@example.org")
    assert Registration.objects.count() == 2


def test_str_leaves_out_the_name(session):
    registration = RegistrationFactory(session=session, name="Sanne de Vries")
    assert "Sanne" not in str(registration)
    assert "Venlo" in str(registration)


def test_registrations_are_not_part_of_any_revision(session):
    from modelcluster.models import ClusterableModel, get_all_child_relations
    from wagtail.models import RevisionMixin

    registration = RegistrationFactory(session=session, email="geheim@example.org")
    # Plain rows with a foreign key, not cluster children: saving, copying or
    # revisioning a panel (or a page that shows it) never carries personal data along.
    assert not issubclass(Panel, RevisionMixin)
    assert not issubclass(Registration, ClusterableModel)
    assert Registration not in [r.related_model for r in get_all_child_relations(PanelSession)]
    serialised = json.dumps(session.panel.serializable_data(), default=str)
    assert registration.email not in serialised
    assert registration.name not in serialised


def test_profession_key_uses_the_free_text_for_other(session):
    registration = RegistrationFactory(
        session=session, profession="other", profession_other="Leerplicht  Ambtenaar"
    )
    assert registration.profession_key == "other:leerplicht ambtenaar"
    assert registration.profession_display.endswith("Leerplicht  Ambtenaar")
