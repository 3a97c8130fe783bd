"""Applications for a panel session, their state history, and the reminders already sent.

Registrations are plain rows with a foreign key to the session, never part of a page or
snippet revision: editing or publishing anything must not copy personal data around.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from community.vocabulary import Profession


def new_token():
    """An unguessable token for the applicant's personal link (256 bits)."""
    return secrets.token_urlsafe(32)


def normalise_email(email):
    """The form duplicates are compared in: trimmed and lower-cased."""
    return (email or "").strip().lower()


def normalise_label(value):
    """Folds case and whitespace, so "NJI " and "nji" count as one organisation or region."""
    return " ".join((value or "").split()).casefold()


class RegistrationState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which state may follow which. Confirmations additionally need a free place, which
# only panels.services can check under the session's lock.
TRANSITIONS = {
    RegistrationState.APPLIED: {
        RegistrationState.CONFIRMED,
        RegistrationState.WAITLISTED,
        RegistrationState.DECLINED,
        RegistrationState.WITHDRAWN,
    },
    RegistrationState.WAITLISTED: {
        RegistrationState.CONFIRMED,
        RegistrationState.DECLINED,
        RegistrationState.WITHDRAWN,
    },
    RegistrationState.CONFIRMED: {RegistrationState.CANCELLED},
}

# States in which the applicant has left the process and may erase their data.
CLOSED_STATES = frozenset(
    {RegistrationState.DECLINED, RegistrationState.CANCELLED, RegistrationState.WITHDRAWN}
)


class Registration(models.Model):
    """One person's application for one panel session, decided on by the organisers."""

    session = models.ForeignKey(
        "panels.PanelSession",
        # A session with applications cannot be deleted by accident (the panel form
        # refuses it with a message); its applicants must be told first.
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("session"),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RegistrationState.choices,
        default=RegistrationState.APPLIED,
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    email_normalised = models.CharField(max_length=254, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200)
    profession = models.CharField(_("profession"), max_length=32, choices=Profession.choices)
    profession_other = models.CharField(_("other profession"), max_length=100, blank=True)
    municipality = models.CharField(
        _("municipality"), max_length=100, help_text=_("The region you work in.")
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    motivation = models.TextField(_("motivation or experience with polarisation"))
    needs = models.TextField(_("accessibility or dietary needs"), blank=True)
    second_choice = models.ForeignKey(
        "panels.PanelSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="second_choice_registrations",
        verbose_name=_("second choice"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_registrations",
        verbose_name=_("member account"),
    )
    consent_given_at = models.DateTimeField(_("consent given at"), null=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    # What an applicant fills in, in the form's order: the application form, apply() and
    # the admin's export and inspect view all take their fields from here.
    APPLICATION_FIELDS = (
        "name",
        "email",
        "organisation",
        "profession",
        "profession_other",
        "municipality",
        "years_experience",
        "motivation",
        "needs",
        "second_choice",
    )

    # What editors may correct in the admin, e.g. to merge "NJI" and "Nederlands
    # Jeugdinstituut" before judging spread. State changes go through the selection view.
    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("profession"), FieldPanel("profession_other")]),
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("years_experience")]),
        FieldPanel("needs"),
    ]

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email_normalised"],
                condition=models.Q(anonymised_at__isnull=True),
                name="panels_registration_one_per_email_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=RegistrationState.values),
                name="panels_registration_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["session", "state"], name="panels_reg_session_state")]

    def __str__(self):
        # Deliberately without the applicant's name: this text ends up in admin logs,
        # which outlive the anonymisation of the registration itself.
        return _("Application %(number)s for %(session)s") % {
            "number": self.pk or "–",
            "session": self.session.city if self.session_id else "–",
        }

    def save(self, *args, **kwargs):
        if self.anonymised_at is None:
            self.email_normalised = normalise_email(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_normalised"}
        super().save(*args, **kwargs)

    def can_change_to(self, state):
        return state in TRANSITIONS.get(self.state, set())

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    @property
    def can_withdraw(self):
        """Applicants may leave until their session has taken place."""
        return (
            not self.is_anonymised
            and self.state
            in (
                RegistrationState.APPLIED,
                RegistrationState.WAITLISTED,
                RegistrationState.CONFIRMED,
            )
            and self.session.ends_at > timezone.now()
        )

    @property
    def can_erase(self):
        return not self.is_anonymised and self.state in CLOSED_STATES

    @property
    def profession_display(self):
        """The profession as shown to editors: the free text for "other"."""
        if self.profession == Profession.OTHER and self.profession_other:
            return f"{self.get_profession_display()}: {self.profession_other}"
        return self.get_profession_display()

    # The three attributes the diversity of a group is judged on, normalised.
    @property
    def profession_key(self):
        if self.profession == Profession.OTHER and self.profession_other:
            return f"other:{normalise_label(self.profession_other)}"
        return self.profession

    @property
    def region_key(self):
        return normalise_label(self.municipality)

    @property
    def organisation_key(self):
        return normalise_label(self.organisation)


class RegistrationStateChange(models.Model):
    """One change of a registration's state: from what, to what, by whom and when."""

    class Actor(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        EDITOR = "editor", _("Editor")
        SYSTEM = "system", _("System")

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="state_changes",
        verbose_name=_("registration"),
    )
    from_state = models.CharField(
        _("from"), max_length=20, blank=True, choices=RegistrationState.choices
    )
    to_state = models.CharField(_("to"), max_length=20, choices=RegistrationState.choices)
    actor = models.CharField(_("by"), max_length=20, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("registration state change")
        verbose_name_plural = _("registration state changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_state or '–'} → {self.to_state}"

    @property
    def actor_display(self):
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.get_actor_display()


class SentReminder(models.Model):
    """Marks a reminder as sent, so the daily reminder command never sends it twice."""

    class Kind(models.TextChoices):
        CONFIRMATION_DEADLINE = "deadline", _("Confirmation deadline (contact persons)")
        SESSION = "session", _("Upcoming session (participant)")

    # e.g. "deadline:12:2026-09-14" or "session:345:2026-09-28": the date is part of the
    # key so that moving a deadline or a session earns a fresh reminder.
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    session = models.ForeignKey(
        "panels.PanelSession", on_delete=models.CASCADE, related_name="sent_reminders"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")

    def __str__(self):
        return self.key
