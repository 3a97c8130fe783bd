"""The panels app's business rules: applying, deciding, cancelling, reminding, forgetting.

Capacity follows pretix's rule: lock, check and write in one transaction. Every change
that can confirm somebody first locks the session row (SELECT … FOR UPDATE on
PostgreSQL; on SQLite the IMMEDIATE transaction mode serialises writers), counts the
confirmed participants, and only then writes. The session's `confirmed_count`, changed
with F() in the same transaction and bounded by a check constraint, is the database's
backstop. Mail goes out after the commit, never from inside the transaction; the applicants'
e-mails are queued then on django-tasks (see mail.py).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from community.ratelimit import RateLimit

from .conf import get_setting
from .mail import mail_applicant, mail_editors, selection_url
from .models import (
    PanelSession,
    Registration,
    RegistrationState,
    RegistrationStateChange,
    SentReminder,
    SessionState,
    new_token,
    normalise_email,
)

State = RegistrationState
Actor = RegistrationStateChange.Actor


class PanelsError(Exception):
    """A business rule refused the request; ``message`` is fit to show to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class DuplicateApplication(PanelsError):
    pass


class ApplicationsClosed(PanelsError):
    pass


class CapacityExceeded(PanelsError):
    pass


class InvalidTransition(PanelsError):
    pass


class NotAllowed(PanelsError):
    pass


# --- Applying -----------------------------------------------------------------------


def apply_rate_limit():
    """The limit on application attempts (POSTs) per client address, in a sliding window.

    Settings are read on each call, so tests and projects can change them; a limit of 0
    switches it off.
    """
    return RateLimit(
        "panels:apply",
        limit=get_setting("PANELS_APPLY_RATE_LIMIT"),
        window=get_setting("PANELS_APPLY_RATE_WINDOW"),
    )


def duplicate_message():
    return _(
        "You have already applied for this session with this e-mail address. The receipt "
        "e-mail we sent you has a personal link where you can see your application."
    )


def has_applied(session, email):
    """Whether this e-mail address already has a (not anonymised) application for the session."""
    return Registration.objects.filter(
        session=session, email_normalised=normalise_email(email), anonymised_at__isnull=True
    ).exists()


def apply(session, data, *, user=None):
    """Store an application and queue the receipt e-mail.

    A session whose group is full takes the applicant onto its waiting list; a session
    that is closed or held refuses. The unique constraint on (session, normalised e-mail)
    turns a second application, even a simultaneous one, into DuplicateApplication;
    that constraint is the only duplicate check, so there is no window between a check
    and the insert. ``session`` is used as the caller loaded it, just before.
    """
    session_state = session.state()
    if session_state not in (SessionState.OPEN, SessionState.WAITLIST):
        raise ApplicationsClosed(_("Applications for this session are closed."))
    initial = State.WAITLISTED if session_state == SessionState.WAITLIST else State.APPLIED
    values = {name: data.get(name) for name in Registration.APPLICATION_FIELDS}
    values["profession_other"] = values["profession_other"] or ""
    values["needs"] = values["needs"] or ""
    try:
        with transaction.atomic():
            registration = Registration(
                session=session,
                state=initial,
                user=user if user is not None and user.is_authenticated else None,
                consent_given_at=timezone.now(),
                language=translation.get_language() or "",
                **values,
            )
            registration.save(force_insert=True)
            RegistrationStateChange.objects.create(
                registration=registration,
                from_state="",
                to_state=initial,
                actor=Actor.APPLICANT,
                user=registration.user,
            )
            mail_applicant(registration, "receipt")
    except IntegrityError:
        if has_applied(session, values["email"]):
            raise DuplicateApplication(duplicate_message()) from None
        raise
    return registration


# --- Deciding -----------------------------------------------------------------------


@dataclass
class Outcome:
    """What a state change did: who changed, and who was promoted to a freed place."""

    changed: list = field(default_factory=list)
    promoted: list = field(default_factory=list)
    freed_sessions: list = field(default_factory=list)


