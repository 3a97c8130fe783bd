"""What the panels app contributes to topic pages and search: panel sessions, whose topics
are their panel's. Imported by PanelsConfig.ready()."""

from django.db.models import Case, F, When
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from community.discovery import DiscoveryKind, register
from community.search import SearchEntry

from .models import Panel, PanelSession


class SessionKind(DiscoveryKind):
    """Every session of every panel (panels have no draft state; a held session stays on
    its panel's page), the coming ones first and soonest first, then the held ones."""

    key = "sessions"
    position = 40
    label = _("Panel sessions")
    template = "panels/includes/discovery_session.html"
    model = PanelSession
    topic_field = "panel__tagged_items__tag"
    province_fields = ("province",)
    date_field = "date"

    def public(self):
        return PanelSession.objects.all()

    def ordered(self, queryset):
        today = timezone.localdate()
        return queryset.annotate(
            coming_date=Case(When(date__gte=today, then=F("date"))),
            held_date=Case(When(date__lt=today, then=F("date"))),
        ).order_by(
            F("coming_date").asc(nulls_last=True),
            F("held_date").desc(nulls_last=True),
            "start_time",
            "pk",
        )

    def for_cards(self, queryset):
        return queryset.select_related("panel")

    search_label = _("Panel session")

    def search_entry(self, item, request):
        # Never the venue: it is for confirmed participants only.
        return SearchEntry(
            kind_label=self.search_label,
            title=f"{item.panel.title} – {item.city}",
            url=item.panel.get_absolute_url(),
            text=item.panel.description,
            details=[item.label, item.get_province_display(), item.current_state.label],
        )


def reindex_sessions(sender, instance, raw=False, **kwargs):
    """A session is found by its panel's title and description (``index.RelatedFields``), so
    saving a panel indexes its sessions again; Wagtail only reindexes the object saved."""
    if raw:
        return
    for session in instance.sessions.all():
        index.insert_or_update_object(session)


register(SessionKind())
post_save.connect(reindex_sessions, sender=Panel, dispatch_uid="panels_reindex_sessions")
