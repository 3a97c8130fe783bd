"""iCalendar (RFC 5545) attachments for confirmed participants, made with `icalendar`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, vCalAddress, vText

from .conf import base_url

PRODID = "-//Kennisdeling jeugdprofessionals//panels//NL"


def uid_domain():
    """The domain in UIDs, so they are globally unique per site (RFC 5545 3.8.4.7)."""
    return urlsplit(base_url()).hostname or "panels.invalid"


def session_calendar(registration):
    """A VCALENDAR with one VEVENT for the registration's session, in its own time zone.

    The UID is stable per registration, so a later update or cancellation replaces the
    same entry in the participant's calendar.
    """
    session = registration.session
    panel = session.panel

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", f"panels-registration-{registration.pk}@{uid_domain()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"{panel.title} – {session.city}")
    location = ", ".join(
        part for part in (session.venue_name, " ".join(session.venue_address.split())) if part
    )
    if location:
        event.add("location", location)
    description = [panel.title, session.label]
    contacts = list(panel.contact_persons.all())
    if contacts:
        description.append(
            _("Questions? Contact %(names)s.")
            % {"names": ", ".join(f"{person.name} ({person.email})" for person in contacts)}
        )
        organizer = vCalAddress(f"mailto:{contacts[0].email}")
        organizer.params["cn"] = vText(contacts[0].name)
        event.add("organizer", organizer)
    event.add("description", "\n".join(str(line) for line in description))
    event.add("status", "CONFIRMED")
    calendar.add_component(event)

    # Adds the VTIMEZONE that DTSTART/DTEND refer to (Europe/Amsterdam by default),
    # limited to the years around the session to keep the file small.
    calendar.add_missing_timezones(
        first_date=session.date.replace(month=1, day=1),
        last_date=session.date.replace(month=12, day=31),
    )
    return calendar


def session_ics(registration):
    """The calendar as bytes, ready to attach as text/calendar, in the applicant's language."""
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        return session_calendar(registration).to_ical()