def _lock_sessions(session_ids):
    # Always lock in primary-key order so two bulk actions cannot deadlock.
    return {
        session.pk: session
        # of=("self",): lock the session row only, not the panel joined in.
        for session in PanelSession.objects.select_for_update(of=("self",))
        .select_related("panel")
        .filter(pk__in=set(session_ids))
        .order_by("pk")
    }


def _confirmed_count(session):
    return session.registrations.filter(state=State.CONFIRMED).count()


def _record(registration, to_state, *, actor, user=None, note=""):
    from_state = registration.state
    registration.state = to_state
    registration.save(update_fields=["state", "updated_at"])
    RegistrationStateChange.objects.create(
        registration=registration,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        user=user if user is not None and user.is_authenticated else None,
        note=note,
    )
    return from_state


def _mail_state(registration, from_state, *, actor, promoted=False):
    """Queue the applicant's e-mail for the state they have just been moved to."""
    to_state = registration.state
    if to_state == State.CONFIRMED:
        # The task attaches the calendar entry.
        mail_applicant(
            registration, "confirmed", promoted=promoted or from_state == State.WAITLISTED
        )
    elif to_state == State.CANCELLED:
        mail_applicant(registration, "cancelled", by_applicant=actor == Actor.APPLICANT)
    else:
        mail_applicant(registration, to_state)


def change_state(registrations, to_state, *, user=None, actor=Actor.EDITOR, note=""):
    """Move registrations to ``to_state`` all together, or refuse all of them.

    Confirmations are refused with CapacityExceeded when they would overfill a session.
    A cancellation frees a place: with the panel's automatic promotion the first person
    on the waiting list gets it in the same transaction, otherwise the editors are told.
    """
    ids = [r.pk for r in registrations]
    if not ids:
        return Outcome()
    outcome = Outcome()
    with transaction.atomic():
        session_ids = Registration.objects.filter(pk__in=ids).values_list("session_id", flat=True)
        sessions = _lock_sessions(session_ids)
        locked = list(
            Registration.objects.select_for_update().filter(pk__in=ids).order_by("created_at", "pk")
        )
        refused = [r for r in locked if r.is_anonymised or not r.can_change_to(to_state)]
        if refused:
            raise InvalidTransition(
                _("%(count)s of the selected applications cannot become “%(state)s”.")
                % {"count": len(refused), "state": State(to_state).label}
            )
        if to_state == State.CONFIRMED:
            wanted = Counter(r.session_id for r in locked)
            for session_id, count in wanted.items():
                session = sessions[session_id]
                free = session.capacity_max - _confirmed_count(session)
                if count > free:
                    raise CapacityExceeded(
                        _(
                            "%(city)s has %(free)s free place(s); %(count)s were selected. "
                            "Nothing was changed."
                        )
                        % {"city": session.city, "free": max(free, 0), "count": count}
                    )
        delta = Counter()
        for registration in locked:
            registration.session = sessions[registration.session_id]
            from_state = _record(registration, to_state, actor=actor, user=user, note=note)
            if to_state == State.CONFIRMED:
                delta[registration.session_id] += 1
            elif from_state == State.CONFIRMED:
                delta[registration.session_id] -= 1
            outcome.changed.append(registration)
            _mail_state(registration, from_state, actor=actor)
        _apply_delta(delta)
        for session_id, change in delta.items():
            if change < 0:
                session = sessions[session_id]
                session.refresh_from_db(fields=["confirmed_count"])
                outcome.promoted += _after_place_freed(session)
                outcome.freed_sessions.append(session)
    return outcome


def _apply_delta(delta):
    for session_id, change in delta.items():
        if change:
            # The check constraint confirmed_count <= capacity_max fails this update,
            # and with it the transaction, should the lock above ever be bypassed.
            PanelSession.objects.filter(pk=session_id).update(
                confirmed_count=F("confirmed_count") + change
            )


