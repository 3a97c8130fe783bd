"""Focus-group panels: a series (Panel) and its regional sessions (PanelSession)."""

import datetime

from django.db import models
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase

from community.models import Topic

CONFIRMATION_LEAD_DAYS = 14


class PanelTopic(ItemBase):
    """Links a panel to a community topic."""

    tag = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="tagged_panels"
    )
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
        related_name="panels",
        verbose_name=_("contact persons"),
    )
    topics = ClusterTaggableManager(
        through=PanelTopic, blank=True, verbose_name=_("topics")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("organiser"),
        FieldPanel("description"),
        FieldPanel("contact_persons"),
        FieldPanel("topics"),
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session")),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["title"]

    def __str__(self):
        return self.title


class PanelSession(ClusterableModel):
    """One regional meeting of a panel; the venue is private to confirmed participants."""

    panel = ParentalKey(Panel, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    city = models.CharField(_("city"), max_length=100)
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

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("city"),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address")], heading=_("Venue")
        ),
        FieldRowPanel([FieldPanel("capacity_min"), FieldPanel("capacity_max")]),
        FieldPanel("confirmation_deadline"),
    ]

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
        ]

    def __str__(self):
        return f"{self.panel} – {self.city}, {date_format(self.date, 'j F Y')}"

    def save(self, *args, **kwargs):
        if self.confirmation_deadline is None and self.date:
            self.confirmation_deadline = self.date - datetime.timedelta(days=CONFIRMATION_LEAD_DAYS)
        super().save(*args, **kwargs)

    @property
    def label(self):
        """The seed's wording, e.g. "Woensdag 28 september (10:00 – 12:00 uur) in Venlo"."""
        return _("%(day)s (%(start)s – %(end)s) in %(city)s") % {
            "day": date_format(self.date, "l j F").capitalize(),
            "start": time_format(self.start_time, "H:i"),
            "end": time_format(self.end_time, "H:i"),
            "city": self.city,
        }
