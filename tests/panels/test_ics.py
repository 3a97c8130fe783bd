"""The confirmation's calendar attachment, parsed back with icalendar."""

import datetime
from zoneinfo import ZoneInfo

from django.core import mail

import pytest

from panels import services
from panels.ics import session_ics

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def parsed(data):
    from icalendar import Calendar

    return Calendar.from_ical(data)


def test_ics_is_valid_rfc5545_with_uid_dtstamp_and_amsterdam_time(session):
    registration = RegistrationFactory(session=session)
    calendar = parsed(session_ics(registration))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    assert event["UID"].endswith("@testserver")
    assert str(registration.pk) in event["UID"]
    assert event["DTSTAMP"].dt.tzinfo is not None
    start = event["DTSTART"].dt
    end = event["DTEND"].dt
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert start == datetime.datetime.combine(session.date, datetime.time(10), tzinfo=AMSTERDAM)
    assert end == datetime.datetime.combine(session.date, datetime.time(12), tzinfo=AMSTERDAM)
    assert "Buurthuis De Brug" in str(event["LOCATION"])
    assert "Kerkstraat 1" in str(event["LOCATION"])
    assert "Venlo" in str(event["SUMMARY"])
    assert "fbouchlaghmi@example.org" in str(event["ORGANIZER"])
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Amsterdam"
    # Summer and winter time are both described, whichever the session falls in.
    assert {c.name for c in timezone.subcomponents} >= {"STANDARD"}


def test_uid_is_stable_and_unique_per_registration(session):
    first, second = RegistrationFactory(session=session), RegistrationFactory(session=session)
    uid = parsed(session_ics(first)).walk("VEVENT")[0]["UID"]
    assert parsed(session_ics(first)).walk("VEVENT")[0]["UID"] == uid
    assert parsed(session_ics(second)).walk("VEVENT")[0]["UID"] != uid


def test_confirmation_mail_carries_the_parsable_ics(session, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm([registration])
    (filename, content, mimetype) = mail.outbox[-1].attachments[0]
    event = parsed(content).walk("VEVENT")[0]
    assert event["DTSTART"].dt.date() == session.date