def _waiting_list(session):
    return session.registrations.filter(
        state=State.WAITLISTED, anonymised_at__isnull=True
    ).order_by("created_at", "pk")


def _after_place_freed(session):
    """Inside the locked transaction: promote automatically, or tell the editors."""
    if session.panel.auto_promote and session.state() != SessionState.HELD:
        return _promote(session, limit=None, user=None, actor=Actor.SYSTEM)
    mail_editors(
        editor_recipients(session.panel),
        "editors_place_freed",
        {
            "session": session,
            "panel": session.panel,
            "waiting": _waiting_list(session).count(),
            "free": session.capacity_max - _confirmed_count(session),
            "selection_url": selection_url(session),
        },
    )
    return []


def _promote(session, *, limit, user, actor):
    """Confirm waiting-list applicants first come, first served, up to the free places."""
    free = session.capacity_max - _confirmed_count(session)
    if limit is not None:
        free = min(free, limit)
    if free <= 0:
        return []
    promoted = list(_waiting_list(session).select_for_update()[:free])
    note = str(_("promoted from the waiting list"))
    for registration in promoted:
        registration.session = session
        _record(registration, State.CONFIRMED, actor=actor, user=user, note=note)
        _mail_state(registration, State.WAITLISTED, actor=actor, promoted=True)
    _apply_delta({session.pk: len(promoted)})
    return promoted


def promote_next(session, *, user=None, count=1):
    """An editor gives free places to the first ``count`` people on the waiting list."""
    with transaction.atomic():
        locked = _lock_sessions([session.pk])[session.pk]
        promoted = _promote(locked, limit=count, user=user, actor=Actor.EDITOR)
    if not promoted:
        raise CapacityExceeded(_("There is no free place or nobody is on the waiting list."))
    return promoted


def confirm(registrations, *, user=None):
    """Confirm applicants, never beyond the session's maximum."""
    return change_state(registrations, State.CONFIRMED, user=user)


def waitlist(registrations, *, user=None):
    """Put applicants on the waiting list."""
    return change_state(registrations, State.WAITLISTED, user=user)


def decline(registrations, *, user=None):
    """Decline applicants."""
    return change_state(registrations, State.DECLINED, user=user)


def cancel(registrations, *, user=None):
    """An editor cancels confirmed places."""
    return change_state(registrations, State.CANCELLED, user=user)


def withdraw(registration):
    """The applicant leaves through their personal link: cancel a place, or withdraw.

    Decided under the session's lock, so a simultaneous decision by an editor is seen.
    """
    with transaction.atomic():
        _lock_sessions([registration.session_id])
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if not current.can_withdraw:
            raise NotAllowed(_("This application can no longer be withdrawn."))
        to_state = State.CANCELLED if current.state == State.CONFIRMED else State.WITHDRAWN
        return change_state([current], to_state, actor=Actor.APPLICANT)


# --- Forgetting ---------------------------------------------------------------------


def anonymise(queryset, now=None):
    """Blank the personal fields of registrations and kill their personal links.

    Profession and municipality stay, unlinked from any person, so organisers can still
    count who took part; nothing else that could identify someone survives.
    """
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        for registration in queryset.select_for_update().filter(anonymised_at__isnull=True):
            registration.name = ""
            registration.email = ""
            registration.email_normalised = ""
            registration.organisation = ""
            registration.profession_other = ""
            registration.years_experience = None
            registration.motivation = ""
            registration.needs = ""
            registration.user = None
            registration.second_choice = None
            registration.token = new_token()
            registration.anonymised_at = now
            registration.save()
            count += 1
    return count


def erase(registration):
    """The applicant erases their data after withdrawing, cancelling or being declined."""
    if not registration.can_erase:
        raise NotAllowed(_("Withdraw your application before erasing your data."))
    return anonymise(Registration.objects.filter(pk=registration.pk))


