"""What the panels app contributes to topic pages and search: panel sessions, whose topics
are their panel's. Imported by PanelsConfig.ready()."""

from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.discovery import DiscoveryKind, register

from .models import PanelSession


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


register(SessionKind())
