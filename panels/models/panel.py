"""Focus-group panels: a series (Panel) and its regional sessions (PanelSession)."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from community.models import Topic
from community.vocabulary import Province

from ..conf import get_setting

CONFIRMATION_LEAD_DAYS = 14


class PanelTopic(ItemBase):
    """Links a panel to a community topic."""

    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_panels")
    content_object = ParentalKey(
        "panels.Panel", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Panel(index.Indexed, ClusterableModel):
    """A series of focus-group sessions, e.g. "Panelgesprekken polarisatie 2022"."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    contact_persons = ParentalManyToManyField(
        "community.ContactPerson",
        blank=True,
        related_name="contact_for_panels",
        verbose_name=_("contact persons"),
    )
    topics = ClusterTaggableManager(through=PanelTopic, blank=True, verbose_name=_("topics"))
    auto_promote = models.BooleanField(
        _("promote from the waiting list automatically"),
        default=False,
        help_text=_(
            "When a confirmed participant cancels, the first person on the waiting list "
            "(first come, first served) gets the place without an editor deciding."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("organiser"),
        FieldPanel("description"),
        FieldPanel("contact_persons"),
        FieldPanel("topics"),
        FieldPanel("auto_promote"),
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session")),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("organiser"),
        index.AutocompleteField("title"),
        # The search page narrows a search to a filtered queryset by id.
        index.FilterField("id"),
    ]

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("panels:panel_detail", kwargs={"slug": self.slug})


class SessionState(models.TextChoices):
    """What a visitor can still do for a session."""

    OPEN = "open", _("Open")
    WAITLIST = "waitlist", _("Waiting list only")
    CLOSED = "closed", _("Closed")
    HELD = "held", _("Held")


class PanelSession(index.Indexed, ClusterableModel):
    """One regional meeting of a panel; the venue is private to confirmed participants."""

    panel = ParentalKey(Panel, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(
        _("province"), max_length=20, choices=Province.choices, blank=True, db_index=True
    )
    venue_name = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("Only sent to confirmed participants.")
    )
    venue_address = models.TextField(
        _("venue address"), blank=True, help_text=_("Only sent to confirmed participants.")
    )
    capacity_min = models.PositiveSmallIntegerField(_("minimum participants"), default=6)
    capacity_max = models.PositiveSmallIntegerField(_("maximum participants"), default=8)
    confirmation_deadline = models.DateField(
        _("confirmation deadline"),
        null=True,
        blank=True,
        help_text=_("Applicants hear by this date. Default: two weeks before the session."),
    )
    application_deadline = models.DateField(
        _("application deadline"),
        null=True,
        blank=True,
        help_text=_(
            "The last day visitors can apply. Default: the confirmation deadline. "
            "Editors can still confirm and promote after it."
        ),
    )
    # A locked counter kept by panels.services in the same transaction as every
    # confirmation or cancellation; the check constraint below is the database's
    # backstop against overbooking should the locking ever be bypassed.
    confirmed_count = models.PositiveSmallIntegerField(
        _("confirmed participants"), default=0, editable=False
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("city"), FieldPanel("province")]),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address")], heading=_("Venue")
        ),
        FieldRowPanel([FieldPanel("capacity_min"), FieldPanel("capacity_max")]),
        FieldRowPanel([FieldPanel("application_deadline"), FieldPanel("confirmation_deadline")]),
    ]

    # Found by its panel's words and its city. The venue is private to confirmed participants,
    # so venue_name and venue_address must never be indexed.
    search_fields = [
        index.SearchField("city"),
        index.RelatedFields(
            "panel",
            [
                index.SearchField("title"),
                index.SearchField("description"),
                index.SearchField("organiser"),
            ],
        ),
        index.FilterField("id"),
        index.FilterField("panel"),
        index.FilterField("date"),
        index.FilterField("province"),
    ]

    # Fields that only panels.services writes. A save from the panel's edit form
    # (modelcluster saves every inline child) must not overwrite them with the stale
    # values it loaded when the editor opened the form.
    SERVICE_OWNED_FIELDS = frozenset({"confirmed_count"})

    class Meta:
        verbose_name = _("panel session")
        verbose_name_plural = _("panel sessions")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity_min__lte=models.F("capacity_max")),
                name="panels_session_capacity_min_lte_max",
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="panels_session_starts_before_it_ends",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_count__lte=models.F("capacity_max")),
                name="panels_session_never_overbooked",
            ),
        ]

    def __str__(self):
        return f"{self.panel} – {self.city}, {date_format(self.date, 'j F Y')}"

    def save(self, *args, **kwargs):
        if self.date:
            if self.confirmation_deadline is None:
                self.confirmation_deadline = self.date - datetime.timedelta(
                    days=CONFIRMATION_LEAD_DAYS
                )
            if self.application_deadline is None:
                self.application_deadline = self.confirmation_deadline
        if not self._state.adding and self.pk and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.SERVICE_OWNED_FIELDS
            ]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.date:
            if self.confirmation_deadline and self.confirmation_deadline > self.date:
                errors["confirmation_deadline"] = _(
                    "The confirmation deadline cannot be after the session."
                )
            if self.application_deadline and self.application_deadline > self.date:
                errors["application_deadline"] = _(
                    "The application deadline cannot be after the session."
                )
        if (
            self.confirmation_deadline
            and self.application_deadline
            and self.application_deadline > self.confirmation_deadline
        ):
            errors["application_deadline"] = _(
                "Applications must close on or before the confirmation deadline."
            )
        if self.pk and self.capacity_max is not None:
            confirmed = self.registrations.filter(state="confirmed").count()
            if self.capacity_max < confirmed:
                errors["capacity_max"] = _(
                    "%(count)s participants are already confirmed; cancel some before "
                    "lowering the maximum below that."
                ) % {"count": confirmed}
        if errors:
            raise ValidationError(errors)

    @property
    def label(self):
        """The seed's wording, e.g. "Woensdag 28 september (10:00 – 12:00 uur) in Venlo"."""
        return _("%(day)s (%(start)s – %(end)s) in %(city)s") % {
            "day": date_format(self.date, "l j F").capitalize(),
            "start": time_format(self.start_time, "H:i"),
            "end": time_format(self.end_time, "H:i"),
            "city": self.city,
        }

    @cached_property
    def time_zone(self):
        return ZoneInfo(get_setting("PANELS_TIME_ZONE"))

    @property
    def starts_at(self):
        """The start as an aware datetime in the sessions' time zone."""
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=self.time_zone)

    @property
    def ends_at(self):
        """The end as an aware datetime in the sessions' time zone."""
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=self.time_zone)

    @property
    def effective_confirmation_deadline(self):
        """The confirmation deadline, defaulting to two weeks before the session."""
        return self.confirmation_deadline or self.date - datetime.timedelta(
            days=CONFIRMATION_LEAD_DAYS
        )

    @property
    def effective_application_deadline(self):
        """The last day to apply, defaulting to the confirmation deadline."""
        return self.application_deadline or self.effective_confirmation_deadline

    @property
    def places_left(self):
        return max(self.capacity_max - self.confirmed_count, 0)

    def state(self, now=None):
        """The session's public state: held, closed, waiting list only, or open."""
        now = (now or timezone.now()).astimezone(self.time_zone)
        if now >= self.ends_at:
            return SessionState.HELD
        if now.date() > self.effective_application_deadline:
            return SessionState.CLOSED
        if self.confirmed_count >= self.capacity_max:
            return SessionState.WAITLIST
        return SessionState.OPEN

    @property
    def current_state(self):
        """The state now, for templates."""
        return self.state()

    @property
    def accepts_applications(self):
        return self.current_state in (SessionState.OPEN, SessionState.WAITLIST)