def purge(now=None, days=None):
    """Anonymise every registration whose session ended more than ``days`` days ago."""
    now = now or timezone.now()
    days = get_setting("PANELS_PURGE_AFTER_DAYS") if days is None else days
    cutoff = timezone.localdate(now) - datetime.timedelta(days=days)
    return anonymise(Registration.objects.filter(session__date__lt=cutoff), now=now)


# --- Selecting a diverse group ------------------------------------------------------

ATTRIBUTES = (
    ("profession", "profession_key", _("profession")),
    ("region", "region_key", _("region")),
    ("organisation", "organisation_key", _("organisation")),
)


def _display(registration, attribute):
    if attribute == "profession":
        return registration.profession_display
    if attribute == "region":
        return " ".join(registration.municipality.split())
    return " ".join(registration.organisation.split())


@dataclass
class Composition:
    """Counts per profession, region and organisation, and the kinds that dominate."""

    size: int
    counts: dict
    warnings: list


def composition(registrations):
    """The make-up of a group, with a warning for every value above the dominance share."""
    registrations = list(registrations)
    size = len(registrations)
    share = get_setting("PANELS_DOMINANCE_SHARE")
    counts = {}
    warnings = []
    for attribute, key, label in ATTRIBUTES:
        tally = Counter()
        names = {}
        for registration in registrations:
            value = getattr(registration, key)
            tally[value] += 1
            names.setdefault(value, _display(registration, attribute))
        rows = sorted(
            ((names[value], number) for value, number in tally.items()),
            key=lambda row: (-row[1], row[0].casefold()),
        )
        counts[attribute] = rows
        if size >= 3:
            for name, number in rows:
                if number / size > share:
                    warnings.append(
                        _(
                            "%(number)s of %(size)s are from one %(attribute)s "
                            "(%(name)s): the group is not diverse on %(attribute)s."
                        )
                        % {"number": number, "size": size, "attribute": label, "name": name}
                    )
    return Composition(size=size, counts=counts, warnings=warnings)


@dataclass
class Pick:
    registration: Registration
    reasons: list


@dataclass
class Suggestion:
    """A proposed group: who is already confirmed, who to add and why, who is left out."""

    confirmed: list
    picks: list
    left_out: list
    capacity: int

    @property
    def group(self):
        return self.confirmed + [pick.registration for pick in self.picks]


def suggest_group(session):
    """Propose up to the session's maximum, greedily maximising spread; deterministic.

    Starting from the confirmed participants, each step adds the undecided or waiting
    applicant who shares profession, region and organisation with the fewest people
    already in the group (ties: fewest sharing the profession, then the region, then the
    organisation, then the earliest application). Same data, same proposal.
    """
    candidates = list(
        session.registrations.filter(
            anonymised_at__isnull=True,
            state__in=[State.CONFIRMED, State.APPLIED, State.WAITLISTED],
        ).order_by("created_at", "pk")
    )
    confirmed = [r for r in candidates if r.state == State.CONFIRMED]
    pool = [r for r in candidates if r.state != State.CONFIRMED]
    tallies = {attribute: Counter() for attribute, _key, _label in ATTRIBUTES}
    for registration in confirmed:
        for attribute, key, _label in ATTRIBUTES:
            tallies[attribute][getattr(registration, key)] += 1

    def overlap(registration):
        shares = tuple(tallies[a][getattr(registration, k)] for a, k, _label in ATTRIBUTES)
        return (sum(shares), *shares)

    picks = []
    while pool and len(confirmed) + len(picks) < session.capacity_max:
        ranked = sorted(pool, key=lambda r: (*overlap(r), r.created_at, r.pk))
        best = ranked[0]
        reasons = []
        for attribute, key, label in ATTRIBUTES:
            already = tallies[attribute][getattr(best, key)]
            name = _display(best, attribute)
            if already == 0:
                reasons.append(
                    _("new %(attribute)s: %(name)s") % {"attribute": label, "name": name}
                )
            else:
                reasons.append(
                    _("%(attribute)s %(name)s already in the group %(count)s×")
                    % {"attribute": label, "name": name, "count": already}
                )
        if len(ranked) > 1 and overlap(ranked[1]) == overlap(best):
            reasons.append(_("equally varied as others; applied earliest"))
        picks.append(Pick(best, reasons))
        for attribute, key, _label in ATTRIBUTES:
            tallies[attribute][getattr(best, key)] += 1
        pool.remove(best)
    return Suggestion(
        confirmed=confirmed, picks=picks, left_out=pool, capacity=session.capacity_max
    )


# --- Telling the editors, reminding -------------------------------------------------


def editor_recipients(panel):
    """Who hears about a panel: its contact persons, else everyone who may decide."""
    emails = [person.email for person in panel.contact_persons.all() if person.email]
    if emails:
        return sorted(set(emails))
    permission = Permission.objects.filter(
        content_type__app_label="panels", codename="change_registration"
    ).first()
    deciders = Q(is_superuser=True)
    if permission is not None:
        deciders |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    users = get_user_model().objects.filter(deciders, is_active=True).exclude(email="")
    return sorted({user.email for user in users.distinct()})


def deadline_status(session, today=None):
    """How close the confirmation deadline is: "passed", "near" or "" (plenty of time)."""
    today = today or timezone.localdate()
    deadline = session.effective_confirmation_deadline
    if session.date < today:
        return ""
    if deadline < today:
        return "passed"
    if (deadline - today).days <= get_setting("PANELS_DEADLINE_WARNING_DAYS"):
        return "near"
    return ""


def group_needs_attention(session):
    """A group is not settled while applicants await a decision or it is below the minimum."""
    undecided = session.registrations.filter(
        state=State.APPLIED, anonymised_at__isnull=True
    ).count()
    return undecided, _confirmed_count(session) < session.capacity_min


def _claim(key, kind, session, registration=None):
    """Record a reminder as sent; False when some earlier (or parallel) run already did."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                key=key, kind=kind, session=session, registration=registration
            )
    except IntegrityError:
        return False
    return True


def send_reminders(now=None):
    """Send the day's reminders once: contact persons before a deadline, participants
    before their session. Safe to run as often as you like."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = {"contacts": 0, "participants": 0}

    contact_days = get_setting("PANELS_CONTACT_REMINDER_DAYS")
    for session in PanelSession.objects.select_related("panel").filter(date__gte=today):
        deadline = session.effective_confirmation_deadline
        if not (deadline - datetime.timedelta(days=contact_days) <= today <= deadline):
            continue
        undecided, below_minimum = group_needs_attention(session)
        if not (undecided or below_minimum):
            continue
        with transaction.atomic():
            key = f"deadline:{session.pk}:{deadline.isoformat()}"
            if not _claim(key, SentReminder.Kind.CONFIRMATION_DEADLINE, session):
                continue
            mail_editors(
                editor_recipients(session.panel),
                "editors_deadline_reminder",
                {
                    "session": session,
                    "panel": session.panel,
                    "deadline": deadline,
                    "undecided": undecided,
                    "below_minimum": below_minimum,
                    "confirmed": _confirmed_count(session),
                    "selection_url": selection_url(session),
                },
            )
            sent["contacts"] += 1

    participant_days = get_setting("PANELS_PARTICIPANT_REMINDER_DAYS")
    upcoming = Registration.objects.select_related("session__panel").filter(
        state=State.CONFIRMED,
        anonymised_at__isnull=True,
        session__date__gte=today,
        session__date__lte=today + datetime.timedelta(days=participant_days),
    )
    for registration in upcoming:
        if registration.session.starts_at <= now:
            continue
        with transaction.atomic():
            key = f"session:{registration.pk}:{registration.session.date.isoformat()}"
            if not _claim(key, SentReminder.Kind.SESSION, registration.session, registration):
                continue
            mail_applicant(registration, "session_reminder")
            sent["participants"] += 1
    return sent
